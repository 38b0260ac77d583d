package io.sluice.crash;

import static io.sluice.crash.FaultTesting.property;
import static io.sluice.crash.FaultTesting.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash harness against SQLite and PostgreSQL, with the write-ahead log (acknowledged without waiting
 * for the flush) and with the memory buffer (acknowledged after the flush). The normal suite kills each
 * child {@value #SHORT_KILLS} times; {@code -Dsluice.crash.kills=300} runs the long version, and
 * {@code -Dsluice.crash.configs=sqlite-wal,postgresql-wal} picks configurations (see the module's README).
 * Each run's figures are printed and appended to {@code target/crash-results.txt}.
 */
class CrashTest {
    static final int SHORT_KILLS = 3;

    @TempDir
    Path directory;

    static Stream<Arguments> configurations() {
        String chosen = property("sluice.crash.configs", "");
        List<String> wanted = chosen.isBlank() ? List.of() : Arrays.asList(chosen.split(","));
        return Stream.of(
                        Arguments.of("sqlite", CrashHarness.Mode.WAL),
                        Arguments.of("sqlite", CrashHarness.Mode.MEMORY),
                        Arguments.of("postgresql", CrashHarness.Mode.WAL),
                        Arguments.of("postgresql", CrashHarness.Mode.MEMORY))
                .filter(a -> wanted.isEmpty() || wanted.contains(a.get()[0] + "-" + ((CrashHarness.Mode) a.get()[1]).name().toLowerCase()));
    }

    @ParameterizedTest(name = "{0} with the {1} buffer")
    @MethodSource("configurations")
    void everyAcknowledgedRowSurvivesSigkillExactlyOnce(String storage, CrashHarness.Mode mode) throws Exception {
        CrashTarget target;
        if (storage.equals("postgresql")) {
            TestServers.requirePostgres();
            target = new CrashTarget.Postgres(directory);
        } else {
            target = new CrashTarget.Sqlite(directory);
        }
        int kills = Integer.parseInt(property("sluice.crash.kills", Integer.toString(SHORT_KILLS)));
        Assumptions.assumeTrue(kills > 0, "sluice.crash.kills = 0: no crash run");
        long seed = Long.parseLong(property("sluice.crash.seed", Long.toString(System.nanoTime())));
        CrashHarness harness = new CrashHarness(target, mode, kills, seed, 150, 900);
        CrashHarness.Result result;
        try {
            result = harness.run();
        } catch (Exception | AssertionError e) {
            throw new AssertionError("The crash run failed (seed " + seed + "); the children's log ends with:\n" + harness.childLogTail(), e);
        }
        String summary = result.summary() + " (seed " + seed + ")";
        System.out.println(summary);
        record(summary);
        try {
            assertThat(result.fatal()).as("child protocol errors").isEmpty();
            assertThat(result.roundProblems()).as("problems found after a recovery").isEmpty();
            assertThat(result.lost()).as("acknowledged rows lost; %s", summary).isZero();
            assertThat(result.duplicated()).as("rows written twice; %s", summary).isZero();
            assertThat(result.brokenGroups()).as("INSERTs written in part; %s", summary).isZero();
            assertThat(result.badPayloads()).as("rows with damaged values; %s", summary).isZero();
            assertThat(result.errors()).as("INSERTs that failed: %s", result.errorSamples()).isZero();
            assertThat(result.otherNotes()).as("WAL damage a kill cannot explain (only a torn last record can)").isEmpty();
            assertThat(result.deadLetters()).as("entries sent to the dead-letter table").isZero();
            assertThat(result.ackedRows()).as("acknowledged rows: the children must have inserted something").isPositive();
        } finally {
            if (storage.equals("postgresql")) {
                target.dropTable();
            }
        }
    }
}

package io.sluice.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process asked to exit ({@code System.exit(0)}) while many threads insert through Sluice: the shutdown hook
 * drains the buffers within {@code async_insert_shutdown_timeout_ms} and writes every acknowledged INSERT; when
 * the database does not let it (a lock held by someone else until after the deadline), it says in its log how
 * many INSERTs it could not write and where they are.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShutdownUnderLoadTest {
    private static final Pattern COULD_NOT_WRITE = Pattern.compile("Sluice shutdown of \\S+: (\\d+) buffered INSERTs were not written"
            + " within async_insert_shutdown_timeout_ms = (\\d+)(.*)");

    @TempDir
    Path directory;

    enum Buffer {
        MEMORY("wait_for_async_insert=0"),
        WAL("async_insert_buffer=wal&wait_for_async_insert=0");

        final String settings;

        Buffer(String settings) {
            this.settings = settings;
        }
    }

    private record Exit(IdSet acked, ChildReader reader, int code, long drainMillis, List<String> log) {}

    /** Runs a {@link ShutdownChild} to its exit and collects what it said. */
    private Exit run(CrashTarget target, String settings, long exitAfter) throws Exception {
        Path log = directory.resolve("child.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        Process child = ChildProcess.start(ShutdownChild.class, log, List.of(), target.sluiceUrl(settings), target.table, "0", "6",
                Long.toString(exitAfter));
        IdSet acked = new IdSet();
        ChildReader reader = new ChildReader(child, acked);
        try {
            reader.exiting().get(120, TimeUnit.SECONDS);
            long exitingAt = System.nanoTime();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exited").isTrue();
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitingAt);
            reader.join(TimeUnit.SECONDS.toMillis(30));
            return new Exit(acked, reader, child.exitValue(), drainMillis, Files.readAllLines(log));
        } finally {
            child.toHandle().destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0} buffer")
    @EnumSource(Buffer.class)
    @DisplayName("a normal exit under load writes every acknowledged INSERT within the shutdown deadline, and reports nothing lost")
    void drainsWithinTheDeadline(Buffer buffer) throws Exception {
        CrashTarget.Sqlite target = new CrashTarget.Sqlite(directory);
        target.createTable();
        long timeoutMillis = 20_000;
        Exit exit = run(target, buffer.settings + "&async_insert_shutdown_timeout_ms=" + timeoutMillis, 3_000);

        assertThat(exit.code()).as("exit code; log: %s", exit.log()).isZero();
        // Threads still inserting when the engine closes see their connection closed; nothing else may go wrong.
        assertThat(exit.reader().fatal).allMatch(line -> line.contains("connection is closed"));
        assertThat(exit.acked().size()).as("acknowledged rows").isGreaterThanOrEqualTo(3_000);
        assertThat(exit.drainMillis()).as("from the exit call to the end of the process").isLessThan(timeoutMillis + 10_000);
        assertThat(exit.log()).as("the shutdown reports nothing lost").noneMatch(line -> line.contains("were not written"))
                .noneMatch(line -> line.contains("failed to write"));
        TableCheck check = TableCheck.of(target, exit.acked(), 0);
        System.out.println(buffer + ": " + exit.reader().ackedInserts + " acknowledged INSERTs, " + check + ", drained in "
                + exit.drainMillis() + " ms");
        assertThat(check.lost()).as("acknowledged rows missing: %s", check.lostSample()).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.brokenGroups()).isZero();
    }

    @ParameterizedTest(name = "{0} buffer")
    @EnumSource(Buffer.class)
    @DisplayName("a normal exit while another connection holds the database's write lock past the deadline reports how many INSERTs it could not write, and where they are")
    void reportsWhatItCouldNotWrite(Buffer buffer) throws Exception {
        CrashTarget.Sqlite target = new CrashTarget.Sqlite(directory);
        target.createTable();
        long timeoutMillis = 1_500;
        String settings = buffer.settings + "&async_insert_shutdown_timeout_ms=" + timeoutMillis + "&sqlite_busy_timeout_ms=100"
                + "&async_insert_retry_timeout_ms=600000&async_insert_retry_max_backoff_ms=100";
        Exit exit;
        try (Connection lock = target.plain(); Statement statement = lock.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            exit = run(target, settings, 2_000);
            statement.execute("ROLLBACK");
        }
        assertThat(exit.code()).as("exit code; log: %s", exit.log()).isZero();
        String report = exit.log().stream().filter(line -> COULD_NOT_WRITE.matcher(line).find()).findFirst()
                .orElseThrow(() -> new AssertionError("no shutdown report in the child's log: " + exit.log()));
        Matcher matcher = COULD_NOT_WRITE.matcher(report);
        assertThat(matcher.find()).isTrue();
        long notWritten = Long.parseLong(matcher.group(1));
        System.out.println(buffer + ": " + exit.reader().ackedInserts + " acknowledged INSERTs; the report: " + report);
        assertThat(matcher.group(2)).isEqualTo(Long.toString(timeoutMillis));
        assertThat(notWritten).as("every acknowledged INSERT was still unwritten").isGreaterThanOrEqualTo(exit.reader().ackedInserts);
        assertThat(exit.drainMillis()).as("the shutdown gave up at its deadline").isLessThan(timeoutMillis + 15_000);
        TableCheck nothing = TableCheck.of(target, exit.acked(), 0);
        assertThat(nothing.rows()).as("the lock let nothing through").isZero();
        if (buffer == Buffer.MEMORY) {
            assertThat(matcher.group(3)).contains("lost");
            return;
        }
        assertThat(matcher.group(3)).contains("stay in the durable wal buffer");
        // The next process on the target writes them.
        Process verify = ChildProcess.start(CrashChild.class, directory.resolve("verify.log"), List.of(), "verify",
                target.sluiceUrl(buffer.settings), target.table, "0", "1");
        ChildReader reader = new ChildReader(verify, new IdSet());
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        TableCheck check = TableCheck.of(target, exit.acked(), 0);
        assertThat(check.lost()).as("acknowledged rows missing after the next start: %s", check.lostSample()).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.brokenGroups()).isZero();
    }
}

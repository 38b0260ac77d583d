package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.BenchOptions.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static BenchOptions parse(String... args) throws UsageException {
        return BenchOptions.from(Arguments.parse("bench", List.of(args), BenchOptions.VALUE_OPTIONS, BenchOptions.FLAGS));
    }

    @Test
    void theDefaultsAreTheShortRunTheReadmePromises() throws UsageException {
        BenchOptions defaults = parse();

        assertThat(defaults.scenarios()).containsExactly(Scenario.FIRE_AND_FORGET, Scenario.WAITING);
        assertThat(defaults.target()).isEqualTo(BenchTarget.Spec.temporarySqlite());
        assertThat(defaults.buffer()).isEqualTo("memory");
        assertThat(defaults.threads()).isEqualTo(8);
        assertThat(defaults.rows()).isEqualTo(500_000);
        assertThat(defaults.clients()).containsExactly(300);
        assertThat(defaults.seconds()).isEqualTo(5);
        assertThat(defaults.baselineSeconds()).isEqualTo(3);
        assertThat(defaults.formats()).containsExactly(Rows.Encoding.VALUES, Rows.Encoding.CSV, Rows.Encoding.JSON_EACH_ROW);
        assertThat(defaults.heapEntries()).isEqualTo(1_000_000);
        assertThat(defaults.heapRowBytes()).isZero();
        assertThat(defaults.heapPrepared()).isFalse();
        assertThat(defaults.warmupRows()).isEqualTo(50_000);
        assertThat(defaults.latencyMillis()).isZero();
        assertThat(defaults.settings()).isEmpty();
        assertThat(defaults.report()).isNull();
        assertThat(defaults.charts()).isNull();
        assertThat(defaults.keep()).isFalse();
        assertThat(defaults.progress()).isTrue();
        assertThat(defaults.needsBaselines()).isTrue();
    }

    @Test
    void everyOptionIsRead() throws UsageException {
        BenchOptions given = parse("--scenarios", "waiting, heap,prepared", "--target", "postgresql://127.0.0.1:5432/test?user=postgres",
                "--buffer", "WAL", "--threads", "4", "--rows", "1_000", "--clients", "1,10,100,1000,2000", "--seconds", "2",
                "--baseline-seconds", "1", "--formats", "csv,JSONEachRow", "--heap-entries", "5000", "--heap-row-bytes", "400", "--heap-prepared", "--warmup-rows", "0", "--latency-ms", "2", "--settings", "log_queries=0, async_insert_threads=1", "--report", "r.html",
                "--charts", "charts", "--keep", "--no-progress");

        // scenarios run in a fixed order, whatever the order given
        assertThat(given.scenarios()).containsExactly(Scenario.PREPARED, Scenario.WAITING, Scenario.HEAP);
        assertThat(given.target()).isEqualTo(new BenchTarget.Spec(BenchTarget.Kind.POSTGRESQL,
                "postgresql://127.0.0.1:5432/test?user=postgres"));
        assertThat(given.buffer()).isEqualTo("wal");
        assertThat(given.threads()).isEqualTo(4);
        assertThat(given.rows()).isEqualTo(1000);
        assertThat(given.clients()).containsExactly(1, 10, 100, 1000, 2000);
        assertThat(given.seconds()).isEqualTo(2);
        assertThat(given.baselineSeconds()).isEqualTo(1);
        assertThat(given.formats()).containsExactly(Rows.Encoding.CSV, Rows.Encoding.JSON_EACH_ROW);
        assertThat(given.heapEntries()).isEqualTo(5000);
        assertThat(given.heapRowBytes()).isEqualTo(400);
        assertThat(given.heapPrepared()).isTrue();
        assertThat(given.warmupRows()).isZero();
        assertThat(given.latencyMillis()).isEqualTo(2);
        assertThat(given.settings()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("log_queries", "0", "async_insert_threads", "1"));
        assertThat(given.report()).isEqualTo(Path.of("r.html").toAbsolutePath());
        assertThat(given.charts()).isEqualTo(Path.of("charts").toAbsolutePath());
        assertThat(given.keep()).isTrue();
        assertThat(given.progress()).isFalse();
    }

    @Test
    void allMeansEveryScenarioAndOnlyTheHeapNeedsNoBaselines() throws UsageException {
        assertThat(parse("--scenarios", "all").scenarios()).containsExactly(Scenario.values());
        assertThat(parse("--scenarios", "heap").needsBaselines()).isFalse();
        assertThat(parse("--scenarios", "heap,formats").needsBaselines()).isTrue();
    }

    @Test
    void latencyIsForServerTargetsOnly() throws UsageException {
        assertThat(parse("--target", "mariadb://127.0.0.1:3306/test?user=root", "--latency-ms", "1").latencyMillis()).isEqualTo(1);
        assertThat(parse("--target", "postgresql://127.0.0.1:5432/test", "--latency-ms=250").latencyMillis()).isEqualTo(250);
        // 0 is no proxy, allowed everywhere
        assertThat(parse("--latency-ms", "0").latencyMillis()).isZero();

        String sqlite = "option --latency-ms of 'sluice bench' needs a PostgreSQL or MariaDB target: an SQLite database is a "
                + "file on this machine, with no network to delay";
        assertThatThrownBy(() -> parse("--latency-ms", "2")).isInstanceOf(UsageException.class).hasMessage(sqlite);
        assertThatThrownBy(() -> parse("--file", "/tmp/x.db", "--latency-ms", "2")).hasMessage(sqlite);
        assertThatThrownBy(() -> parse("--target", "sqlite:/tmp/x.db", "--latency-ms", "2")).hasMessage(sqlite);
        assertThatThrownBy(() -> parse("--target", "postgresql://h/db", "--latency-ms", "-1"))
                .hasMessage("option --latency-ms of 'sluice bench' must be at least 0, not -1");
        assertThatThrownBy(() -> parse("--target", "postgresql://h/db", "--latency-ms", "1ms"))
                .hasMessage("option --latency-ms of 'sluice bench': '1ms' is not a whole number");
        assertThatThrownBy(() -> parse("--target", "postgresql://h/db", "--latency-ms", "10001"))
                .hasMessage("option --latency-ms of 'sluice bench' must be at most 10000, not 10001");
        assertThatThrownBy(() -> parse("--target", "postgresql://h1:5432,h2:5432/db?user=u", "--latency-ms", "1"))
                .hasMessage("option --latency-ms of 'sluice bench' needs a target naming one server as HOST:PORT, which the "
                        + "proxy stands in front of, not 'postgresql://h1:5432,h2:5432/db?user=u'");
    }

    @Test
    void aServerTargetNamesOneHostAndPortThatAProxyCanStandIn() throws UsageException {
        BenchTarget.Spec postgres = BenchTarget.Spec.parse("postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(postgres.endpoint()).isEqualTo(new BenchTarget.Spec.Endpoint("127.0.0.1", 5432));
        assertThat(postgres.via("127.0.0.1:40001").target()).isEqualTo("postgresql://127.0.0.1:40001/test?user=postgres");

        BenchTarget.Spec mariadb = BenchTarget.Spec.parse("jdbc:mariadb://db.example/test?user=root");
        assertThat(mariadb.endpoint()).isEqualTo(new BenchTarget.Spec.Endpoint("db.example", 3306));
        assertThat(mariadb.via("127.0.0.1:9").target()).isEqualTo("mariadb://127.0.0.1:9/test?user=root");

        BenchTarget.Spec noHost = BenchTarget.Spec.parse("postgresql:///test");
        assertThat(noHost.endpoint()).isEqualTo(new BenchTarget.Spec.Endpoint("localhost", 5432));
        assertThat(noHost.via("127.0.0.1:9").target()).isEqualTo("postgresql://127.0.0.1:9/test");

        BenchTarget.Spec ipv6 = BenchTarget.Spec.parse("postgresql://[::1]:5433/test");
        assertThat(ipv6.endpoint()).isEqualTo(new BenchTarget.Spec.Endpoint("::1", 5433));
        assertThat(ipv6.endpoint()).hasToString("[::1]:5433");
        assertThat(ipv6.via("127.0.0.1:9").target()).isEqualTo("postgresql://127.0.0.1:9/test");

        BenchTarget.Spec userInfo = BenchTarget.Spec.parse("mariadb://me:secret@db:3307?user=root");
        assertThat(userInfo.endpoint()).isEqualTo(new BenchTarget.Spec.Endpoint("db", 3307));
        assertThat(userInfo.via("127.0.0.1:9").target()).isEqualTo("mariadb://me:secret@127.0.0.1:9?user=root");

        assertThatThrownBy(() -> BenchTarget.Spec.parse("postgresql://h:port/db").endpoint()).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> BenchTarget.Spec.parse("mariadb://address=(host=h)(port=3306)/db").endpoint())
                .isInstanceOf(UsageException.class);
    }

    @Test
    void fileIsAnSqliteTarget() throws UsageException {
        assertThat(parse("--file", "/tmp/x.db").target()).isEqualTo(new BenchTarget.Spec(BenchTarget.Kind.SQLITE, "sqlite:/tmp/x.db"));
    }

    @Test
    void targetsAreRecognisedWithOrWithoutTheirJdbcPrefix() throws UsageException {
        assertThat(BenchTarget.Spec.parse("jdbc:mariadb://127.0.0.1:3306/test?user=root"))
                .isEqualTo(new BenchTarget.Spec(BenchTarget.Kind.MARIADB, "mariadb://127.0.0.1:3306/test?user=root"));
        assertThat(BenchTarget.Spec.parse("jdbc:sluice:postgresql://h/db"))
                .isEqualTo(new BenchTarget.Spec(BenchTarget.Kind.POSTGRESQL, "postgresql://h/db"));
        assertThat(BenchTarget.Spec.parse("SQLite:bench.db").kind()).isEqualTo(BenchTarget.Kind.SQLITE);
        assertThat(BenchTarget.Spec.parse("postgresql://h/db?user=u&password=secret&ssl=false").shown())
                .isEqualTo("postgresql://h/db?user=u&password=***&ssl=false");
    }

    @Test
    void mistakesAreReportedPrecisely() {
        assertThatThrownBy(() -> parse("--scenarios", "fire-and-forget,turbo"))
                .hasMessage("option --scenarios of 'sluice bench': unknown scenario 'turbo' (known: fire-and-forget, prepared, "
                        + "formats, waiting, heap, all)");
        assertThatThrownBy(() -> parse("--scenarios", "waiting,,heap"))
                .hasMessage("option --scenarios of 'sluice bench': empty item in 'waiting,,heap'");
        assertThatThrownBy(() -> parse("--buffer", "disk"))
                .hasMessage("option --buffer of 'sluice bench' must be memory or wal, not 'disk'");
        assertThatThrownBy(() -> parse("--clients", "1,ten"))
                .hasMessage("option --clients of 'sluice bench': 'ten' is not a whole number");
        assertThatThrownBy(() -> parse("--clients", "0"))
                .hasMessage("option --clients of 'sluice bench': each step must be between 1 and 100000, not 0");
        assertThatThrownBy(() -> parse("--clients", "10,10"))
                .hasMessage("option --clients of 'sluice bench': 10 is given twice");
        assertThatThrownBy(() -> parse("--formats", "Values,Parquet"))
                .hasMessage("option --formats of 'sluice bench': unknown format 'Parquet' (known: Values, CSV, JSONEachRow)");
        assertThatThrownBy(() -> parse("--target", "oracle://db"))
                .hasMessageStartingWith("option --target of 'sluice bench': 'oracle://db' is not a target; expected sqlite:PATH");
        assertThatThrownBy(() -> parse("--target", "postgresql:db"))
                .hasMessageStartingWith("option --target of 'sluice bench': 'postgresql:db' is not a target");
        assertThatThrownBy(() -> parse("--target", "sqlite::memory:"))
                .hasMessageStartingWith("option --target of 'sluice bench': an SQLite target is a file path");
        assertThatThrownBy(() -> parse("--target", "sqlite:a.db", "--file", "b.db"))
                .hasMessageStartingWith("options --target and --file of 'sluice bench' exclude each other");
        assertThatThrownBy(() -> parse("--settings", "log_queries"))
                .hasMessage("option --settings of 'sluice bench': 'log_queries' is not NAME=VALUE");
        assertThatThrownBy(() -> parse("--settings", "a b=1"))
                .hasMessage("option --settings of 'sluice bench': 'a b' is not a setting name");
        assertThatThrownBy(() -> parse("--settings", "x=1,x=2"))
                .hasMessage("option --settings of 'sluice bench': x is given twice");
        assertThatThrownBy(() -> parse("extra")).hasMessage("'sluice bench' takes no arguments, only options: [extra]");
    }
}

package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code sluice bench} end to end with tiny sizes: every scenario against a real SQLite file, and the
 * server targets against the real PostgreSQL and MariaDB. Each run checks every table's row count itself
 * and exits 1 when a row is missing.
 */
class BenchIntegrationTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return SluiceCli.run(all, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyScenarioRunsOnSqliteAndWritesTheReport(@TempDir Path directory) throws Exception {
        Path report = directory.resolve("report/bench.html");
        Path charts = directory.resolve("charts");

        int status = bench("--file", directory.resolve("bench.db").toString(), "--scenarios", "all", "--threads", "2",
                "--rows", "3000", "--clients", "1,4", "--seconds", "1", "--baseline-seconds", "1", "--formats", "CSV,JSONEachRow",
                "--heap-entries", "20000", "--warmup-rows", "2000", "--report", report.toString(), "--charts", charts.toString(), "--no-progress");

        assertThat(status).as(out() + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out()).contains("Sluice bench: fire-and-forget, prepared, formats, waiting [1, 4], heap into SQLite, buffer memory")
                .contains("plain JDBC, autocommit").contains("plain JDBC, bulk load")
                .containsPattern("warm-up +2,000 rows per path, [1-5] rounds?( until the JIT settled|, the JIT still compiling) \\(JIT [0-9.]+% of"
                        + " the last round's CPU\\), not measured \\([0-9.]+ s\\); each round also 2,000 through 2 waiting clients,"
                        + " the first then one for 3 s")
                .containsPattern("plain JDBC, bulk load .* µs CPU/row, JIT [0-9,]+ ms")
                .contains("fire-and-forget, 2 threads")
                .contains("statement text, 2 threads").contains("PreparedStatement, 2 threads").contains("FORMAT CSV, 2 threads")
                .contains("FORMAT JSONEachRow, 2 threads").contains("1 waiting client ").contains("4 waiting clients")
                .contains("heap: 20,000 buffered entries").contains("hand-written batcher, 2 threads")
                .contains(" plain autocommit INSERTs, ").contains(" a hand-written batcher, ").contains(" the bulk load")
                .contains("CPU per row written: ").doesNotContain("goal")
                .contains("Every row sent was written.");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("FAILED").doesNotContain("Warning").doesNotContain("\r");

        Document document = Xml.parse(Files.readString(report));
        String text = document.getDocumentElement().getTextContent();
        assertThat(text).contains("PreparedStatement, 2 threads").contains("heap grew").contains("4 waiting clients");
        int svgs = document.getElementsByTagName("svg").getLength();
        try (Stream<Path> files = Files.list(charts)) {
            assertThat(files.filter(file -> file.toString().endsWith(".svg")).count()).isEqualTo(svgs);
        }
        // without --keep the databases are gone
        assertThat(directory.resolve("bench.db")).doesNotExist();
        assertThat(directory.resolve("bench.db.baseline.db")).doesNotExist();
    }

    @Test
    void theWalBufferIsChosenByFlag(@TempDir Path directory) {
        int status = bench("--file", directory.resolve("wal.db").toString(), "--buffer", "wal", "--scenarios", "fire-and-forget",
                "--threads", "2", "--rows", "2000", "--baseline-seconds", "1", "--warmup-rows", "0", "--no-progress", "--keep");

        assertThat(status).as(out()).isZero();
        assertThat(out()).contains("into SQLite, buffer wal").doesNotContain("warm-up").contains("Every row sent was written.");
        assertThat(directory.resolve("wal.db.sluice-wal")).isDirectory();
    }

    @Test
    void postgresqlIsComparedWithAutocommitAndCopy() throws Exception {
        BenchServers.requirePostgres();

        int status = bench("--target", BenchServers.POSTGRES_TARGET, "--threads", "2", "--rows", "3000", "--clients", "3",
                "--seconds", "1", "--baseline-seconds", "1", "--warmup-rows", "500", "--no-progress");

        assertThat(status).as(out()).isZero();
        assertThat(out()).contains("into PostgreSQL").contains("Bulk load: COPY FROM STDIN (CopyManager, CSV).")
                .contains("hand-written batcher, 2 threads").contains(" a hand-written batcher, ").contains(" the bulk load")
                .contains("Every row sent was written.");
        assertThat(benchTables("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sluice_bench_%'")).isEmpty();
    }

    @Test
    void mariadbIsComparedWithAutocommitAndMultiRowInserts() throws Exception {
        BenchServers.requireMariaDb();

        int status = bench("--target", BenchServers.MARIADB_TARGET, "--threads", "2", "--rows", "3000", "--clients", "3",
                "--seconds", "1", "--baseline-seconds", "1", "--warmup-rows", "500", "--no-progress");

        assertThat(status).as(out()).isZero();
        assertThat(out()).contains("into MariaDB").contains("Bulk load: multi-row INSERTs of 1000 rows in one transaction.")
                .contains("hand-written batcher, 2 threads").contains(" a hand-written batcher, ").contains(" the bulk load")
                .contains("Every row sent was written.");
        assertThat(benchTables("jdbc:mariadb://127.0.0.1:3306/test?user=root&password=",
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'test' AND table_name LIKE 'sluice_bench_%'"))
                .isEmpty();
    }

    @Test
    void aLatencyPutsEveryConnectionBehindTheProxy() throws Exception {
        BenchServers.requirePostgres();

        int status = bench("--target", BenchServers.POSTGRES_TARGET, "--scenarios", "waiting", "--rows", "2000", "--clients", "2",
                "--seconds", "1", "--baseline-seconds", "1", "--warmup-rows", "0", "--latency-ms", "1", "--no-progress");

        assertThat(status).as(out()).isZero();
        assertThat(out()).containsPattern("\\nNetwork: every connection through a proxy adding 1 ms each way \\(2 ms round trip\\), "
                        + "127\\.0\\.0\\.1:[0-9]+ in front of 127\\.0\\.0\\.1:5432\\n")
                .contains("Databases: " + BenchServers.POSTGRES_TARGET + " (tables sluice_bench_")
                .contains("plain JDBC, autocommit").contains("2 waiting clients").contains("Every row sent was written.");
        assertThat(benchTables("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sluice_bench_%'")).isEmpty();
    }

    /** This JVM's benchmark tables left on a server (another run's may exist at the same time). */
    private static List<String> benchTables(String url, String query) throws Exception {
        String prefix = "sluice_bench_" + ProcessHandle.current().pid() + "_";
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                if (rows.getString(1).startsWith(prefix)) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }
}

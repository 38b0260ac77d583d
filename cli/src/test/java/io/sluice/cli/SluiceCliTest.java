package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's parsing and its sql/shell commands, on plain SQLite URLs (no engine needed). */
class SluiceCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, String... args) {
        return SluiceCli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutACommandPrintsTheUsage() {
        assertThat(run("")).isEqualTo(2);
        assertThat(err()).startsWith("Usage: sluice <command> [options]");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("", "help")).isZero();
        assertThat(out()).contains("bench [options]").contains("--clients LIST");
    }

    @Test
    void settingsPrintsTheSettingsTableAsMarkdown() throws Exception {
        assertThat(run("", "settings")).isZero();
        assertThat(out()).isEqualTo(io.sluice.engine.Engines.settingsMarkdown())
                .contains("| `async_insert_busy_timeout_max_ms` (alias `async_insert_busy_timeout_ms`) | Milliseconds | `200` | query |");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(run("", "frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("Error: unknown command 'frobnicate'\n");

        err.reset();
        assertThat(run("", "bench", "--threads", "zero")).isEqualTo(2);
        assertThat(err()).startsWith("Error: option --threads of 'sluice bench': 'zero' is not a whole number\n");

        err.reset();
    }

    @Test
    void sqlRunsEachStatementAndPrintsResults(@TempDir Path directory) {
        String url = "jdbc:sqlite:" + directory.resolve("cli.db");

        int status = run("", "sql", "--url", url, "CREATE TABLE t (id INTEGER, name TEXT)",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b'); SELECT id, name FROM t ORDER BY id;");

        assertThat(status).isZero();
        assertThat(out()).isEqualTo("""
                OK, 0 rows affected
                OK, 2 rows affected
                 id | name
                ----+------
                  1 | a
                  2 | b
                2 rows
                """);
    }

    @Test
    void sqlStopsAtTheFirstErrorWithExitCodeOne(@TempDir Path directory) {
        int status = run("", "sql", "--url", "jdbc:sqlite:" + directory.resolve("cli.db"), "SELECT * FROM missing",
                "SELECT 1");

        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("Error: ").contains("no such table: missing");
        assertThat(out()).isEmpty();
    }

    @Test
    void theShellRunsPipedStatementsWithoutPromptsUntilExit(@TempDir Path directory) {
        String input = """
                CREATE TABLE t (v INTEGER);
                INSERT INTO t
                  VALUES (1), (2);
                SELECT nonsense FROM t;
                SELECT sum(v) AS total FROM t;
                exit
                SELECT 'not run';
                """;

        int status = run(input, "shell", "--url", "jdbc:sqlite:" + directory.resolve("shell.db"));

        assertThat(status).as("a statement failed").isEqualTo(1);
        assertThat(out()).isEqualTo("""
                OK, 0 rows affected
                OK, 2 rows affected
                 total
                -------
                     3
                1 row
                """);
        assertThat(err()).startsWith("Error: ").contains("no such column: nonsense");
    }

    @Test
    void theShellLeavesAtTheEndOfThePipedInputAndRunsAStatementWithoutItsSemicolon() {
        assertThat(run("SELECT 1 AS one;\nSELECT 2 AS two", "shell", "--url", "jdbc:sqlite::memory:")).isZero();
        assertThat(out()).isEqualTo(" one\n-----\n   1\n1 row\n two\n-----\n   2\n1 row\n");
    }

    @Test
    void sqlReadsStatementsFromStandardInputWhenNoneAreGiven(@TempDir Path directory) {
        String url = "jdbc:sqlite:" + directory.resolve("stdin.db");
        int status = run("CREATE TABLE t (id INTEGER, name TEXT);\nINSERT INTO t VALUES (1, 'a,b');\n"
                + "SELECT id, name FROM t FORMAT CSV;\nSELECT * FROM missing;\nSELECT 'not run';\n", "sql", "--url", url);

        assertThat(status).isEqualTo(1);
        assertThat(out()).isEqualTo("OK, 0 rows affected\nOK, 1 row affected\nid,name\n1,\"a,b\"\n");
        assertThat(err()).contains("no such table: missing");
    }

    @Test
    void outputFormatsUseClickHouseNames(@TempDir Path directory) {
        String url = "jdbc:sqlite:" + directory.resolve("formats.db");
        String query = "SELECT 1 AS id, 'x\ty' AS name, NULL AS absent";
        assertThat(run("", "sql", "--url", url, "--format", "JSONEachRow", query)).isZero();
        assertThat(out()).isEqualTo("{\"id\":1,\"name\":\"x\\ty\",\"absent\":null}\n");
        out.reset();
        assertThat(run("", "sql", "--url", url, "--format", "TabSeparated", query)).isZero();
        assertThat(out()).isEqualTo("id\tname\tabsent\n1\tx\\ty\t\\N\n");
        out.reset();
        assertThat(run("", "sql", "--url", url, query + "\\G")).isZero();
        assertThat(out()).isEqualTo("Row 1:\n──────\nid:     1\nname:   x\\ty\nabsent: NULL\n\n1 row\n");
        err.reset();
        assertThat(run("", "sql", "--url", url, "--format", "XML", query)).isEqualTo(2);
        assertThat(err()).contains("unknown output format 'XML'");
    }

    @Test
    void anSqliteTargetKeepsItsSystemTablesInAFileBesideIt(@TempDir Path directory) {
        String target = directory.resolve("app.db").toString();
        assertThat(SluiceCli.withSystemDatabaseBeside("jdbc:sluice:sqlite:" + target))
                .isEqualTo("jdbc:sluice:sqlite:" + target + "?system_database_path=" + directory.resolve("app.system.db"));
        assertThat(SluiceCli.withSystemDatabaseBeside("jdbc:sluice:sqlite:x.db?async_insert=1"))
                .isEqualTo("jdbc:sluice:sqlite:x.db?async_insert=1&system_database_path=x.system.db");
        assertThat(SluiceCli.withSystemDatabaseBeside("jdbc:sluice:sqlite::memory:")).isEqualTo("jdbc:sluice:sqlite::memory:");
        assertThat(SluiceCli.withSystemDatabaseBeside("jdbc:sluice:postgresql://h/db")).isEqualTo("jdbc:sluice:postgresql://h/db");

        // A later call reads the query log of an earlier one.
        String url = "jdbc:sluice:sqlite:" + target;
        assertThat(run("", "sql", "--url", url, "CREATE TABLE t (id INTEGER)", "INSERT INTO t VALUES (7)")).isZero();
        out.reset();
        assertThat(run("", "sql", "--url", url, "--format", "TSV",
                "SELECT count(*) AS n FROM system.query_log WHERE query = 'INSERT INTO t VALUES'")).isZero();
        assertThat(out()).as(err()).isNotEqualTo("n\n0\n").startsWith("n\n");
        assertThat(directory.resolve("app.system.db")).isNotEmptyFile();
    }

    @Test
    void exitAndQuitAreRecognised() {
        assertThat(Shell.isExit("exit")).isTrue();
        assertThat(Shell.isExit(" QUIT; ")).isTrue();
        assertThat(Shell.isExit("exit_code")).isFalse();
    }

    @Test
    void helpListsEveryBenchScenario() {
        assertThat(run("", "help")).isZero();
        for (BenchOptions.Scenario scenario : BenchOptions.Scenario.values()) {
            assertThat(out()).contains(scenario.label);
        }
        assertThat(out()).contains("--target TARGET").contains("--report PATH").contains("--buffer memory|wal");
    }

    @Test
    void aBadBenchOptionIsAUsageErrorBeforeAnythingRuns() {
        assertThat(run("", "bench", "--scenarios", "fire-and-forget,turbo")).isEqualTo(2);
        assertThat(err()).startsWith("Error: option --scenarios of 'sluice bench': unknown scenario 'turbo'");
    }
}

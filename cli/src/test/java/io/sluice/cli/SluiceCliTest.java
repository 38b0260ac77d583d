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
        assertThat(run("", "sql")).isEqualTo(2);
        assertThat(err()).startsWith("Error: 'sluice sql' needs at least one statement\n");
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
    void theShellRunsStatementsEndedBySemicolonsUntilExit(@TempDir Path directory) {
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

        assertThat(status).isZero();
        assertThat(out()).contains("sluice> OK, 0 rows affected")
                .contains("sluice>      -> OK, 2 rows affected")
                .contains(" total\n-------\n     3\n1 row\n")
                .doesNotContain("not run");
        assertThat(err()).startsWith("Error: ").contains("no such column: nonsense");
    }

    @Test
    void theShellLeavesAtTheEndOfTheInput() {
        assertThat(run("SELECT 1 AS one;", "shell", "--url", "jdbc:sqlite::memory:")).isZero();
        assertThat(out()).contains(" one\n-----\n   1\n1 row\n").endsWith("sluice> \n");
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

package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell driven through JLine's dumb terminal over pipes: what a person types, what they see. */
class ShellTerminalTest {
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final ByteArrayOutputStream results = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private Terminal terminal;
    private Shell shell;

    @AfterEach
    void close() throws IOException {
        if (shell != null) {
            shell.close();
        }
        if (terminal != null) {
            terminal.close();
        }
    }

    private LineReader open(String url, Path history) throws Exception {
        terminal = new DumbTerminal("test", "dumb", new PipedInputStream(keyboard, 1 << 16), screen, StandardCharsets.UTF_8);
        shell = new Shell(() -> DriverManager.getConnection(url), OutputFormat.PRETTY_COMPACT, SluiceCli.SHELL_HELP,
                new PrintStream(results, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        return SluiceCli.lineReader(terminal, shell, history);
    }

    private void type(String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    @Test
    void promptsRunsStatementsWithTimingsKeepsHistoryAndLeavesOnBackslashQ(@TempDir Path directory) throws Exception {
        Path history = directory.resolve("history");
        LineReader reader = open("jdbc:sqlite:" + directory.resolve("t.db"), history);
        type("CREATE TABLE t (v INTEGER);\nINSERT INTO t\nVALUES (1), (2);\nSELECT sum(v) AS total FROM t\\G\n"
                + "\\format CSV\nSELECT v FROM t ORDER BY v;\nhelp\n\\q\nSELECT 'not run';\n");

        int failures = shell.runInteractive(reader);

        assertThat(failures).isZero();
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains(Shell.PROMPT).contains(Shell.CONTINUATION_PROMPT);
        assertThat(results.toString(StandardCharsets.UTF_8))
                .contains("OK, 2 rows affected\nElapsed: ")
                .contains("Row 1:\n──────\ntotal: 3\n")
                .contains("Output format: CSV.\nv\n1\n2\nElapsed: ")
                .contains("Ctrl-C cancels the running statement")
                .doesNotContain("not run");
        assertThat(Files.readString(history)).contains("SELECT v FROM t ORDER BY v;").contains("\\q");
    }

    @Test
    void ctrlCCancelsTheRunningStatementAndTheShellGoesOn(@TempDir Path directory) throws Exception {
        LineReader reader = open("jdbc:sqlite:" + directory.resolve("c.db"), directory.resolve("history"));
        // Ctrl-C is pressed only while the statement's own handler is installed: a press that reached the
        // prompt's handler instead would interrupt the shell's thread and fail the next statement.
        Object handler = new Object();
        boolean[] installed = {false};
        CountDownLatch started = new CountDownLatch(1);
        shell.onCancelHandler = now -> {
            synchronized (handler) {
                installed[0] = now;
            }
            if (now) {
                started.countDown();
            }
        };
        type("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;\n");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> shell.runInteractive(reader));

        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        // The statement never ends by itself, so its handler stays installed until a press has cancelled it.
        // A press that comes before the statement reaches the database is lost there, so press until one
        // takes effect; the handler is removed only after that.
        while (true) {
            synchronized (handler) {
                if (!installed[0]) {
                    break;
                }
                terminal.raise(Terminal.Signal.INT);
            }
            Thread.onSpinWait();
        }
        type("SELECT 42 AS answer;\nexit\n");

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("Cancelled.");
        assertThat(results.toString(StandardCharsets.UTF_8)).contains(" answer\n--------\n     42\n1 row\n");
    }

    @Test
    void tabCompletesKeywordsSettingsTablesAndSystemTables(@TempDir Path directory) throws Exception {
        String target = directory.resolve("s.db").toString();
        LineReader reader = open(SluiceCli.withSystemDatabaseBeside("jdbc:sluice:sqlite:" + target), directory.resolve("history"));
        try (var statement = shell.connection().createStatement()) {
            statement.execute("CREATE TABLE page_views (id INTEGER)");
        }
        SqlCompleter completer = new SqlCompleter(shell::connection);
        List<Candidate> candidates = new java.util.ArrayList<>();
        completer.complete(reader, reader.getParser().parse("SELECT * FROM sys", 17), candidates);

        assertThat(candidates).extracting(Candidate::value)
                .contains("SELECT", "SYSTEM FLUSH ASYNC INSERT QUEUE", "wait_for_async_insert", "async_insert_busy_timeout_max_ms",
                        "page_views", "system.query_log", "system.asynchronous_insert_log", "system.settings", "\\q")
                .doesNotContain("system.query_log_rows");
    }
}

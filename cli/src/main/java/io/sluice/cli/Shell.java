package io.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The prompt of {@code sluice shell}, and the reader of statements from standard input of {@code sluice sql}.
 *
 * <p>Interactive (a terminal): JLine line editing, history and completion, a prompt, the elapsed time after
 * each statement, and Ctrl-C that cancels the running statement (or clears the line being typed) without
 * leaving. Piped: no prompts or timings, only results on stdout and errors on stderr. Statements end with
 * {@code ;} (or {@code \G}, which prints that result vertically) and may span lines; {@code exit},
 * {@code quit}, {@code \q} or the end of the input leave; {@code help} or {@code \?} lists the commands;
 * {@code \format NAME} sets the output format. Single-threaded apart from the statement a Ctrl-C cancels.
 */
final class Shell {
    static final String PROMPT = "sluice> ";
    static final String CONTINUATION_PROMPT = "     -> ";

    /** Opens the shell's connection; called again when a statement that cannot be cancelled is abandoned. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final String helpText;
    private final PrintStream out;
    private final PrintStream err;
    private Connection connection;
    private SqlRunner runner;
    private OutputFormat format;
    /** Called when a statement starts (tests wait on it before they press Ctrl-C). */
    volatile Runnable onStatementStart = () -> {};
    /**
     * Called with true once a running statement's Ctrl-C handler is installed and with false just before it is
     * removed (tests press Ctrl-C only in between, so that no press reaches the prompt's handler).
     */
    volatile java.util.function.Consumer<Boolean> onCancelHandler = installed -> {};

    Shell(Connector connector, OutputFormat format, String helpText, PrintStream out, PrintStream err) throws SQLException {
        this.connector = connector;
        this.format = format;
        this.helpText = helpText;
        this.out = out;
        this.err = err;
        this.connection = connector.connect();
        this.runner = new SqlRunner(connection, out, format);
    }

    Connection connection() {
        return connection;
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            err.println("Error: closing the connection: " + e.getMessage());
        }
    }

    /**
     * Reads statements from piped input until its end (or {@code exit}); returns how many failed. With
     * {@code stopAtFirstError} the first failure ends the run, as {@code sluice sql} does.
     */
    int runPiped(BufferedReader in, boolean stopAtFirstError) throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        int failures = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (splitter.isEmpty()) {
                Command command = command(line);
                if (command == Command.EXIT) {
                    return failures;
                }
                if (command != Command.NONE) {
                    continue;
                }
            }
            for (String statement : splitter.feedLine(terminateVertical(line))) {
                try {
                    onStatementStart.run();
                    runner.run(statement);
                } catch (SQLException e) {
                    failures++;
                    err.println("Error: " + e.getMessage());
                    if (stopAtFirstError) {
                        return failures;
                    }
                }
            }
        }
        String rest = splitter.drain();
        if (!rest.isEmpty()) {
            // The last statement may omit its ';', as in a file or a here-document.
            try {
                onStatementStart.run();
                runner.run(rest);
            } catch (SQLException e) {
                failures++;
                err.println("Error: " + e.getMessage());
            }
        }
        return failures;
    }

    /** The interactive loop over a JLine reader; returns how many statements failed. */
    int runInteractive(LineReader reader) {
        Terminal terminal = reader.getTerminal();
        StatementSplitter splitter = new StatementSplitter();
        int failures = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine(splitter.isEmpty() ? PROMPT : CONTINUATION_PROMPT);
            } catch (UserInterruptException e) {
                // Ctrl-C at the prompt drops what was typed, as in psql and clickhouse-client.
                splitter = new StatementSplitter();
                continue;
            } catch (EndOfFileException e) {
                out.println();
                return failures;
            }
            if (splitter.isEmpty()) {
                Command command = command(line);
                if (command == Command.EXIT) {
                    return failures;
                }
                if (command != Command.NONE) {
                    continue;
                }
            }
            for (String statement : splitter.feedLine(terminateVertical(line))) {
                if (!runCancellable(statement, terminal)) {
                    failures++;
                }
            }
        }
    }

    /** Runs one statement on a worker thread so that Ctrl-C (SIGINT) can cancel it; false if it failed. */
    private boolean runCancellable(String statement, Terminal terminal) {
        long start = System.nanoTime();
        SqlRunner current = runner;
        CompletableFuture<SqlRunner.Outcome> result = CompletableFuture.supplyAsync(() -> {
            try {
                onStatementStart.run();
                return current.run(statement);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "sluice-shell-statement");
            thread.setDaemon(true);
            thread.start();
        });
        boolean[] cancelled = {false};
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            cancelled[0] = true;
            if (!current.cancel()) {
                result.cancel(false);
            }
        });
        onCancelHandler.accept(true);
        try {
            SqlRunner.Outcome outcome = result.get();
            out.printf(Locale.ROOT, "%sElapsed: %.3f sec.%n%n", summary(outcome), (System.nanoTime() - start) / 1e9);
            return true;
        } catch (CancellationException e) {
            abandon(result, current);
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            err.println(cancelled[0] ? "Cancelled. (" + cause.getMessage() + ")" : "Error: " + cause.getMessage());
            err.println();
            return false;
        } catch (InterruptedException e) {
            // The shell's own thread was interrupted (a Ctrl-C that reached the prompt's handler): treat it as
            // a cancel of this statement, and say so, rather than fail it without a word.
            if (!current.cancel()) {
                result.cancel(false);
            }
            err.println("Cancelled.");
            err.println();
            return false;
        } finally {
            onCancelHandler.accept(false);
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    /**
     * The driver could not cancel the statement: leave it running on its own connection, closed when it
     * ends, and go on with a new connection.
     */
    private void abandon(CompletableFuture<SqlRunner.Outcome> result, SqlRunner abandoned) {
        Connection old = connection;
        try {
            connection = connector.connect();
            runner = new SqlRunner(connection, out, format);
            err.println("Cancelled. The driver cannot stop the statement: it goes on in the database on the old"
                    + " connection, closed when it ends; this prompt uses a new connection (session settings are reset).");
        } catch (SQLException e) {
            err.println("Cancelled, and reconnecting failed: " + e.getMessage());
        }
        err.println();
        result.whenComplete((outcome, failure) -> {
            try {
                old.close();
            } catch (SQLException ignored) {
                // The connection was given up already; nothing is waiting for it.
            }
        });
    }

    private static String summary(SqlRunner.Outcome outcome) {
        if (outcome.rowsReturned() >= 0) {
            return "";  // The format printed "N rows" already (or is a data format that must not).
        }
        return outcome.rowsAffected() >= 0 ? "" : "Ok. ";
    }

    enum Command { NONE, EXIT, HANDLED }

    /** A shell command typed on its own line, outside a statement. */
    private Command command(String line) {
        String trimmed = line.trim();
        String word = trimmed.toLowerCase(Locale.ROOT);
        if (word.endsWith(";")) {
            word = word.substring(0, word.length() - 1).trim();
        }
        if (isExit(word) || word.equals("\\q")) {
            return Command.EXIT;
        }
        if (word.equals("help") || word.equals("\\?") || word.equals("\\h")) {
            out.print(helpText);
            out.println("Output format: " + format.formatName + ".");
            return Command.HANDLED;
        }
        if (word.startsWith("\\format") || word.startsWith("\\f ")) {
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2) {
                err.println("Usage: \\format NAME   (" + OutputFormat.NAMES + ")");
                return Command.HANDLED;
            }
            try {
                format = OutputFormat.named(parts[1].replace(";", ""));
                runner.format(format);
                out.println("Output format: " + format.formatName + ".");
            } catch (IllegalArgumentException e) {
                err.println("Error: " + e.getMessage());
            }
            return Command.HANDLED;
        }
        if (word.startsWith("\\")) {
            err.println("Unknown command " + trimmed + "; 'help' lists them.");
            return Command.HANDLED;
        }
        return Command.NONE;
    }

    /** {@code …\G} ends a statement like {@code ;} does (ClickHouse's vertical output). */
    private static String terminateVertical(String line) {
        return line.stripTrailing().endsWith("\\G") ? line + ";" : line;
    }

    static boolean isExit(String line) {
        String word = line.trim().toLowerCase(Locale.ROOT);
        if (word.endsWith(";")) {
            word = word.substring(0, word.length() - 1).trim();
        }
        return word.equals("exit") || word.equals("quit");
    }

    static List<String> commands() {
        return List.of("exit", "quit", "help", "\\q", "\\?", "\\format");
    }
}

package io.sluice.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code sluice} command line: {@code sql}, {@code shell}, {@code bench} and {@code settings}. The
 * first three speak JDBC only, through {@link DriverManager} and {@code jdbc:sluice:} URLs, as any
 * application would; {@code settings} prints the engine's declarative settings table. Exit codes: 0
 * success, 1 a statement or the benchmark failed, 2 the command line is wrong.
 */
public final class SluiceCli {
    static final String DEFAULT_URL = "jdbc:sluice:sqlite:sluice.db";

    static final String USAGE = """
            Usage: sluice <command> [options]

            Commands:
              sql [--url URL] [--format F] ["<statement>" ...]
                                                 run the statements (or those on standard input) and print their results
              shell [--url URL] [--format F]     interactive prompt; statements end with ';', 'help' lists the commands
              bench [options]                    Sluice against plain JDBC (SQLite, PostgreSQL, MariaDB) on this machine
              settings                           the settings table (name, type, default, level, meaning) as Markdown
              help                               this text

            The URL defaults to %s. For an SQLite target, sql and shell keep the system tables
            (system.query_log, system.asynchronous_insert_log, ...) in a file beside the target, NAME.system.db,
            so that each call can read the logs of the ones before (setting system_database_path overrides it).
            Output formats (--format, or FORMAT NAME at the end of a query, or \\G for Vertical):
              PrettyCompact (default), Vertical, CSV, TSV (TabSeparated), JSONEachRow.

            bench options (the defaults run fire-and-forget and 300 waiting clients on SQLite, about 30 s):
              --scenarios LIST        which to run, comma-separated (default fire-and-forget,waiting):
                                        fire-and-forget  N threads of single-row INSERTs, wait_for_async_insert=0,
                                                         timed until every row is written
                                        prepared         the same with statement text and with a PreparedStatement
                                        formats          the same in each of --formats
                                        waiting          a sweep of --clients steps, wait_for_async_insert=1
                                        heap             buffer --heap-entries entries and measure the heap they use
                                        all              every one of them
              --target TARGET         sqlite:PATH (default: a new file in a temporary directory),
                                      postgresql://HOST:PORT/DB?user=U or mariadb://HOST:PORT/DB?user=U
                                      (sluice.jar bundles pgjdbc and MariaDB Connector/J; other drivers
                                      go on SLUICE_CLASSPATH)
              --latency-ms N          PostgreSQL and MariaDB only: every connection (plain JDBC's and Sluice's) goes
                                      through a proxy on 127.0.0.1 that delays each chunk of bytes N ms each way,
                                      as if the server were across a network (default 0: no proxy)
              --buffer memory|wal     the buffer plugin (default memory)
              --threads N             fire-and-forget client threads (default 8)
              --rows N                rows per fire-and-forget phase and for the bulk baseline (default 500000)
              --clients LIST          the waiting-clients steps, e.g. 1,10,100,1000,2000 (default 300)
              --seconds S             how long each waiting step runs (default 5)
              --baseline-seconds S    how long plain autocommit INSERTs run at least (default 3; up to 3× that
                                      until the last second's rate is within 10%% of the whole)
              --formats LIST          formats of the formats scenario (default Values,CSV,JSONEachRow)
              --heap-entries N        entries the heap scenario buffers (default 1000000)
              --heap-row-bytes N      pad each of those entries' data to N bytes (default: the ~40-byte row)
              --heap-prepared         buffer those entries through a PreparedStatement (typed rows), not as text
              --warmup-rows N         rows per path of each unmeasured warm-up round; the rounds repeat until the
                                      JIT compiles for under 5%% of a round's CPU, at most 5 (default 50000)
              --settings LIST         Sluice settings for every Sluice connection, e.g. log_queries=0,async_insert_threads=1
              --report PATH           write an HTML report (one self-contained file with SVG charts)
              --charts DIR            also write each chart of the report as an SVG file into DIR
              --file PATH             same as --target sqlite:PATH
              --keep                  keep the databases (or the server's tables) afterwards
              --no-progress           no progress bar (it is shown on stderr only when that is a terminal)
            """.formatted(DEFAULT_URL);

    private static final Set<String> SQL_OPTIONS = Set.of("url", "format");

    static final String SHELL_HELP = """
            Statements end with ';' and may span lines; '\\G' instead of ';' prints the result vertically, and a
            query may end with FORMAT NAME (PrettyCompact, Vertical, CSV, TSV, JSONEachRow).
              help, \\?          this text
              \\format NAME      the output format of the following results
              exit, quit, \\q    leave (Ctrl-D too)
            Ctrl-C cancels the running statement, or clears the line being typed. Tab completes keywords,
            settings, tables and system tables. History is kept in ~/.sluice_history ($SLUICE_HISTORY overrides).
            For an SQLite target the system tables live in NAME.system.db beside it, so system.query_log and
            system.asynchronous_insert_log show earlier sessions too.
            """;

    private SluiceCli() {}

    public static void main(String[] args) {
        quietLogging();
        int status = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Runs one command line and returns its exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (command) {
                case "sql":
                    return sql(Arguments.parse(command, rest, SQL_OPTIONS, Set.of()), in, out, err);
                case "shell":
                    return shell(Arguments.parse(command, rest, SQL_OPTIONS, Set.of()), in, out, err);
                case "bench":
                    return new Bench(BenchOptions.from(Arguments.parse(command, rest, BenchOptions.VALUE_OPTIONS,
                            BenchOptions.FLAGS)), rest, out, err, stderrIsTerminal()).run();
                case "settings":
                    if (!rest.isEmpty()) {
                        throw new UsageException("'sluice settings' takes no arguments");
                    }
                    out.print(io.sluice.engine.Engines.settingsMarkdown());
                    return 0;
                case "help", "--help", "-h":
                    out.print(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'");
            }
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /**
     * Whether stderr is a terminal: the {@code sluice} script tells ({@code -Dsluice.stderr.tty}); without it,
     * whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("sluice.stderr.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /**
     * Sluice's INFO records (a WAL opened, an engine started) would interleave with results; the command line
     * shows warnings and errors unless a java.util.logging configuration says otherwise.
     */
    private static final java.util.logging.Logger SLUICE_LOGGER = java.util.logging.Logger.getLogger("io.sluice");
    /** Held, as the logging framework keeps loggers only weakly: a collected logger forgets the level set on it. */
    private static final java.util.logging.Logger HIKARI_LOGGER = java.util.logging.Logger.getLogger("com.zaxxer.hikari");

    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            SLUICE_LOGGER.setLevel(java.util.logging.Level.WARNING);
            HIKARI_LOGGER.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private static OutputFormat format(Arguments args) throws UsageException {
        try {
            return OutputFormat.named(args.option("format", "PrettyCompact"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --format: " + e.getMessage());
        }
    }

    /**
     * The URL with {@code system_database_path} set to a file beside an SQLite target, unless the URL sets it
     * or the target is in memory.
     */
    static String withSystemDatabaseBeside(String url) {
        String prefix = "jdbc:sluice:sqlite:";
        if (!url.startsWith(prefix) || url.contains("system_database_path=")) {
            return url;
        }
        int query = url.indexOf('?');
        String path = query < 0 ? url.substring(prefix.length()) : url.substring(prefix.length(), query);
        if (path.isEmpty() || path.contains(":memory:") || path.startsWith("file:")) {
            return url;
        }
        String base = path.endsWith(".db") ? path.substring(0, path.length() - 3) : path;
        return url + (query < 0 ? "?" : "&") + "system_database_path=" + base + ".system.db";
    }

    private static int sql(Arguments args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        OutputFormat format = format(args);
        String url = withSystemDatabaseBeside(args.option("url", DEFAULT_URL));
        try (Connection connection = DriverManager.getConnection(url)) {
            if (args.positionals().isEmpty()) {
                Shell shell = new Shell(() -> connection, format, SHELL_HELP, out, err);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                return shell.runPiped(reader, true) == 0 ? 0 : 1;
            }
            SqlRunner runner = new SqlRunner(connection, out, format);
            for (String text : args.positionals()) {
                StatementSplitter splitter = new StatementSplitter();
                List<String> statements = new java.util.ArrayList<>(splitter.feed(text));
                String last = splitter.drain();
                if (!last.isEmpty()) {
                    statements.add(last);
                }
                for (String statement : statements) {
                    runner.run(statement);
                }
            }
            return 0;
        } catch (SQLException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private static int shell(Arguments args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("'sluice shell' takes no statements; type them at the prompt");
        }
        OutputFormat format = format(args);
        String url = withSystemDatabaseBeside(args.option("url", DEFAULT_URL));
        Shell shell;
        try {
            shell = new Shell(() -> DriverManager.getConnection(url), format, SHELL_HELP, out, err);
        } catch (SQLException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        try {
            if (in == System.in && System.console() != null) {
                return interactive(shell, url, out);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return shell.runPiped(reader, false) == 0 ? 0 : 1;
        } finally {
            shell.close();
        }
    }

    private static int interactive(Shell shell, String url, PrintStream out) throws java.io.IOException {
        try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(true).build()) {
            org.jline.reader.LineReader reader = lineReader(terminal, shell, historyFile());
            out.println("Connected to " + url + ". Statements end with ';'; 'help' lists the commands, 'exit' leaves.");
            shell.runInteractive(reader);
            return 0;
        }
    }

    static java.nio.file.Path historyFile() {
        String told = System.getenv("SLUICE_HISTORY");
        return told != null && !told.isBlank() ? java.nio.file.Path.of(told)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".sluice_history");
    }

    /** The shell's line reader: history in {@code history}, completion from the shell's connection. */
    static org.jline.reader.LineReader lineReader(org.jline.terminal.Terminal terminal, Shell shell, java.nio.file.Path history) {
        org.jline.reader.impl.DefaultParser parser = new org.jline.reader.impl.DefaultParser();
        // Backslashes are the shell's commands (\q, \G), not escapes; quotes are SQL's, checked by the database.
        parser.setEscapeChars(new char[0]);
        parser.setQuoteChars(new char[0]);
        return org.jline.reader.LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sluice")
                .parser(parser)
                .completer(new SqlCompleter(shell::connection))
                .variable(org.jline.reader.LineReader.HISTORY_FILE, history)
                .variable(org.jline.reader.LineReader.HISTORY_SIZE, 10_000)
                .option(org.jline.reader.LineReader.Option.CASE_INSENSITIVE, true)
                .option(org.jline.reader.LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }
}

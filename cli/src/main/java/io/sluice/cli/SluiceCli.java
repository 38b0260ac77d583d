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
              sql [--url URL] "<statement>" ...  run the statements and print their results
              shell [--url URL]                  interactive prompt; statements end with ';', exit with 'exit'
              bench [options]                    Sluice against plain JDBC (SQLite, PostgreSQL, MariaDB) on this machine
              settings                           the settings table (name, type, default, level, meaning) as Markdown
              help                               this text

            The URL defaults to %s.

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
              --buffer memory|wal     the buffer plugin (default memory)
              --threads N             fire-and-forget client threads (default 8)
              --rows N                rows per fire-and-forget phase and for the bulk baseline (default 500000)
              --clients LIST          the waiting-clients steps, e.g. 1,10,100,1000,2000 (default 300)
              --seconds S             how long each waiting step runs (default 5)
              --baseline-seconds S    how long plain autocommit INSERTs run (default 3)
              --formats LIST          formats of the formats scenario (default Values,CSV,JSONEachRow)
              --heap-entries N        entries the heap scenario buffers (default 1000000)
              --heap-row-bytes N      pad each of those entries' data to N bytes (default: the ~40-byte row)
              --warmup-rows N         rows sent and bulk-loaded unmeasured first, to warm up the JIT (default 50000)
              --settings LIST         Sluice settings for every Sluice connection, e.g. log_queries=0,async_insert_threads=1
              --report PATH           write an HTML report (one self-contained file with SVG charts)
              --charts DIR            also write each chart of the report as an SVG file into DIR
              --file PATH             same as --target sqlite:PATH
              --keep                  keep the databases (or the server's tables) afterwards
              --no-progress           no progress bar (it is shown on stderr only when that is a terminal)
            """.formatted(DEFAULT_URL);

    private static final Set<String> URL_OPTION = Set.of("url");

    private SluiceCli() {}

    public static void main(String[] args) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
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
                    return sql(Arguments.parse(command, rest, URL_OPTION, Set.of()), out, err);
                case "shell":
                    return shell(Arguments.parse(command, rest, URL_OPTION, Set.of()), in, out, err);
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

    private static int sql(Arguments args, PrintStream out, PrintStream err) throws UsageException {
        if (args.positionals().isEmpty()) {
            throw new UsageException("'sluice sql' needs at least one statement");
        }
        try (Connection connection = DriverManager.getConnection(args.option("url", DEFAULT_URL))) {
            SqlRunner runner = new SqlRunner(connection, out);
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
        String url = args.option("url", DEFAULT_URL);
        try (Connection connection = DriverManager.getConnection(url)) {
            out.println("Connected to " + url + ". Statements end with ';'; 'exit' leaves.");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            new Shell(new SqlRunner(connection, out), reader, out, err).run();
            return 0;
        } catch (SQLException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }
}

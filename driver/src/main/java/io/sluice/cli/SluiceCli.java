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
              bench [options]                    Sluice against plain JDBC on SQLite, on this machine
              settings                           the settings table (name, type, default, level, meaning) as Markdown
              help                               this text

            The URL defaults to %s.

            bench options:
              --threads N             fire-and-forget client threads (default 8)
              --rows N                rows sent fire-and-forget (default 200000)
              --waiting-clients N     clients that wait for their flush, 0 to skip (default 300)
              --seconds S             how long the waiting clients run (default 5)
              --baseline-seconds S    how long plain autocommit inserts run (default 3)
              --file PATH             the Sluice database file (default: in a new temporary directory)
              --keep                  keep the database files afterwards
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
                    return new Bench(Bench.Options.from(Arguments.parse(command, rest, Bench.Options.VALUE_OPTIONS,
                            Bench.Options.FLAGS)), out, err).run();
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

package io.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The interactive prompt: reads statements ended by {@code ;} (over as many lines as they need), runs each
 * and prints its result; an error is printed and the prompt goes on. {@code exit}, {@code quit} or the end
 * of the input leave. Not thread-safe.
 */
final class Shell {
    static final String PROMPT = "sluice> ";
    static final String CONTINUATION_PROMPT = "     -> ";

    private final SqlRunner runner;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;

    Shell(SqlRunner runner, BufferedReader in, PrintStream out, PrintStream err) {
        this.runner = runner;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs until {@code exit}, {@code quit} or the end of the input; returns how many statements failed. */
    int run() throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        int failures = 0;
        while (true) {
            out.print(splitter.isEmpty() ? PROMPT : CONTINUATION_PROMPT);
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                String rest = splitter.drain();
                if (!rest.isEmpty()) {
                    err.println("Ignored the unfinished statement (no ';'): " + rest);
                }
                return failures;
            }
            if (splitter.isEmpty() && isExit(line)) {
                return failures;
            }
            for (String statement : splitter.feedLine(line)) {
                try {
                    runner.run(statement);
                } catch (SQLException e) {
                    failures++;
                    err.println("Error: " + e.getMessage());
                }
            }
        }
    }

    static boolean isExit(String line) {
        String word = line.trim().toLowerCase(Locale.ROOT);
        if (word.endsWith(";")) {
            word = word.substring(0, word.length() - 1).trim();
        }
        return word.equals("exit") || word.equals("quit");
    }
}

package io.sluice.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs statements on one JDBC connection and prints what they return in the chosen {@link OutputFormat}:
 * rows, or {@code OK, N rows affected}. A query may end in ClickHouse's {@code FORMAT name} (or {@code \G}
 * for Vertical), which picks the format for that statement and is not sent to the database.
 * {@link #cancel()} may be called from another thread; the rest is single-threaded.
 */
final class SqlRunner {
    private static final Pattern QUERY_FORMAT =
            Pattern.compile("(?is)^(\\s*(?:SELECT|WITH|VALUES|PRAGMA|EXPLAIN)\\b.*?)\\s+FORMAT\\s+(\\w+)\\s*;?\\s*$");

    /** What one statement did: rows it returned (or -1) and rows it changed (or -1). */
    record Outcome(long rowsReturned, long rowsAffected) {}

    private final Connection connection;
    private final PrintStream out;
    private OutputFormat format;
    private volatile Statement running;

    SqlRunner(Connection connection, PrintStream out) {
        this(connection, out, OutputFormat.PRETTY_COMPACT);
    }

    SqlRunner(Connection connection, PrintStream out, OutputFormat format) {
        this.connection = connection;
        this.out = out;
        this.format = format;
    }

    OutputFormat format() {
        return format;
    }

    void format(OutputFormat format) {
        this.format = format;
    }

    Outcome run(String sql) throws SQLException {
        OutputFormat statementFormat = format;
        String text = sql.strip();
        if (text.endsWith("\\G")) {
            text = text.substring(0, text.length() - 2);
            statementFormat = OutputFormat.VERTICAL;
        } else {
            Matcher named = QUERY_FORMAT.matcher(text);
            if (named.matches()) {
                try {
                    statementFormat = OutputFormat.named(named.group(2));
                    text = named.group(1);
                } catch (IllegalArgumentException e) {
                    throw new SQLException(e.getMessage(), "42000", e);
                }
            }
        }
        long returned = -1;
        long affected = -1;
        try (Statement statement = connection.createStatement()) {
            running = statement;
            boolean rows = statement.execute(text);
            while (true) {
                if (rows) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        returned = Math.max(returned, 0) + statementFormat.print(resultSet, out);
                    }
                } else {
                    long count = statement.getLargeUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    affected = Math.max(affected, 0) + count;
                    if (statementFormat.forPeople) {
                        out.println(count == 1 ? "OK, 1 row affected" : String.format(Locale.ROOT, "OK, %,d rows affected", count));
                    }
                }
                rows = statement.getMoreResults();
            }
        } finally {
            running = null;
        }
        out.flush();
        return new Outcome(returned, affected);
    }

    /**
     * Asks the database to stop the running statement, if any; false when the driver cannot (the statement
     * then runs to its end).
     */
    boolean cancel() {
        Statement statement = running;
        if (statement == null) {
            return true;
        }
        try {
            statement.cancel();
            return true;
        } catch (SQLFeatureNotSupportedException e) {
            return false;
        } catch (SQLException e) {
            return false;
        }
    }
}

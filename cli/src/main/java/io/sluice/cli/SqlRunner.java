package io.sluice.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs statements on one JDBC connection and prints what they return: a table and its row count, or
 * {@code OK, N rows affected}. Not thread-safe.
 */
final class SqlRunner {
    private final Connection connection;
    private final PrintStream out;

    SqlRunner(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    void run(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean rows = statement.execute(sql);
            while (true) {
                if (rows) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        TablePrinter.print(resultSet, out);
                    }
                } else {
                    long count = statement.getLargeUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    out.println(count == 1 ? "OK, 1 row affected" : String.format("OK, %,d rows affected", count));
                }
                rows = statement.getMoreResults();
            }
        }
    }
}

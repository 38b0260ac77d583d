package io.sluice.examples.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application of {@code WallClockPluginIT}, run in a JVM of its own: connects to a Sluice URL through
 * {@link DriverManager}, as any application would, runs each statement it is given in order and prints
 * what came back, one line each: {@code row: a|b|c} per result row, {@code count: n} for an update count,
 * {@code error: message} for a failed statement (and goes on), then {@code done}.
 *
 * <p>Arguments: the URL, then the statements. It lives in a package of its own: a class of the plugin's
 * package loaded from another folder than the plugin's jar would define that package without the jar's
 * manifest, and {@code system.plugins} would lose the plugin's version.
 */
public final class JdbcChild {
    private JdbcChild() {}

    public static void main(String[] args) throws SQLException {
        try (Connection connection = DriverManager.getConnection(args[0])) {
            for (int i = 1; i < args.length; i++) {
                try (Statement statement = connection.createStatement()) {
                    if (statement.execute(args[i])) {
                        try (ResultSet rows = statement.getResultSet()) {
                            int columns = rows.getMetaData().getColumnCount();
                            while (rows.next()) {
                                StringBuilder row = new StringBuilder("row: ");
                                for (int c = 1; c <= columns; c++) {
                                    row.append(c > 1 ? "|" : "").append(rows.getString(c));
                                }
                                System.out.println(row);
                            }
                        }
                    } else {
                        System.out.println("count: " + statement.getLargeUpdateCount());
                    }
                } catch (SQLException e) {
                    System.out.println("error: " + e.getMessage());
                }
            }
        }
        System.out.println("done");
    }
}

package io.sluice.crash;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Small helpers the fault tests share. */
final class FaultTesting {
    private FaultTesting() {}

    /** A condition that may throw. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Checks {@code condition} every 20 ms until it holds or {@code limit} passed (then fails with
     * {@code what}). For states another process or thread reaches in its own time (a flush that failed, a
     * row that arrived); the checks are paced, nothing waits on a guess.
     */
    static void awaitCondition(String what, Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not reached within " + limit.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** The first column of every row of a query, as text. */
    static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A query's single number. */
    static long number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new AssertionError("No row from " + sql);
            }
            return rows.getLong(1);
        }
    }

    static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}

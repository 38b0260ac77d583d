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

    /**
     * An INSERT of {@code rows} rows with ids {@code first}… in the crash tests' shape: {@code grp} the first id,
     * {@code n} the row count, {@code payload} {@code 'p' || id} (see {@link TableCheck}).
     */
    static String insertRows(String table, long first, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (id, grp, n, payload) VALUES ");
        for (int i = 0; i < rows; i++) {
            long id = first + i;
            sql.append(i == 0 ? "" : ", ").append('(').append(id).append(", ").append(first).append(", ").append(rows).append(", 'p").append(id)
                    .append("')");
        }
        return sql.toString();
    }

    /** A system property of a long run ({@code -Dsluice.crash.…}), or {@code fallback} when unset or blank. */
    static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Appends a run's figures to {@code target/crash-results.txt}, with the time. */
    static void record(String summary) throws java.io.IOException {
        java.nio.file.Path results = java.nio.file.Path.of("target", "crash-results.txt");
        java.nio.file.Files.createDirectories(results.getParent());
        java.nio.file.Files.writeString(results, java.time.Instant.now() + " " + summary + System.lineSeparator(),
                java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}

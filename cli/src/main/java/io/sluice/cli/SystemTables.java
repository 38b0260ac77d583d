package io.sluice.cli;

import io.sluice.cli.BenchResults.Counters;
import io.sluice.cli.BenchResults.Flushes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sluice's SYSTEM statements and system tables, through the bench's control connection: flushing a table's
 * queue, the counters of {@code system.events}, the gauges of {@code system.metrics}, the engine's settings
 * from {@code system.settings}, and a table's flushes from {@code system.part_log} and {@code system.query_log}.
 */
final class SystemTables {
    private static final String COUNTERS_QUERY = "SELECT event, value FROM system.events "
            + "WHERE event IN ('AsyncInsertFlush', 'AsyncInsertRows', 'AsyncInsertQuery')";

    /** SQLite: microseconds since the epoch of a {@code YYYY-MM-DD HH:MM:SS.ffffff} column of the system tables. */
    private static final String MICROS = "(CAST(strftime('%%s', %1$s) AS INTEGER) * 1000000 + CAST(substr(%1$s, 21) AS INTEGER))";

    private final Connection control;

    /** @param control a Sluice connection of the run's own, used by no client */
    SystemTables(Connection control) {
        this.control = control;
    }

    /** Writes everything buffered for {@code table}; returns once it is written. */
    void flush(String table) throws SQLException {
        execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
    }

    /** Writes every pending row of the system logs. */
    void flushLogs() throws SQLException {
        execute("SYSTEM FLUSH LOGS");
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = control.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Sluice's counters so far: INSERTs buffered, rows written, flushes. */
    Counters counters() throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(COUNTERS_QUERY)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        }
        return new Counters(values.getOrDefault("AsyncInsertQuery", 0L), values.getOrDefault("AsyncInsertRows", 0L),
                values.getOrDefault("AsyncInsertFlush", 0L));
    }

    /** The gauge {@code name} of {@code system.metrics} now, or -1 when there is none. */
    long metric(String name) throws SQLException {
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM system.metrics WHERE metric = '" + name + "'")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    /** The engine's {@code async_insert_busy_timeout_max_ms} (200 when it is missing or not a number). */
    long busyTimeoutMillis() throws SQLException {
        return engineLong("async_insert_busy_timeout_max_ms", 200);
    }

    /** The engine's whole-number {@code setting}, or {@code fallback} when it is missing or not a number. */
    long engineLong(String setting, long fallback) throws SQLException {
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM system.settings WHERE name = '" + setting + "'")) {
            return rows.next() ? Long.parseLong(rows.getString(1).trim()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * The table's flushes: rows per flush query from {@code system.part_log}, and each flush's whole duration
     * (parsing, writing, committing, from its {@code QueryStart} to its {@code QueryFinish} in
     * {@code system.query_log}; the part's write time when the query log is off). Two queries joined here by
     * query id: joined in SQL, against an aggregate of the query log view (whose query id is computed, so no index
     * serves it), the time grew with the square of the flushes, minutes after a long phase.
     */
    Flushes flushes(String table) throws SQLException {
        Map<String, Long> durations = new HashMap<>();
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT query_id, " + MICROS.formatted("event_time_microseconds") + " - "
                        + MICROS.formatted("query_start_time_microseconds") + " FROM system.query_log"
                        + " WHERE query_kind = 'AsyncInsertFlush' AND type = 'QueryFinish' AND \"table\" = '" + table + "'")) {
            while (rows.next()) {
                durations.merge(rows.getString(1), rows.getLong(2), Math::max);
            }
        }
        List<long[]> flushes = new ArrayList<>();
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT query_id, sum(rows), sum(duration_ms) * 1000 FROM system.part_log"
                        + " WHERE \"table\" = '" + table + "' AND event_type = 'NewPart' AND coalesce(error, 0) = 0 GROUP BY query_id")) {
            while (rows.next()) {
                Long duration = durations.get(rows.getString(1));
                flushes.add(new long[] {rows.getLong(2), duration == null ? rows.getLong(3) : duration});
            }
        }
        long[] rows = new long[flushes.size()];
        long[] durationsPerFlush = new long[flushes.size()];
        for (int i = 0; i < flushes.size(); i++) {
            rows[i] = flushes.get(i)[0];
            durationsPerFlush[i] = flushes.get(i)[1];
        }
        return new Flushes(Percentiles.sorted(rows), Percentiles.sorted(durationsPerFlush));
    }
}

package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code system.metric_log}: a sample of every event ({@link Metrics.Event}) and metric ({@link Metrics.Gauge})
 * taken on the engine's clock, one column per name ({@code ProfileEvent_<event>}, {@code CurrentMetric_<metric>}),
 * as ClickHouse users watch async inserts over time. Sampling only copies the counters into a queue (it runs on
 * the timer's thread); the samples are written with the other logs, before every read, so a read after a sample
 * sees it. Thread-safe for {@link #sample}; the rest runs under the system lock.
 */
final class MetricLog {
    private static final Metrics.Event[] EVENTS = Metrics.Event.values();
    private static final Metrics.Gauge[] GAUGES = Metrics.Gauge.values();

    /** One sample: its time and every counter's value, events first, in the enums' order. */
    private record Sample(long epochMicros, long[] values) {}

    private final List<Sample> pending = new ArrayList<>();

    /** The metric columns of the table's declaration, each after a comma, for {@code schema.sql}. */
    static String columnDeclarations() {
        StringBuilder columns = new StringBuilder();
        for (String name : columnNames()) {
            columns.append(", ").append(name).append(" INTEGER");
        }
        return columns.toString();
    }

    private static List<String> columnNames() {
        List<String> names = new ArrayList<>(EVENTS.length + GAUGES.length);
        for (Metrics.Event event : EVENTS) {
            names.add("ProfileEvent_" + event.name());
        }
        for (Metrics.Gauge gauge : GAUGES) {
            names.add("CurrentMetric_" + gauge.name());
        }
        return names;
    }

    /** Takes a sample of the counters now; cheap, no I/O. */
    void sample(long epochMicros, Metrics metrics) {
        long[] values = new long[EVENTS.length + GAUGES.length];
        for (int i = 0; i < EVENTS.length; i++) {
            values[i] = metrics.get(EVENTS[i]);
        }
        for (int i = 0; i < GAUGES.length; i++) {
            values[EVENTS.length + i] = metrics.get(GAUGES[i]);
        }
        synchronized (pending) {
            pending.add(new Sample(epochMicros, values));
        }
    }

    /** Writes the samples taken since the last call. */
    void write(Connection connection) throws SQLException {
        List<Sample> taken;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            taken = new ArrayList<>(pending);
            pending.clear();
        }
        List<String> names = columnNames();
        StringBuilder sql = new StringBuilder("INSERT INTO system.metric_log (event_date, event_time, event_time_microseconds");
        for (String name : names) {
            sql.append(", ").append(name);
        }
        sql.append(") VALUES (?, ?, ?").append(", ?".repeat(names.size())).append(')');
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            for (Sample sample : taken) {
                String event = Times.micros(sample.epochMicros());
                insert.setString(1, event.substring(0, 10));
                insert.setString(2, event.substring(0, 19));
                insert.setString(3, event);
                for (int i = 0; i < sample.values().length; i++) {
                    insert.setLong(4 + i, sample.values()[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Drops samples older than the logs' retention and beyond their row bound, oldest first. */
    static void trim(Connection connection, long cutoffMicros, long maxRows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system.metric_log WHERE event_time_microseconds < '" + Times.micros(cutoffMicros) + "'");
            statement.execute("DELETE FROM system.metric_log WHERE rowid <= (SELECT max(rowid) FROM system.metric_log) - " + maxRows);
        }
    }
}

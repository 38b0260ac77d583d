package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code system.metric_log}'s samples and their retention, and {@code system.columns}. */
class MetricLogTest {
    private static final long START = 1_767_225_600_000_000L; // 2026-01-01 00:00:00 UTC
    private static final long TTL_SECONDS = 60;
    private static final long MAX_ROWS = 3;

    private final Metrics metrics = new Metrics();
    private final SystemTables system = open();

    private static SystemTables open() {
        try {
            return new SystemTables("", TTL_SECONDS, MAX_ROWS, 1_000, 1_000_000, List.of(), evicted -> {});
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        system.close();
    }

    private List<String> read(String sql) throws SQLException {
        return SystemReads.read(system, null, List::of, sql);
    }

    @Test
    @DisplayName("a sample keeps the values of its moment, and a read sees every sample taken before it")
    void samplesKeepTheirValues() throws SQLException {
        metrics.add(Metrics.Event.AsyncInsertQuery, 2);
        metrics.add(Metrics.Gauge.PendingAsyncInsert, 2);
        system.sampleMetrics(START + 1_000_000, metrics);
        metrics.add(Metrics.Gauge.PendingAsyncInsert, -2);
        metrics.add(Metrics.Event.AsyncInsertCacheHits, 1);
        system.sampleMetrics(START + 2_000_000, metrics);
        assertThat(read("SELECT event_date, event_time_microseconds, ProfileEvent_AsyncInsertQuery, CurrentMetric_PendingAsyncInsert,"
                + " ProfileEvent_AsyncInsertCacheHits FROM system.metric_log ORDER BY event_time_microseconds"))
                .containsExactly("2026-01-01|2026-01-01 00:00:01.000000|2|2|0", "2026-01-01|2026-01-01 00:00:02.000000|2|0|1");
    }

    @Test
    @DisplayName("samples older than the logs' retention go, and at most system_log_max_rows stay")
    void samplesAreKeptLikeTheOtherLogs() throws SQLException {
        for (int i = 0; i < 5; i++) {
            system.sampleMetrics(START + i * 1_000_000L, metrics);
        }
        system.flushLogs(START + 5_000_000L);
        assertThat(read("SELECT event_time FROM system.metric_log ORDER BY event_time"))
                .as("the newest " + MAX_ROWS).containsExactly("2026-01-01 00:00:02", "2026-01-01 00:00:03", "2026-01-01 00:00:04");
        system.sampleMetrics(START + 100_000_000L, metrics);
        system.flushLogs(START + 100_000_000L);
        assertThat(read("SELECT event_time FROM system.metric_log")).as("those older than " + TTL_SECONDS + " s go")
                .containsExactly("2026-01-01 00:01:40");
    }

    @Test
    @DisplayName("system.columns describes every system table with its columns in order, and not the tables behind the log views")
    void columnsDescribeTheSystemTables() throws SQLException {
        assertThat(read("SELECT name, type, position FROM system.columns WHERE \"table\" = 'events' ORDER BY position"))
                .containsExactly("event|TEXT|1", "value|INTEGER|2", "description|TEXT|3");
        assertThat(read("SELECT name FROM system.columns WHERE \"table\" = 'metric_log' AND position <= 4 ORDER BY position"))
                .containsExactly("event_date", "event_time", "event_time_microseconds", "ProfileEvent_AsyncInsertQuery");
        assertThat(read("SELECT count(*) FROM system.columns WHERE \"table\" = 'metric_log'"))
                .containsExactly(String.valueOf(3 + Metrics.Event.values().length + Metrics.Gauge.values().length));
        assertThat(read("SELECT DISTINCT \"table\" FROM system.columns WHERE \"table\" LIKE '%rows' OR \"table\" LIKE 'log_shapes'"
                + " OR \"table\" LIKE '%flushes' OR \"table\" LIKE '%entries'")).isEmpty();
    }
}

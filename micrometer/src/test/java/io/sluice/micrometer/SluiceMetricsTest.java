package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder against a real engine (an SQLite target), read by Micrometer's simple and Prometheus registries. */
class SluiceMetricsTest {
    private static void insert(String url, int rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER)");
            for (int i = 0; i < rows; i++) {
                statement.executeUpdate("INSERT INTO events VALUES (" + i + ")");
            }
        }
    }

    private static List<String> names(String url, String sql) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                names.add(SluiceMetrics.meterName(rows.getString(1)));
            }
        }
        return names;
    }

    @Test
    void everyEventIsACounterAndEveryMetricAGaugeTaggedWithTheTarget(@TempDir Path directory) throws Exception {
        String url = "jdbc:sluice:sqlite:" + directory.resolve("simple.db") + "?async_insert_busy_timeout_max_ms=20";
        insert(url, 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SluiceMetrics(() -> DriverManager.getConnection(url), "app", Tags.of("env", "test"), Duration.ZERO).bindTo(registry);

        List<String> events = names(url, "SELECT event FROM system.events");
        List<String> metrics = names(url, "SELECT metric FROM system.metrics");
        assertThat(events).contains("sluice.async.insert.rows", "sluice.async.insert.query", "sluice.failed.async.insert.query");
        assertThat(metrics).contains("sluice.pending.async.insert", "sluice.asynchronous.insert.buffered.bytes");
        for (String event : events) {
            assertThat(registry.find(event).tag("target", "app").tag("env", "test").functionCounter()).as(event).isNotNull();
        }
        for (String metric : metrics) {
            assertThat(registry.find(metric).tag("target", "app").gauge()).as(metric).isNotNull();
        }
        assertThat(registry.getMeters()).hasSize(events.size() + metrics.size()).allMatch(m -> m.getId().getDescription() != null);

        FunctionCounter rows = registry.get("sluice.async.insert.rows").functionCounter();
        assertThat(rows.count()).isEqualTo(3.0);
        Gauge threads = registry.get("sluice.asynchronous.insert.threads").gauge();
        assertThat(threads.value()).isGreaterThan(0);
        assertThat(registry.get("sluice.asynchronous.insert.buffered.bytes").gauge().getId().getBaseUnit()).isEqualTo("bytes");

        insert(url, 2);
        assertThat(rows.count()).isEqualTo(5.0);
        assertThat(registry.get("sluice.async.insert.query").functionCounter().count()).isEqualTo(5.0);
    }

    @Test
    void metersKeepCountingWhenTheApplicationDropsTheBinder(@TempDir Path directory) throws Exception {
        String url = "jdbc:sluice:sqlite:" + directory.resolve("collected.db") + "?async_insert_busy_timeout_max_ms=20";
        insert(url, 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SluiceMetrics.forUrl(url, "app").bindTo(registry); // the usual one-liner: nothing keeps the binder
        collectGarbage();

        insert(url, 3);
        assertThat(registry.get("sluice.async.insert.rows").functionCounter().count()).isEqualTo(5.0);
        assertThat(registry.get("sluice.asynchronous.insert.threads").gauge().value()).isGreaterThan(0);
    }

    /** Runs the collector until a weakly held object is gone: weak references to garbage are then cleared. */
    private static void collectGarbage() {
        java.lang.ref.WeakReference<Object> probe = new java.lang.ref.WeakReference<>(new Object());
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
        }
        assertThat(probe.get()).as("a garbage collection ran").isNull();
    }

    @Test
    void prometheusScrapeShowsTheCountersWithHelpAndTags(@TempDir Path directory) throws Exception {
        String url = "jdbc:sluice:sqlite:" + directory.resolve("prometheus.db") + "?async_insert_busy_timeout_max_ms=20";
        insert(url, 4);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SluiceMetrics.forUrl(url, "orders-db").bindTo(registry);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("# HELP sluice_async_insert_rows_total Rows written by async INSERT flushes")
                .contains("# TYPE sluice_async_insert_rows_total counter")
                .containsPattern("sluice_async_insert_rows_total\\{target=\"orders-db\"} 4(\\.0)?\\n")
                .contains("# TYPE sluice_pending_async_insert gauge")
                .containsPattern("sluice_asynchronous_insert_buffered_bytes\\{target=\"orders-db\"} 0(\\.0)?\\n");
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName).doesNotHaveDuplicates();
    }

    @Test
    void aUrlWithoutSystemTablesIsAClearError() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> SluiceMetrics.forUrl("jdbc:sqlite::memory:", "plain").bindTo(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read system.events and system.metrics");
    }

    @Test
    void meterNamesAreDottedLowerCase() {
        assertThat(SluiceMetrics.meterName("AsyncInsertRows")).isEqualTo("sluice.async.insert.rows");
        assertThat(SluiceMetrics.meterName("PendingAsyncInsert")).isEqualTo("sluice.pending.async.insert");
        assertThat(SluiceMetrics.meterName("WALBytes")).isEqualTo("sluice.wal.bytes");
    }
}

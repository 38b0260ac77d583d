package io.sluice.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Sluice's counters ({@code system.events}) and gauges ({@code system.metrics}) as Micrometer meters, one
 * per row, tagged {@code target} (plus the tags given). An event {@code AsyncInsertRows} becomes the counter
 * {@code sluice.async.insert.rows} ({@code sluice_async_insert_rows_total} in Prometheus), a metric
 * {@code PendingAsyncInsert} the gauge {@code sluice.pending.async.insert}; each meter's description is the
 * row's.
 *
 * <p>The values are read with two SELECTs over a Sluice connection of the engine, at most once per refresh
 * interval (default one second) however many meters a scrape reads; between reads the meters show the last
 * values. The meters are the rows present when {@link #bindTo} runs. Thread-safe.
 */
public final class SluiceMetrics implements MeterBinder {
    /** How to get a Sluice connection of the engine to watch. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private final ConnectionSource connections;
    private final Tags tags;
    private final long refreshNanos;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Map<String, Long> values = Map.of();
    private volatile long readAt = Long.MIN_VALUE;
    private volatile SQLException lastFailure;

    /**
     * The engine behind {@code dataSource} (a {@code SluiceDataSource}, or a pool of {@code jdbc:sluice:}
     * connections), tagged {@code target=<target>}.
     */
    public SluiceMetrics(DataSource dataSource, String target) {
        this(dataSource::getConnection, target, Tags.empty(), Duration.ofSeconds(1));
    }

    /** The engine of a {@code jdbc:sluice:} URL, tagged {@code target=<target>}. */
    public static SluiceMetrics forUrl(String url, String target) {
        return new SluiceMetrics(() -> DriverManager.getConnection(url), target, Tags.empty(), Duration.ofSeconds(1));
    }

    public SluiceMetrics(ConnectionSource connections, String target, Iterable<Tag> extraTags, Duration refreshInterval) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.tags = Tags.of("target", Objects.requireNonNull(target, "target")).and(extraTags);
        this.refreshNanos = refreshInterval.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<String, String[]> rows;
        try {
            rows = describe();
        } catch (SQLException e) {
            throw new IllegalStateException("Sluice metrics: cannot read system.events and system.metrics: " + e.getMessage(), e);
        }
        for (Map.Entry<String, String[]> row : rows.entrySet()) {
            String key = row.getKey();
            String name = meterName(key.substring(key.indexOf(':') + 1));
            String description = row.getValue()[0];
            // Micrometer holds a meter's object weakly. Every meter reads this binder, and the gauges hold it
            // strongly, so `SluiceMetrics.forUrl(…).bindTo(registry)` keeps counting without the application
            // keeping the binder (a collected binder would freeze the counters and turn the gauges to NaN).
            if (key.startsWith("event:")) {
                FunctionCounter.builder(name, this, m -> m.current(key)).description(description).tags(tags).register(registry);
            } else {
                Gauge.builder(name, this, m -> m.current(key)).description(description).tags(tags).strongReference(true)
                        .baseUnit(name.endsWith(".bytes") ? "bytes" : null).register(registry);
            }
        }
    }

    /** The last read's failure, or null: a meter read that fails shows the previous values (NaN before the first successful read). */
    public SQLException lastFailure() {
        return lastFailure;
    }

    /** {@code AsyncInsertRows} → {@code sluice.async.insert.rows}. */
    static String meterName(String camel) {
        StringBuilder name = new StringBuilder("sluice");
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            boolean boundary = Character.isUpperCase(ch)
                    && (i == 0 || !Character.isUpperCase(camel.charAt(i - 1))
                        || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))));
            if (boundary || i == 0) {
                name.append('.');
            }
            name.append(Character.toLowerCase(ch));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private double current(String key) {
        if (System.nanoTime() - readAt >= refreshNanos || readAt == Long.MIN_VALUE) {
            refresh();
        }
        Long value = values.get(key);
        return value == null ? Double.NaN : value;
    }

    private void refresh() {
        // One scrape reads many meters: the first to come reads the tables, the others use what it read.
        if (!refreshing.tryLock()) {
            return;
        }
        try {
            if (readAt != Long.MIN_VALUE && System.nanoTime() - readAt < refreshNanos) {
                return;
            }
            Map<String, Long> read = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> row : describe().entrySet()) {
                read.put(row.getKey(), Long.parseLong(row.getValue()[1]));
            }
            values = read;
            lastFailure = null;
            readAt = System.nanoTime();
        } catch (SQLException e) {
            lastFailure = e;
        } finally {
            refreshing.unlock();
        }
    }

    /** Every row of both tables: "event:Name" or "metric:Name" → {description, value}. */
    private Map<String, String[]> describe() throws SQLException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (Connection connection = connections.connect(); Statement statement = connection.createStatement()) {
            read(statement, "SELECT event, description, value FROM system.events", "event:", rows);
            read(statement, "SELECT metric, description, value FROM system.metrics", "metric:", rows);
        }
        return rows;
    }

    private static void read(Statement statement, String sql, String prefix, Map<String, String[]> rows) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(prefix + result.getString(1), new String[] {result.getString(2), Long.toString(result.getLong(3))});
            }
        }
    }
}

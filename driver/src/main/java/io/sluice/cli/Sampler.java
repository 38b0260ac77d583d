package io.sluice.cli;

import io.sluice.cli.BenchResults.Sample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads a phase's progress every {@value #PERIOD_MILLIS} ms on a thread of its own: the rows the clients
 * sent, and, through a Sluice connection used by this thread alone, {@code AsyncInsertRows} from
 * {@code system.events} and the buffer gauges from {@code system.metrics}. {@link #stop()} takes a last
 * reading and returns them all.
 */
final class Sampler {
    static final long PERIOD_MILLIS = 250;

    private final Connection sluice;
    private final LongSupplier sent;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>();
    private final long startNanos;
    private long writtenAtStart;
    private volatile String failure;

    private Sampler(Connection sluice, LongSupplier sent) {
        this.sluice = sluice;
        this.sent = sent;
        this.startNanos = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-bench-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts sampling now.
     *
     * @param sluice a Sluice connection this sampler alone uses until {@link #stop()}, or {@code null} to
     *     read only {@code sent} (the baselines)
     */
    static Sampler start(Connection sluice, LongSupplier sent) throws SQLException {
        Sampler sampler = new Sampler(sluice, sent);
        sampler.writtenAtStart = sluice == null ? 0 : sampler.gauges().getOrDefault("AsyncInsertRows", 0L);
        sampler.timer.scheduleAtFixedRate(sampler::sampleQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Stops, takes a last reading and returns every reading in time order. */
    List<Sample> stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
        sampleQuietly();
        if (failure != null) {
            System.err.println("Warning: the sampler could not read Sluice's gauges: " + failure);
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sampleQuietly() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long rows = sent.getAsLong();
        Sample sample;
        if (sluice == null || failure != null) {
            sample = new Sample(seconds, rows, -1, -1, -1, -1);
        } else {
            try {
                Map<String, Long> values = gauges();
                sample = new Sample(seconds, rows, values.getOrDefault("AsyncInsertRows", 0L) - writtenAtStart,
                        values.getOrDefault("AsynchronousInsertQueueBytes", -1L),
                        values.getOrDefault("AsynchronousInsertBufferedBytes", -1L),
                        values.getOrDefault("PendingAsyncInsert", -1L));
            } catch (SQLException | RuntimeException e) {
                failure = e.getMessage();
                sample = new Sample(seconds, rows, -1, -1, -1, -1);
            }
        }
        synchronized (samples) {
            samples.add(sample);
        }
    }

    private Map<String, Long> gauges() throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = sluice.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT event, value FROM system.events WHERE event = 'AsyncInsertRows'")) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT metric, value FROM system.metrics WHERE metric IN "
                    + "('AsynchronousInsertQueueBytes', 'AsynchronousInsertBufferedBytes', 'PendingAsyncInsert')")) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return values;
    }
}

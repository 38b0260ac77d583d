package io.sluice.cli;

import io.sluice.cli.BenchResults.Sample;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads a phase's progress every {@value #PERIOD_MILLIS} ms on a thread of its own: the rows the clients
 * sent, and {@code AsyncInsertRows} and the buffer gauges from the engine's JMX MBean (the same counters
 * as {@code system.events} and {@code system.metrics}, read without going through the system tables,
 * whose reads first write every pending log row and would slow the sampler down under load).
 * {@link #stop()} takes a last reading and returns them all.
 */
final class Sampler {
    static final long PERIOD_MILLIS = 250;
    static final String[] ATTRIBUTES = {"AsyncInsertRows", "AsynchronousInsertQueueBytes", "AsynchronousInsertBufferedBytes",
        "PendingAsyncInsert"};

    private final ObjectName engine;
    private final LongSupplier sent;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>();
    private final long startNanos;
    private long writtenAtStart;
    private volatile String failure;

    private Sampler(ObjectName engine, LongSupplier sent) {
        this.engine = engine;
        this.sent = sent;
        this.startNanos = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-bench-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The MBean of the engine of {@code target} (the Sluice URL's target without {@code jdbc:sluice:} and
     * without Sluice's parameters) in this JVM, or {@code null} when there is none.
     */
    static ObjectName engineMBean(String target) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("io.sluice:type=AsyncInsertEngine,*"), null);
            ObjectName best = null;
            for (ObjectName name : names) {
                String property = name.getKeyProperty("target");
                String unquoted = property != null && property.startsWith("\"") ? ObjectName.unquote(property) : property;
                if (target.equals(unquoted) && (best == null || id(name) > id(best))) {
                    best = name;
                }
            }
            return best;
        } catch (JMException e) {
            return null;
        }
    }

    private static long id(ObjectName name) {
        try {
            return Long.parseLong(name.getKeyProperty("id"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Starts sampling now.
     *
     * @param engine the engine's MBean, or {@code null} to read only {@code sent} (the baselines)
     */
    static Sampler start(ObjectName engine, LongSupplier sent) {
        Sampler sampler = new Sampler(engine, sent);
        sampler.writtenAtStart = engine == null ? 0 : sampler.gauges().getOrDefault("AsyncInsertRows", 0L);
        sampler.timer.scheduleAtFixedRate(sampler::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Stops, takes a last reading and returns every reading in time order. */
    List<Sample> stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
        sample();
        if (failure != null) {
            System.err.println("Warning: the sampler could not read Sluice's gauges: " + failure);
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sample() {
        Map<String, Long> values = engine == null || failure != null ? Map.of() : gauges();
        Sample sample = new Sample((System.nanoTime() - startNanos) / 1e9, sent.getAsLong(),
                values.containsKey("AsyncInsertRows") ? values.get("AsyncInsertRows") - writtenAtStart : -1,
                values.getOrDefault("AsynchronousInsertQueueBytes", -1L), values.getOrDefault("AsynchronousInsertBufferedBytes", -1L),
                values.getOrDefault("PendingAsyncInsert", -1L));
        synchronized (samples) {
            samples.add(sample);
        }
    }

    private Map<String, Long> gauges() {
        Map<String, Long> values = new HashMap<>();
        try {
            for (Attribute attribute : ManagementFactory.getPlatformMBeanServer().getAttributes(engine, ATTRIBUTES).asList()) {
                if (attribute.getValue() instanceof Number number) {
                    values.put(attribute.getName(), number.longValue());
                }
            }
        } catch (JMException | RuntimeException e) {
            failure = e.toString();
        }
        return values;
    }
}

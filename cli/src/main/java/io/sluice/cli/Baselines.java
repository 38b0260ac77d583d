package io.sluice.cli;

import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Sample;
import io.sluice.cli.BenchResults.Usage;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plain JDBC phases Sluice is measured against, each through the target's own driver into a table of
 * its own: single-row autocommit INSERTs, the target's best bulk load, and the batching a user writes by
 * hand. Each checks its table's row count and is recorded as it ends.
 */
final class Baselines {
    private final BenchContext context;
    private final BenchTarget target;

    /** How one loaded baseline writes its rows; returns how it wrote them, for the summary. */
    private interface Load {
        String run(Connection connection, LongAdder written) throws Exception;
    }

    /** What {@link #load} measured. */
    private record Loaded(String note, long nanos, List<Sample> samples, Usage usage) {}

    Baselines(BenchContext context) {
        this.context = context;
        this.target = context.target();
    }

    /**
     * Single-row autocommit INSERTs for {@code --baseline-seconds}, then on in one-second windows (up to three
     * times as long) until the last window's rate is within 10% of the rate so far: the first seconds of an
     * fsync-bound loop are often faster or slower than its steady state.
     */
    Phase autocommit() throws Exception {
        String name = "plain JDBC, autocommit";
        String table = target.table("baseline_autocommit");
        LongAdder sent = new LongAdder();
        long nanos;
        List<Sample> samples;
        long durationNanos = context.options().baselineSeconds() * 1_000_000_000L;
        long longestNanos = 3 * durationNanos;
        long cpu;
        Usage usage;
        try (Connection connection = target.openBaseline(table); Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder(96);
            cpu = Usage.processCpuNanos();
            long start = System.nanoTime();
            long[] deadline = {start + durationNanos};
            Sampler sampler = Sampler.start(null, sent::sum);
            try (Progress progress = context.progress(name, sent::sum,
                    () -> (System.nanoTime() - start) / (double) (deadline[0] - start))) {
                long id = 0;
                long windowStart = start;
                long windowRows = 0;
                while (true) {
                    statement.executeUpdate(Rows.insert(sql, table, Rows.Encoding.VALUES, id++));
                    sent.increment();
                    windowRows++;
                    long now = System.nanoTime();
                    if (now - deadline[0] < 0) {
                        continue;
                    }
                    // The first check has no window of its own to compare yet: it opens one.
                    boolean first = windowStart == start;
                    double overall = sent.sum() * 1e9 / (now - start);
                    double window = windowRows * 1e9 / Math.max(1, now - windowStart);
                    if ((!first && Math.abs(window - overall) <= 0.1 * overall) || now - start >= longestNanos) {
                        break;
                    }
                    if (!first) {
                        progress.relabel(name + ", lengthened until its rate is stable");
                    }
                    windowStart = now;
                    windowRows = 0;
                    deadline[0] = now + 1_000_000_000L;
                }
            }
            nanos = System.nanoTime() - start;
            usage = Usage.since(cpu);
            samples = sampler.stop();
            context.verifyCount(connection, name, table, sent.sum());
        }
        Phase phase = new Phase("baseline", name, Kind.AUTOCOMMIT, 1, sent.sum(), nanos, null, null, null, samples,
                "single-row INSERT statements, autocommit, one connection", usage);
        context.record(phase);
        return phase;
    }

    /** The target's best bulk load of the {@code --rows} rows the fire-and-forget phases send. */
    Phase bulk() throws Exception {
        String name = "plain JDBC, bulk load";
        String table = target.table("baseline_bulk");
        long rows = context.options().rows();
        Loaded loaded = load(name, table, rows, (connection, written) -> target.bulkLoad(connection, table, rows, written));
        Phase phase = new Phase("baseline", name, Kind.BULK, 1, rows, loaded.nanos(), null, null, null, loaded.samples(),
                loaded.note(), loaded.usage());
        context.record(phase);
        return phase;
    }

    /** The batching a user writes by hand: {@link HandBatcher}, with as many producers as Sluice gets clients. */
    Phase handBatcher() throws Exception {
        int producers = context.options().threads();
        String name = "hand-written batcher, " + Bench.threads(producers);
        String table = target.table("baseline_hand");
        long rows = context.options().rows();
        String note = "producer threads, a bounded queue, one writer: PreparedStatement batches of "
                + String.format(Locale.ROOT, "%,d", HandBatcher.BATCH_ROWS) + " rows, one transaction each";
        Loaded loaded = load(name, table, rows, (connection, written) -> {
            HandBatcher.run(connection, table, rows, producers, written);
            return note;
        });
        Phase phase = new Phase("baseline", name, Kind.HAND_BATCHER, producers, rows, loaded.nanos(), null, null, null,
                loaded.samples(), loaded.note(), loaded.usage());
        context.record(phase);
        return phase;
    }

    /** Runs {@code load} of {@code rows} rows into a fresh baseline {@code table}, timed, then checks the count. */
    private Loaded load(String name, String table, long rows, Load load) throws Exception {
        LongAdder written = new LongAdder();
        try (Connection connection = target.openBaseline(table)) {
            long cpu = Usage.processCpuNanos();
            long start = System.nanoTime();
            Sampler sampler = Sampler.start(null, written::sum);
            String note;
            try (Progress progress = context.progress(name, written::sum, () -> written.sum() / (double) rows)) {
                note = load.run(connection, written);
            }
            long nanos = System.nanoTime() - start;
            Usage usage = Usage.since(cpu);
            List<Sample> samples = sampler.stop();
            context.verifyCount(connection, name, table, rows);
            return new Loaded(note, nanos, samples, usage);
        }
    }
}

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
 * hand. Each checks its table's row count and is recorded as it ends. The bulk load and the hand-written
 * batcher also run unmeasured in the {@link WarmUp}, so that they are measured warm, as Sluice's paths are.
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
        Usage.Mark before;
        Usage usage;
        try (Connection connection = target.openBaseline(table); Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder(96);
            before = Usage.mark();
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
            usage = Usage.since(before);
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
        Loaded loaded = load(name, table, rows, bulkLoad(table, rows));
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
        Loaded loaded = load(name, table, rows, handBatcherLoad(table, rows));
        Phase phase = new Phase("baseline", name, Kind.HAND_BATCHER, producers, rows, loaded.nanos(), null, null, null,
                loaded.samples(), loaded.note(), loaded.usage());
        context.record(phase);
        return phase;
    }

    /**
     * The bulk load of {@code rows} rows into a fresh baseline {@code table}, not measured: the warm-up's run of
     * the path {@link #bulk()} measures.
     */
    void warmUpBulk(String label, String table, long rows) throws Exception {
        unmeasured(label, table, rows, bulkLoad(table, rows));
    }

    /**
     * The hand-written batcher's {@code rows} rows into a fresh baseline {@code table}, not measured: the
     * warm-up's run of the path {@link #handBatcher()} measures.
     */
    void warmUpHandBatcher(String label, String table, long rows) throws Exception {
        unmeasured(label, table, rows, handBatcherLoad(table, rows));
    }

    private Load bulkLoad(String table, long rows) {
        return (connection, written) -> target.bulkLoad(connection, table, rows, written);
    }

    /** {@link HandBatcher} with as many producers as Sluice gets clients. */
    private Load handBatcherLoad(String table, long rows) {
        int producers = context.options().threads();
        String note = "producer threads, a bounded queue, one writer: PreparedStatement batches of "
                + String.format(Locale.ROOT, "%,d", HandBatcher.BATCH_ROWS) + " rows, one transaction each";
        return (connection, written) -> {
            HandBatcher.run(connection, table, rows, producers, written);
            return note;
        };
    }

    /** Runs {@code load} of {@code rows} rows into a fresh baseline {@code table}, neither timed nor checked. */
    private void unmeasured(String label, String table, long rows, Load load) throws Exception {
        LongAdder written = new LongAdder();
        try (Connection connection = target.openBaseline(table);
                Progress progress = context.progress(label, written::sum, () -> written.sum() / (double) rows)) {
            load.run(connection, written);
        }
    }

    /** Runs {@code load} of {@code rows} rows into a fresh baseline {@code table}, timed, then checks the count. */
    private Loaded load(String name, String table, long rows, Load load) throws Exception {
        LongAdder written = new LongAdder();
        try (Connection connection = target.openBaseline(table)) {
            Usage.Mark before = Usage.mark();
            long start = System.nanoTime();
            Sampler sampler = Sampler.start(null, written::sum);
            String note;
            try (Progress progress = context.progress(name, written::sum, () -> written.sum() / (double) rows)) {
                note = load.run(connection, written);
            }
            long nanos = System.nanoTime() - start;
            Usage usage = Usage.since(before);
            List<Sample> samples = sampler.stop();
            context.verifyCount(connection, name, table, rows);
            return new Loaded(note, nanos, samples, usage);
        }
    }
}

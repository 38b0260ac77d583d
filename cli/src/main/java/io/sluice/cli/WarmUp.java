package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import io.sluice.cli.BenchResults.Usage;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs every measured path unmeasured, in rounds, until the JIT has settled, so that every measured phase
 * (the bulk load and the hand-written batcher as well as Sluice's) runs on compiled code and its CPU per row is
 * the steady state's. One round runs each path once with {@code --warmup-rows} rows: each encoding the
 * scenarios use through Sluice; with the waiting scenario, also up to {@value #WAITING_WARMUP_ROWS} of them
 * through waiting clients, and in the first round then one waiting client for {@value #LONE_WAITING_WARMUP_SECONDS} s
 * (their small flushes, a caller leading its own flush, one-round-trip writes, the client's wait, are paths
 * fire-and-forget never takes); then the bulk load and the hand-written batcher. The rounds repeat until one in which the JIT
 * compiled for less than {@value #SETTLED_JIT_PERCENT}% of the round's process CPU time, at most
 * {@value #MAX_ROUNDS} ({@link #stop}). (The autocommit baseline, which waits on the disk, runs before for at
 * least {@code --baseline-seconds}: its driver path is warm by then, and its CPU per row is not compared.)
 */
final class WarmUp {
    /** The most rows the waiting warm-up sends per round: enough calls of the small-flush path for the JIT's top tier. */
    static final long WAITING_WARMUP_ROWS = 20_000;
    /**
     * How long one waiting client runs last in the waiting warm-up, in seconds: a lone caller leads every flush
     * itself, a path the JIT otherwise recompiles during the first measured phase (it deoptimized and recompiled
     * about 600 methods there, taking 40% of the process's CPU, after a warm-up of several clients only).
     */
    static final int LONE_WAITING_WARMUP_SECONDS = 3;
    /** The most rounds the warm-up runs, settled or not. */
    static final int MAX_ROUNDS = 5;
    /** The JIT has settled after a round in which it compiled for less than this share of the round's process CPU. */
    static final int SETTLED_JIT_PERCENT = 5;

    private final SluiceSide sluice;
    private final Baselines baselines;

    /** @param baselines runs the bulk load and the hand-written batcher unmeasured */
    WarmUp(SluiceSide sluice, Baselines baselines) {
        this.sluice = sluice;
        this.baselines = baselines;
    }

    /**
     * Whether the warm-up stops after its round {@code rounds} (counted from 1), in which the JIT compiled for
     * {@code jitMillis} ms and the process used {@code cpuNanos} ns of CPU (each -1 when the JVM cannot tell):
     * when the JIT has settled, after {@value #MAX_ROUNDS} rounds, and after the first when either is unknown.
     */
    static boolean stop(int rounds, long jitMillis, long cpuNanos) {
        return rounds >= MAX_ROUNDS || jitMillis < 0 || cpuNanos <= 0 || settled(jitMillis, cpuNanos);
    }

    /** Whether a round's JIT time is less than {@value #SETTLED_JIT_PERCENT}% of its CPU time (false when either is unknown). */
    static boolean settled(long jitMillis, long cpuNanos) {
        return jitMillis >= 0 && cpuNanos > 0 && jitMillis * 1_000_000.0 < cpuNanos * (SETTLED_JIT_PERCENT / 100.0);
    }

    /**
     * How the warm-up's line says its rounds: {@code 3 rounds until the JIT settled (JIT 2.1% of the last round's
     * CPU)}, {@code 5 rounds, the JIT still compiling (…)}, or one round and why no more.
     */
    static String describeRounds(int rounds, long jitMillis, long cpuNanos) {
        String counted = rounds + (rounds == 1 ? " round" : " rounds");
        if (jitMillis < 0) {
            return counted + " (this JVM does not report the JIT's compilation time)";
        }
        if (cpuNanos <= 0) {
            return counted + " (this JVM does not report its process CPU time)";
        }
        String share = String.format(Locale.ROOT, "JIT %.1f%% of the last round's CPU", jitMillis * 1e8 / cpuNanos);
        return settled(jitMillis, cpuNanos) ? counted + " until the JIT settled (" + share + ")"
                : counted + ", the JIT still compiling (" + share + ")";
    }

    /** Runs the rounds, then prints the warm-up's one line. */
    void run() throws Exception {
        BenchOptions options = sluice.context().options();
        long start = System.nanoTime();
        int rounds = 0;
        Usage last;
        do {
            rounds++;
            Usage.Mark before = Usage.mark();
            round(rounds);
            last = Usage.since(before);
        } while (!stop(rounds, last.jitMillis(), last.cpuNanos()));
        // The rounds' garbage is collected now, not in the measured phases that follow.
        System.gc();
        sluice.context().out().printf(Locale.ROOT, "  %-40s %,11d rows per path, %s, not measured (%.1f s)%s%n", "warm-up",
                options.warmupRows(), describeRounds(rounds, last.jitMillis(), last.cpuNanos()), (System.nanoTime() - start) / 1e9,
                options.runs(Scenario.WAITING)
                        ? String.format(Locale.ROOT, "; each round also %,d through %d waiting clients, the first then one for %d s",
                                Math.min(options.warmupRows(), WAITING_WARMUP_ROWS), options.threads(), LONE_WAITING_WARMUP_SECONDS)
                        : "");
    }

    /** One round: every path once, into tables of its own. */
    private void round(int round) throws Exception {
        BenchOptions options = sluice.context().options();
        BenchTarget target = sluice.context().target();
        long rows = options.warmupRows();
        String label = "warm-up round " + round;
        String suffix = "_r" + round;
        Set<Rows.Encoding> encodings = new LinkedHashSet<>();
        encodings.add(Rows.Encoding.VALUES);
        if (options.runs(Scenario.PREPARED)) {
            encodings.add(Rows.Encoding.PREPARED);
        }
        if (options.runs(Scenario.FORMATS)) {
            encodings.addAll(options.formats());
        }
        for (Rows.Encoding encoding : encodings) {
            String table = target.table("warmup_" + encoding.name().toLowerCase(Locale.ROOT) + suffix);
            sendAll(label + ", " + encoding.description, table, encoding, rows, "0");
        }
        if (options.runs(Scenario.WAITING)) {
            long waitingRows = Math.min(rows, WAITING_WARMUP_ROWS);
            String table = target.table("warmup_waiting" + suffix);
            LongAdder sent = sendAll(label + ", waiting clients", table, Rows.Encoding.VALUES, waitingRows, "1");
        }
        if (options.runs(Scenario.WAITING) && round == 1) {
            String table = target.table("warmup_waiting" + suffix);
            LongAdder sent = new LongAdder();
            sent.add(Math.min(rows, WAITING_WARMUP_ROWS));
            AtomicLong nextId = new AtomicLong(sent.sum());
            ClientRunner clients = sluice.clients();
            clients.run(label + ", one waiting client", 1, target.sluiceUrl(Map.of("wait_for_async_insert", "1")), sent::sum,
                    LONE_WAITING_WARMUP_SECONDS * 1_000_000_000L, null, (client, connection, deadline) -> {
                        StringBuilder sql = new StringBuilder(96);
                        try (Statement statement = connection.createStatement()) {
                            while (System.nanoTime() - deadline < 0 && !clients.failed()) {
                                statement.executeUpdate(Rows.insert(sql, table, Rows.Encoding.VALUES, nextId.getAndIncrement()));
                                sent.increment();
                            }
                        }
                    }, () -> sluice.system().flush(table));
        }
        // The system log's rows of the round are written within it, not in the bulk load measured after the warm-up.
        sluice.system().flushLogs();
        baselines.warmUpBulk(label + ", bulk load", target.table("warmup_bulk" + suffix), rows);
        baselines.warmUpHandBatcher(label + ", hand-written batcher", target.table("warmup_hand" + suffix), rows);
    }

    /**
     * Creates {@code table} and sends it {@code rows} rows in {@code encoding} through {@code --threads} clients
     * with {@code wait_for_async_insert} set to {@code wait}, then flushes it; returns the rows sent.
     */
    private LongAdder sendAll(String label, String table, Rows.Encoding encoding, long rows, String wait) throws Exception {
        BenchTarget target = sluice.context().target();
        Connection control = sluice.control();
        target.createSluiceTable(control, table);
        LongAdder sent = new LongAdder();
        sluice.clients().sendRows(label, sluice.context().options().threads(),
                target.sluiceUrl(Map.of("wait_for_async_insert", wait)), table, encoding, rows, sent,
                () -> sluice.system().flush(table));
        return sent;
    }
}

package io.sluice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The same application work timed through the plain URL and through the Sluice URL in one run, appended
 * to {@code target/framework-ratios.tsv}: framework (and form), target, mode, rows per round, the median
 * seconds of each side, the ratio of their throughputs, and every timed round. Figures only; no test asserts
 * on time.
 *
 * <p>{@link #compare} runs one untimed warm-up round of each side (so that neither side is timed with a cold
 * JIT, cold pools or a cold engine), then {@link #ROUNDS} timed rounds alternating plain, Sluice, plain,
 * Sluice…, and records the median of each side. Every round, the warm-up included, checks every row it wrote.
 *
 * <p>{@link #recordFlushes} appends to {@code target/framework-flushes.tsv} what Sluice's engine did for the same
 * rounds (warm-up included), read from its system tables: INSERT entries, flushes, parts, rows per part and the
 * mean milliseconds of a part and of a flush, and how many connections the target server accepted while the
 * Sluice side worked. That is where a slower Sluice figure starts to be explained. A
 * transaction's INSERTs written as a group at COMMIT appear in none of those tables today, so the Hibernate
 * lines read 0.
 */
public final class Ratios {
    private static final Path FILE = Path.of("target", "framework-ratios.tsv");
    private static final Path FLUSHES = Path.of("target", "framework-flushes.tsv");
    private static final String FLUSHES_HEADER =
            "framework\ttarget\tmode\trounds\tinserts\tflushes\tparts\trows\trows_per_part\tmean_part_ms\tmean_flush_ms\ttarget_connections_opened\n";
    private static final String HEADER = "framework\ttarget\tmode\trows\tplain_s\tsluice_s\tsluice_speedup\tplain_rounds_s\tsluice_rounds_s\n";

    /** Timed rounds of each side; {@code -Dsluice.it.rounds=N} changes it. */
    public static final int ROUNDS = Integer.getInteger("sluice.it.rounds", 3);

    private Ratios() {}

    /** Runs {@code work} and returns its elapsed seconds. */
    public static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The median of some timings: one cold or disturbed run does not decide the figure. */
    public static double median(double... seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * A warm-up round of each side, then {@link #ROUNDS} alternating timed rounds; records the medians and
     * returns them (plain, Sluice). Only {@link Side#work} is timed; {@link Side#check} runs after every round.
     */
    public static double[] compare(String framework, Target target, String mode, long rows, Side plain, Side sluice)
            throws Exception {
        round(plain);
        round(sluice);
        double[] plainSeconds = new double[ROUNDS];
        double[] sluiceSeconds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            plainSeconds[i] = round(plain);
            sluiceSeconds[i] = round(sluice);
        }
        record(framework, target, mode, rows, plainSeconds, sluiceSeconds);
        return new double[] {median(plainSeconds), median(sluiceSeconds)};
    }

    private static double round(Side side) throws Exception {
        side.prepare();
        double seconds = time(side::work);
        side.check();
        return seconds;
    }

    public static void record(String framework, Target target, String mode, long rows, double plainSeconds,
            double sluiceSeconds) {
        record(framework, target, mode, rows, new double[] {plainSeconds}, new double[] {sluiceSeconds});
    }

    private static synchronized void record(String framework, Target target, String mode, long rows, double[] plainRounds,
            double[] sluiceRounds) {
        double plainSeconds = median(plainRounds);
        double sluiceSeconds = median(sluiceRounds);
        String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.2f\t%s\t%s%n", framework,
                target.name().toLowerCase(Locale.ROOT), mode, rows, plainSeconds, sluiceSeconds, plainSeconds / sluiceSeconds,
                joined(plainRounds), joined(sluiceRounds));
        append(FILE, HEADER, line);
        System.out.print(line);
    }

    /**
     * What Sluice's engine did with a table so far, read from its system tables through a Sluice connection:
     * INSERT entries logged, flushes ({@code AsyncInsertFlush} queries), parts written, their rows, and the
     * summed milliseconds of parts and of flushes. Two readings around some work give what that work cost.
     */
    public static long[] flushLog(java.sql.Connection sluice, String table) throws java.sql.SQLException {
        String quoted = "'" + table.replace("'", "''") + "'";
        long[] figures = new long[6];
        try (java.sql.Statement statement = sluice.createStatement()) {
            try (java.sql.ResultSet result = statement.executeQuery(
                    "SELECT count(*) FROM system.asynchronous_insert_log WHERE \"table\" = " + quoted)) {
                result.next();
                figures[0] = result.getLong(1);
            }
            try (java.sql.ResultSet result = statement.executeQuery("SELECT count(*), coalesce(sum(query_duration_ms), 0)"
                    + " FROM system.query_log WHERE query_kind = 'AsyncInsertFlush' AND type = 'QueryFinish'"
                    + " AND tables LIKE '%' || " + quoted + " || '%'")) {
                result.next();
                figures[1] = result.getLong(1);
                figures[5] = result.getLong(2);
            }
            try (java.sql.ResultSet result = statement.executeQuery("SELECT count(*), coalesce(sum(rows), 0), coalesce(sum(duration_ms), 0)"
                    + " FROM system.part_log WHERE \"table\" = " + quoted)) {
                result.next();
                figures[2] = result.getLong(1);
                figures[3] = result.getLong(2);
                figures[4] = result.getLong(3);
            }
        }
        return figures;
    }

    /**
     * Appends to {@code target/framework-flushes.tsv} what the engine did between two {@link #flushLog} readings,
     * with the connections the target accepted during the Sluice side's timed work (-1: not counted).
     */
    public static synchronized void recordFlushes(String framework, Target target, String mode, long[] before, long[] after,
            long connectionsOpened) {
        long inserts = after[0] - before[0];
        long flushes = after[1] - before[1];
        long parts = after[2] - before[2];
        long rows = after[3] - before[3];
        String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.2f\t%.2f\t%d%n", framework,
                target.name().toLowerCase(Locale.ROOT), mode, ROUNDS + 1, inserts, flushes, parts, rows,
                parts == 0 ? 0.0 : (double) rows / parts, parts == 0 ? 0.0 : (double) (after[4] - before[4]) / parts,
                flushes == 0 ? 0.0 : (double) (after[5] - before[5]) / flushes, connectionsOpened);
        append(FLUSHES, FLUSHES_HEADER, line);
        System.out.print("flushes\t" + line);
    }

    private static void append(Path file, String header, String line) {
        try {
            Files.createDirectories(file.getParent());
            List<String> existing = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (existing.isEmpty() || !(existing.get(0) + "\n").equals(header)) {
                // A file from a run that wrote other columns starts again.
                Files.writeString(file, header, StandardCharsets.UTF_8);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String joined(double[] seconds) {
        return Arrays.stream(seconds).mapToObj(s -> String.format(Locale.ROOT, "%.3f", s)).collect(Collectors.joining(","));
    }

    /** One thread's share of some work: its items {@code thread * perThread} to {@code (thread + 1) * perThread - 1}. */
    @FunctionalInterface
    public interface Item {
        void run(long n) throws Exception;
    }

    /**
     * Runs {@code item} for items 0 to {@code threads * perThread - 1}, each of {@code threads} threads taking
     * its own consecutive share, and returns once all are done; the first failure is thrown.
     */
    public static void onThreads(int threads, int perThread, Item item) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long first = (long) t * perThread;
                done.add(pool.submit(() -> {
                    for (long n = first; n < first + perThread; n++) {
                        item.run(n);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** One side of a comparison: the work through one URL, what is done before each round, and its check. */
    public interface Side {
        /** Untimed, before each round: empties what the round writes, opens what it uses. */
        void prepare() throws Exception;

        /** Timed: the application's work, ending when every row is written. */
        void work() throws Exception;

        /** Untimed, after each round: reads every row back through the target's own driver and checks it. */
        void check() throws Exception;

        static Side of(Work prepare, Work work, Work check) {
            return new Side() {
                @Override
                public void prepare() throws Exception {
                    prepare.run();
                }

                @Override
                public void work() throws Exception {
                    work.run();
                }

                @Override
                public void check() throws Exception {
                    check.run();
                }
            };
        }
    }
}

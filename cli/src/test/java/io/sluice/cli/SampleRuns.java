package io.sluice.cli;

import io.sluice.cli.BenchResults.ClassBytes;
import io.sluice.cli.BenchResults.Counters;
import io.sluice.cli.BenchResults.Flushes;
import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import io.sluice.cli.BenchResults.Sample;
import io.sluice.cli.BenchResults.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A run with known figures, for the summary and report tests. */
final class SampleRuns {
    static final Instant STARTED = Instant.parse("2026-11-21T19:00:00Z");

    private SampleRuns() {}

    /** Samples every 0.25 s: {@code perSample} rows sent and written each time, 1,000 bytes buffered. */
    static List<Sample> samples(int count, long perSample) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            samples.add(new Sample(i * 0.25, i * perSample, i * perSample, 1_000, 2_000, 10));
        }
        return samples;
    }

    /** {@code count} latencies spread evenly from {@code fromMillis} to {@code toMillis}, sorted, in nanoseconds. */
    static long[] latencies(long fromMillis, long toMillis, int count) {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (fromMillis * 1_000_000 + (toMillis - fromMillis) * 1_000_000 * i / Math.max(1, count - 1));
        }
        return latencies;
    }

    /**
     * Autocommit 5,000 rows/s; bulk 500,000 rows/s; a hand-written batcher 250,000 rows/s; fire-and-forget 160,000 rows/s (32× autocommit, 0.32×
     * bulk) with 450 rows per flush; 10 and 300 waiting clients; a heap measurement of 3.5× raw.
     */
    static Run run() {
        Phase autocommit = new Phase("baseline", "plain JDBC, autocommit", Kind.AUTOCOMMIT, 1, 15_000, 3_000_000_000L,
                null, null, null, samples(12, 1_250), "single-row INSERT statements, autocommit, one connection",
                new Usage(300_000_000L, 40, 1.0));
        Phase bulk = new Phase("baseline", "plain JDBC, bulk load", Kind.BULK, 1, 200_000, 400_000_000L, null, null, null,
                samples(2, 100_000), "one prepared-statement batch in one transaction", new Usage(400_000_000L, 12, 1.0));
        Phase hand = new Phase("baseline", "hand-written batcher, 8 threads", Kind.HAND_BATCHER, 8, 200_000, 800_000_000L,
                null, null, null, samples(3, 66_000), "producer threads, a bounded queue, one writer", new Usage(600_000_000L, 3, 1.0));
        long[] flushRows = new long[444];
        long[] flushMicros = new long[444];
        for (int i = 0; i < flushRows.length; i++) {
            flushRows[i] = i == 0 ? 200 : 450;
            flushMicros[i] = (2 + i % 10) * 1_000L;
        }
        Phase fireAndForget = new Phase("fire-and-forget", "fire-and-forget, 8 threads", Kind.SLUICE, 8, 200_000,
                1_250_000_000L, new Counters(200_000, 200_000, 444), null,
                new Flushes(Percentiles.sorted(flushRows), Percentiles.sorted(flushMicros)), samples(5, 40_000), "statement text, VALUES",
                new Usage(2_500_000_000L, 1_250, 1.5));
        Phase ten = new Phase("waiting", "10 waiting clients", Kind.SLUICE, 10, 500, 5_000_000_000L, new Counters(500, 500, 50),
                latencies(50, 120, 500), new Flushes(new long[] {10, 10, 10}, new long[] {3_000, 4_000, 5_000}), samples(20, 25),
                "statement text, wait_for_async_insert=1", Usage.UNKNOWN);
        Phase many = new Phase("waiting", "300 waiting clients", Kind.SLUICE, 300, 7_000, 5_000_000_000L,
                new Counters(7_000, 7_000, 30), latencies(150, 260, 7_000), new Flushes(new long[] {200, 250, 300},
                        new long[] {20_000, 30_000, 40_400}), samples(20, 350), "statement text, wait_for_async_insert=1",
                new Usage(700_000_000L, -1, 2.0));
        Heap heap = new Heap(1_000_000, 36_000_000, 36_000_000, 50_000_000, 176_000_000, 4_000_000_000L,
                List.of(new ClassBytes("[B", 2_000_000, 80_000_000), new ClassBytes("io.sluice.engine.PendingInsert", 1_000_000, 32_000_000)),
                4_000_000_000L, 1_000_000);
        return new Run("sluice bench --scenarios all", new MachineInfo(2, "Intel(R) Xeon(R) <test> & Co", 24L << 30,
                "OpenJDK 64-Bit Server VM 17.0.15", "Linux 6.1 (amd64)", 1.5), "sqlite:(temporary file)", "SQLite", "memory",
                STARTED, 40, 2.5, 200, autocommit, bulk, hand, List.of(autocommit, bulk, hand, fireAndForget, ten, many), heap, List.of());
    }
}

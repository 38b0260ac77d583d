package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.BufferEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WalConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 300;

    @TempDir
    Path dir;

    @Test
    @DisplayName("appends from 8 threads all come back exactly once, in per-thread order, sharing fsyncs")
    void concurrentAppends() throws Exception {
        List<List<CompletableFuture<Void>>> acks = new ArrayList<>();
        try (WalBuffer wal = open(dir, WalSettings.SEGMENT_BYTES, "65536")) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<CompletableFuture<Void>>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        // Half to the thread's own key, half to one key all threads share.
                        String key = i % 2 == 0 ? "own-" + thread : "shared";
                        mine.add(wal.append(entry(key, "t" + thread + "-" + i, "(" + i + ", 'payload')")).toCompletableFuture());
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<CompletableFuture<Void>>> result : results) {
                acks.add(result.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            for (List<CompletableFuture<Void>> mine : acks) {
                CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            long appends = (long) THREADS * PER_THREAD;
            System.out.println(appends + " appends shared " + wal.fsyncs() + " fsyncs");
            assertThat(wal.fsyncs()).as("group commit shares fsyncs").isPositive().isLessThan(appends);
            assertThat(wal.pendingEntries()).isZero();

            List<BufferEntry> drained = new ArrayList<>(wal.drain("shared"));
            for (int t = 0; t < THREADS; t++) {
                List<BufferEntry> own = wal.drain("own-" + t);
                assertThat(own).hasSize(PER_THREAD / 2);
                drained.addAll(own);
            }
            assertExactlyOnceInThreadOrder(drained);
        }
        try (WalBuffer wal = open(dir)) {
            List<BufferEntry> recovered = wal.recover();
            assertThat(recovered).hasSize(THREADS * PER_THREAD);
            assertExactlyOnceInThreadOrder(recovered);
            assertThat(wal.recoveryReport().clean()).isTrue();
        }
    }

    /** Every (thread, i) appears once, and each thread's entries appear in the order it appended them. */
    private static void assertExactlyOnceInThreadOrder(List<BufferEntry> entries) {
        assertThat(entries.stream().map(BufferEntry::queryId)).doesNotHaveDuplicates().hasSize(THREADS * PER_THREAD);
        Map<String, Integer> lastSeen = new HashMap<>();
        Map<String, List<BufferEntry>> byKey = new HashMap<>();
        for (BufferEntry entry : entries) {
            byKey.computeIfAbsent(entry.keyId(), k -> new ArrayList<>()).add(entry);
        }
        for (List<BufferEntry> keyEntries : byKey.values()) {
            lastSeen.clear();
            for (BufferEntry entry : keyEntries) {
                String[] parts = entry.queryId().split("-");
                int i = Integer.parseInt(parts[1]);
                Integer previous = lastSeen.put(parts[0], i);
                assertThat(previous == null || previous < i).as("%s after %s in key %s", entry.queryId(), previous, entry.keyId()).isTrue();
            }
        }
    }
}

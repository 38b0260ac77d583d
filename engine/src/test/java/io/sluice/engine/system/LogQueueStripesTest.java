package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Query-log rows queued from many threads into the queue's stripes are each taken once, and the bound still holds. */
class LogQueueStripesTest {
    private static boolean queueInsert(LogQueue queue, String queryId) {
        return queue.addFinishedInsert(1_000, 1_000, "Insert", queryId, "INSERT INTO main.t (a) VALUES", "main", "t", 1, 5, "");
    }

    /** The query ids of the rows one take handed over. */
    private static List<String> ids(LogQueue.Taken taken) {
        List<String> ids = new ArrayList<>();
        if (taken != null) {
            long[] halves = new long[2];
            byte[] text = new byte[36];
            for (QueuedQueries stripeRows : taken.queries()) {
                QueryIdColumn column = stripeRows.ids;
                for (int i = 0; i < stripeRows.size; i++) {
                    String id = column.text[i];
                    if (id == null) {
                        QueryIds.text(column.high[i], column.low[i], text, 0);
                        id = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
                    }
                    assertThat(QueryIds.parse(id, halves)).isTrue();
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    @Test
    @DisplayName("rows queued by many threads while the writer takes are each taken exactly once")
    void everyRowIsTakenOnce() throws Exception {
        LogQueue queue = new LogQueue(Long.MAX_VALUE, dropped -> {});
        int threads = 2 * LogQueue.STRIPES + 3;
        int perThread = 5_000;
        Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    String id = QueryIds.newQueryId();
                    sent.add(id);
                    queueInsert(queue, id);
                }
            });
            sender.start();
            senders.add(sender);
        }
        List<String> taken = new ArrayList<>();
        start.countDown();
        while (senders.stream().anyMatch(Thread::isAlive)) {
            LogQueue.Taken batch = queue.take();
            taken.addAll(ids(batch));
            if (batch != null) {
                queue.recycle(batch);
            }
        }
        for (Thread sender : senders) {
            sender.join();
        }
        taken.addAll(ids(queue.take()));
        assertThat(taken).hasSize(threads * perThread);
        assertThat(new HashSet<>(taken)).isEqualTo(sent);
        assertThat(queue.take()).isNull();
    }

    @Test
    @DisplayName("the bound counts the rows of every stripe, and rows taken make room again")
    void theBoundSpansTheStripes() throws Exception {
        AtomicLong dropped = new AtomicLong();
        LogQueue queue = new LogQueue(100, dropped::addAndGet);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < LogQueue.STRIPES; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    queueInsert(queue, QueryIds.newQueryId());
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(dropped.get()).isEqualTo(50L * LogQueue.STRIPES - 100);
        assertThat(queue.take().queryRows()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            queueInsert(queue, QueryIds.newQueryId());
        }
        assertThat(dropped.get()).isEqualTo(50L * LogQueue.STRIPES - 100);
        assertThat(queue.take().queryRows()).isEqualTo(100);
    }

    @Test
    @DisplayName("a write is requested once per batch, however many threads queue")
    void oneWriteRequestPerBatch() throws Exception {
        LogQueue queue = new LogQueue(Long.MAX_VALUE, dropped -> {});
        AtomicLong requests = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < LogQueue.STRIPES; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < LogQueue.BATCH_ROWS / LogQueue.STRIPES + 10; i++) {
                    if (queueInsert(queue, QueryIds.newQueryId())) {
                        requests.incrementAndGet();
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(requests.get()).isEqualTo(1);
        queue.take();
        assertThat(queueInsert(queue, QueryIds.newQueryId())).isFalse();
    }

    @Test
    @DisplayName("the stripes' rows are visited and merged in their queueing order, runs and single rows alike")
    void stripesMergeInQueueingOrder() {
        long[][] orders = {{0, 1, 2, 9, 10}, {3, 4, 11}, {5, 6, 7, 8, 12, 13}, {}};
        List<QueuedQueries> parts = new ArrayList<>();
        for (long[] stripe : orders) {
            QueuedQueries part = new QueuedQueries(4);
            for (long order : stripe) {
                part.addFinished(order, 1_000 + order, 1_000, "Insert", "id-" + order, false, 0, 0, "INSERT INTO main.t (a) VALUES", "main",
                        "t", 1, 5, "");
            }
            parts.add(part);
        }
        List<Long> visited = new ArrayList<>();
        QueuedQueries.inOrder(parts, (part, row) -> visited.add(parts.get(part).order[row]));
        assertThat(visited).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
        QueuedQueries merged = new QueuedQueries(4);
        merged.addMerged(parts);
        assertThat(merged.size).isEqualTo(14);
        for (int i = 0; i < merged.size; i++) {
            assertThat(merged.ids.text[i]).isEqualTo("id-" + i);
            assertThat(merged.eventMicros[i]).isEqualTo(1_000 + i);
        }
    }

    @Test
    @DisplayName("stripes: a power of two, four per processor, between 8 and 64")
    void stripeCount() {
        assertThat(LogQueue.stripes(1)).isEqualTo(8);
        assertThat(LogQueue.stripes(2)).isEqualTo(8);
        assertThat(LogQueue.stripes(3)).isEqualTo(16);
        assertThat(LogQueue.stripes(64)).isEqualTo(64);
    }
}

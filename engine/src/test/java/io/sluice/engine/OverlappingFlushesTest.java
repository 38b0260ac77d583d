package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A storage that takes several writers at once ({@code Storage.concurrentWrites}, as the jdbc storage's pool does)
 * gets a table's flushes side by side: a waiting caller whose batch is ready leads its own flush while another runs.
 * The storage {@code test-lost-answer} holds each write at a latch, so the overlap is proven, not timed.
 */
class OverlappingFlushesTest extends EngineTestBase {
    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @BeforeEach
    @AfterEach
    void resetStorage() {
        LostAnswerStoragePlugin.reset();
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private static final String SETTINGS = "async_insert_storage=test-lost-answer&wait_for_async_insert=1&async_insert_busy_timeout_max_ms=60000"
            + "&async_insert_use_adaptive_busy_timeout=0";

    @Test
    void twoWaitingCallersOfOneTableFlushAtOnceWhenTheStorageTakesTwoWriters() throws Exception {
        LostAnswerStoragePlugin.WRITERS = 2;
        Session session = connect(SETTINGS);
        update(session, "CREATE TABLE overlap_t (id INTEGER)");
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch bothWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Neither write passes the barrier until the other reached it: with flushes one at a time, it never trips.
        CyclicBarrier together = new CyclicBarrier(2, bothWriting::countDown);
        LostAnswerStoragePlugin.BEFORE_WRITE = () -> {
            firstWriting.countDown();
            try {
                together.await(30, TimeUnit.SECONDS);
                release.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the writes did not overlap", e);
            }
        };
        Future<Long> first = clients.submit(() -> update(connect(SETTINGS), "INSERT INTO overlap_t VALUES (1)"));
        assertThat(firstWriting.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Long> second = clients.submit(() -> update(connect(SETTINGS), "INSERT INTO overlap_t VALUES (2), (3)"));
        assertThat(bothWriting.await(30, TimeUnit.SECONDS)).as("both flushes of the table are writing").isTrue();
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertThreadsActive'"))
                .isEqualTo(List.of("2"));
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(count(session, "overlap_t")).isEqualTo(3);
        assertThat(LostAnswerStoragePlugin.MOST_WRITING.get()).isEqualTo(2);
        // Each caller led its own flush on its own thread: no flush went to the pool.
        assertThat(LostAnswerStoragePlugin.WRITE_THREADS).noneMatch(name -> name.contains("-flush-"));
    }

    @Test
    void theSettingKeepsATableToOneFlushAtATime() throws Exception {
        LostAnswerStoragePlugin.WRITERS = 2;
        String oneAtATime = SETTINGS + "&async_insert_max_flushes_per_table=1";
        Session session = connect(oneAtATime);
        update(session, "CREATE TABLE one_at_a_time_t (id INTEGER)");
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LostAnswerStoragePlugin.BEFORE_WRITE = () -> {
            firstWriting.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Future<Long> first = clients.submit(() -> update(connect(oneAtATime), "INSERT INTO one_at_a_time_t VALUES (1)"));
        assertThat(firstWriting.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Long> second = clients.submit(() -> update(connect(oneAtATime), "INSERT INTO one_at_a_time_t VALUES (2)"));
        // Both entries are buffered while the first flush holds the table's one slot.
        awaitPending(session, 2);
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(LostAnswerStoragePlugin.MOST_WRITING.get()).isEqualTo(1);
        assertThat(count(session, "one_at_a_time_t")).isEqualTo(2);
    }

    @Test
    void theTableFlushesAreTheStoragesNumberBoundedByTheSetting() {
        assertThat(Engine.tableFlushes(0, 1, 8)).isEqualTo(1);
        assertThat(Engine.tableFlushes(0, 4, 8)).isEqualTo(4);
        assertThat(Engine.tableFlushes(0, 4, 2)).as("no more than the flush threads by default").isEqualTo(2);
        assertThat(Engine.tableFlushes(4, 4, 2)).as("the setting may ask for more").isEqualTo(4);
        assertThat(Engine.tableFlushes(2, 4, 8)).isEqualTo(2);
        assertThat(Engine.tableFlushes(8, 1, 8)).as("SQLite's one writer stays one").isEqualTo(1);
    }
}

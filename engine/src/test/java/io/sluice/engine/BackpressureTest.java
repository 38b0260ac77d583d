package io.sluice.engine;

import io.sluice.engine.insert.BufferedBytesLimit;
import io.sluice.engine.insert.EntryHeap;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import io.sluice.engine.system.Metrics;
import io.sluice.spi.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackpressureTest extends EngineTestBase {
    /** "(1234567890)": 12 bytes per entry. */
    private static final String ROW = "INSERT INTO t VALUES (1234567890)";
    /** What such an entry costs on the heap with its bookkeeping, its query id a UUID: what the bound counts. */
    private static final long ENTRY = EntryHeap.of("(1234567890)", null, "00000000-0000-0000-0000-000000000000", "", "", false);

    @Test
    void atTheBoundAnInsertWaitsForRoomThenFailsNamingTheBoundAndQueuesNothing() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_max_buffered_bytes=" + 3 * ENTRY + "&async_insert_backpressure_timeout_ms=500"
                + "&async_insert_busy_timeout_max_ms=60000&async_insert_use_adaptive_busy_timeout=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 0; i < 3; i++) {
            update(session, ROW);
        }
        CompletableFuture<String> fourth = CompletableFuture.supplyAsync(() -> outcome(session, ROW));
        awaitEvent(session, "AsyncInsertBackpressureWaits", 1);
        assertThat(fourth).isNotDone();
        clock.advanceMillis(500);
        assertThat(fourth.get(10, TimeUnit.SECONDS)).isEqualTo("MEMORY_LIMIT_EXCEEDED: The INSERT's " + ENTRY
                + " bytes (its data and bookkeeping on the heap) do not fit under async_insert_max_buffered_bytes = " + 3 * ENTRY + " ("
                + 3 * ENTRY + " bytes of heap buffered): no room came within async_insert_backpressure_timeout_ms = 500;"
                + " nothing was queued");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("3");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(3);
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertBufferedBytes'")).containsExactly("0");
    }

    @Test
    void aWaitingInsertProceedsAsSoonAsAFlushGivesRoomBack() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_max_buffered_bytes=" + 2 * ENTRY + "&async_insert_busy_timeout_max_ms=100");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, ROW);
        update(session, ROW);
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> outcome(session, ROW));
        awaitEvent(session, "AsyncInsertBackpressureWaits", 1);
        clock.advanceMillis(100);
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("rows: 0");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(3);
    }

    @Test
    void underOverloadBufferedBytesStayWithinTheBoundAndNothingIsLost() throws Exception {
        long bound = ENTRY * 50;
        String url = url("wait_for_async_insert=0&async_insert_busy_timeout_max_ms=5&async_insert_max_buffered_bytes=" + bound);
        Session setup = Engines.connect(url, new Properties());
        update(setup, "CREATE TABLE t (a INTEGER)");
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            clients.add(pool.submit(() -> {
                try (Session session = Engines.connect(url, new Properties())) {
                    for (int i = 0; i < 500; i++) {
                        update(session, ROW);
                        accepted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        update(setup, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        Engine engine = engineOf(setup);
        assertThat(engine.metrics.get(Metrics.Event.AsyncInsertBackpressureWaits)).isPositive();
        assertThat(bufferedHighWater(engine)).isPositive().isLessThanOrEqualTo(bound);
        assertThat(count(setup, "t")).isEqualTo(accepted.get()).isEqualTo(16 * 500);
        setup.close();
    }

    @Test
    void aFlushWithMoreRowsThanTheBlockSizeIsWrittenAsSeveralPartsOfWholeEntries() throws Exception {
        Session session = connect("wait_for_async_insert=0&max_insert_block_size=3");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1), (2)");
        update(session, "INSERT INTO t VALUES (3), (4)");
        update(session, "INSERT INTO t VALUES (5)");
        update(session, "INSERT INTO t VALUES (6), (7), (8), (9)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(9);
        assertThat(query(session, "SELECT rows FROM system.part_log ORDER BY rowid")).containsExactly("2", "3", "4");
        assertThat(query(session, "SELECT count(DISTINCT query_id) FROM system.part_log")).containsExactly("1");
    }

    private static Engine engineOf(Session session) throws Exception {
        java.lang.reflect.Field field = Session.class.getDeclaredField("engine");
        field.setAccessible(true);
        return (Engine) field.get(session);
    }

    private static long bufferedHighWater(Engine engine) throws Exception {
        java.lang.reflect.Field field = Engine.class.getDeclaredField("bufferedBytes");
        field.setAccessible(true);
        return ((BufferedBytesLimit) field.get(engine)).highWater();
    }

    private static String outcome(Session session, String sql) {
        try {
            return "rows: " + update(session, sql);
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.MEMORY_LIMIT_EXCEEDED.code());
            return e.getMessage();
        }
    }

    private static void awaitEvent(Session session, String event, long value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(observe(session, "SELECT value FROM system.events WHERE event = '" + event + "'").get(0)) < value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(event + " never reached " + value);
            }
            Thread.onSpinWait();
        }
    }
}

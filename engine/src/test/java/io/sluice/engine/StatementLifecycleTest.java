package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.insert.EntryHeap;
import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The JDBC lifecycle calls that end an INSERT's wait: the statement's query timeout, a cancel from another
 * thread, an interrupt. The tables' flushes are far away (a minute's busy timeout, the closed-loop rule off)
 * and the clock is manual, so nothing is flushed until the test says so.
 */
class StatementLifecycleTest extends EngineTestBase {
    private static final String FAR_FLUSH = "async_insert_busy_timeout_max_ms=60000&async_insert_use_adaptive_busy_timeout=0"
            + "&async_insert_closed_loop_flush=0";

    @Test
    void aQueryTimeoutShorterThanTheWaitSettingEndsTheWaitAndTheDataIsWrittenLaterOnce() throws Exception {
        Session setup = connect(FAR_FLUSH);
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect(FAR_FLUSH);
        Session neighbour = connect(FAR_FLUSH);
        CompletableFuture<String> timed = CompletableFuture.supplyAsync(() -> outcome(client, "INSERT INTO t VALUES (1)", "timed",
                new StatementControl(2)));
        awaitPending(setup, 1);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> outcome(neighbour, "INSERT INTO t VALUES (2)", "neighbour",
                new StatementControl(0)));
        awaitPending(setup, 2);
        clock.advanceMillis(1999);
        assertThat(timed).isNotDone();
        clock.advanceMillis(1);
        assertThat(timed.get(10, TimeUnit.SECONDS)).isEqualTo("TIMEOUT_EXCEEDED: Query timeout (2 s, Statement.setQueryTimeout) exceeded while"
                + " waiting for the async insert's flush; the data stays queued and may still be written");
        assertThat(count(setup, "t")).isZero();
        assertThat(waiting).as("a neighbour without a query timeout still waits").isNotDone();
        advanceAndAwait(58_000);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("rows: 1");
        assertThat(query(setup, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        assertThat(query(setup, "SELECT query_id, status FROM system.asynchronous_insert_log ORDER BY query_id"))
                .containsExactly("neighbour|Ok", "timed|Ok");
    }

    @Test
    void theSmallerOfTheQueryTimeoutAndTheWaitSettingBoundsTheWait() throws Exception {
        Session setup = connect(FAR_FLUSH);
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect(FAR_FLUSH + "&wait_for_async_insert_timeout=1");
        CompletableFuture<String> timed = CompletableFuture.supplyAsync(() -> outcome(client, "INSERT INTO t VALUES (1)", "timed",
                new StatementControl(30)));
        awaitPending(setup, 1);
        clock.advanceMillis(1000);
        assertThat(timed.get(10, TimeUnit.SECONDS))
                .isEqualTo("TIMEOUT_EXCEEDED: Wait for async insert timeout (1000 ms) exceeded; the data stays queued and may still be written");
        update(setup, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(setup, "t")).isEqualTo(1);
    }

    @Test
    void aTimedOutInsertIsStillUnwrittenForItsSessionsNextRead() throws Exception {
        Session client = connect(FAR_FLUSH);
        update(client, "CREATE TABLE t (a INTEGER)");
        CompletableFuture<String> timed = CompletableFuture.supplyAsync(() -> outcome(client, "INSERT INTO t VALUES (1)", "timed",
                new StatementControl(1)));
        awaitPending(client, 1);
        clock.advanceMillis(1000);
        assertThat(timed.get(10, TimeUnit.SECONDS)).startsWith("TIMEOUT_EXCEEDED: Query timeout (1 s");
        // Read-your-writes: the session's read writes what it left queued first.
        assertThat(count(client, "t")).isEqualTo(1);
    }

    @Test
    void aCancelFromAnotherThreadEndsTheWaitWithQueryWasCancelledAndTheDataIsWrittenLaterOnce() throws Exception {
        Session setup = connect(FAR_FLUSH);
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect(FAR_FLUSH);
        Session neighbour = connect(FAR_FLUSH);
        StatementControl control = new StatementControl(0);
        CompletableFuture<String> cancelled = CompletableFuture.supplyAsync(() -> outcome(client, "INSERT INTO t VALUES (1)", "cancelled", control));
        awaitPending(setup, 1);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> outcome(neighbour, "INSERT INTO t VALUES (2)", "neighbour",
                new StatementControl(0)));
        awaitPending(setup, 2);
        CompletableFuture.runAsync(control::cancel).get(10, TimeUnit.SECONDS);
        assertThat(cancelled.get(10, TimeUnit.SECONDS)).isEqualTo("QUERY_WAS_CANCELLED: The statement was cancelled (Statement.cancel) while it"
                + " waited for the async insert's flush; the data stays queued and may still be written");
        assertThat(count(setup, "t")).isZero();
        assertThat(waiting).isNotDone();
        advanceAndAwait(60_000);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("rows: 1");
        assertThat(query(setup, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        assertThat(query(setup, "SELECT count(*) FROM system.asynchronous_insert_log WHERE query_id = 'cancelled'")).containsExactly("1");
    }

    @Test
    void aStatementCancelledBeforeItsInsertIsBufferedQueuesNothing() throws Exception {
        Session session = connect(FAR_FLUSH);
        update(session, "CREATE TABLE t (a INTEGER)");
        StatementControl control = new StatementControl(0);
        control.cancel();
        assertThat(outcome(session, "INSERT INTO t VALUES (1)", "early", control))
                .isEqualTo("QUERY_WAS_CANCELLED: The statement was cancelled (Statement.cancel) before its INSERT was buffered; nothing was queued");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isZero();
    }

    @Test
    void anInterruptEndsAFlushWaitKeepsTheInterruptAndTheDataIsWrittenLaterOnce() throws Exception {
        Session setup = connect(FAR_FLUSH);
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect(FAR_FLUSH);
        AtomicReference<String> outcome = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            outcome.set(outcome(client, "INSERT INTO t VALUES (1)", "interrupted", null));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        thread.start();
        awaitPending(setup, 1);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(outcome.get()).isEqualTo("ABORTED: Interrupted while waiting for the async insert's flush; the data stays queued");
        assertThat(interruptKept).isTrue();
        assertThat(count(setup, "t")).isZero();
        advanceAndAwait(60_000);
        assertThat(count(setup, "t")).isEqualTo(1);
        assertThat(query(setup, "SELECT count(*) FROM system.asynchronous_insert_log WHERE query_id = 'interrupted'")).containsExactly("1");
    }

    /** What an entry with a generated query id (a UUID) costs: two fill the bound. */
    private static final long BOUND = 2 * EntryHeap.of("(1)", null, "00000000-0000-0000-0000-000000000000", "", "", false);
    /** Settings under which two INSERTs fill the buffer's bound, a third waits up to a minute for room, and nothing flushes by itself. */
    private static final String FULL_AT_TWO = "wait_for_async_insert=0&async_insert_max_buffered_bytes=" + BOUND
            + "&async_insert_backpressure_timeout_ms=60000&" + FAR_FLUSH;

    /** A session whose two INSERTs into {@code t} fill its engine's bound: a third waits for room. */
    private Session boundFilled() throws Exception {
        Session session = connect(FULL_AT_TWO);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (2)");
        return session;
    }

    @Test
    void anInterruptEndsABackpressureWaitQueuesNothingAndLeavesTheOthersAlone() throws Exception {
        Session session = boundFilled();
        Session client = connect(FULL_AT_TWO);
        AtomicReference<String> outcome = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            outcome.set(outcome(client, "INSERT INTO t VALUES (3)", "waiting-for-room", null));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        thread.start();
        awaitEvent(session, "AsyncInsertBackpressureWaits", 1);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(outcome.get()).startsWith("ABORTED: Interrupted while the INSERT waited for room under async_insert_max_buffered_bytes = "
                + BOUND).endsWith("; nothing was queued");
        assertThat(interruptKept).isTrue();
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertBackpressureRefusals'")).containsExactly("0");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        // The line is free again: the next INSERT gets room at once.
        update(client, "INSERT INTO t VALUES (4)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2", "4");
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_log WHERE query_id = 'waiting-for-room'")).containsExactly("0");
    }

    @Test
    void aCancelEndsABackpressureWaitAndQueuesNothing() throws Exception {
        Session session = boundFilled();
        Session client = connect(FULL_AT_TWO);
        StatementControl control = new StatementControl(0);
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> outcome.set(outcome(client, "INSERT INTO t VALUES (3)", "waiting-for-room", control)));
        thread.start();
        awaitEvent(session, "AsyncInsertBackpressureWaits", 1);
        control.cancel();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(outcome.get()).startsWith("QUERY_WAS_CANCELLED: The statement was cancelled (Statement.cancel) while the INSERT"
                + " waited for room under async_insert_max_buffered_bytes = " + BOUND).endsWith("; nothing was queued");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        update(client, "INSERT INTO t VALUES (4)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2", "4");
    }

    @Test
    void theQueryTimeoutBoundsABackpressureWait() throws Exception {
        Session session = boundFilled();
        Session client = connect(FULL_AT_TWO);
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> outcome.set(outcome(client, "INSERT INTO t VALUES (3)", "waiting-for-room", new StatementControl(2))));
        thread.start();
        awaitEvent(session, "AsyncInsertBackpressureWaits", 1);
        // The query timeout (2 s), not the backpressure timeout (60 s), ends the wait, on the engine's clock.
        clock.advanceMillis(2_000);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(outcome.get()).isEqualTo("TIMEOUT_EXCEEDED: The statement's query timeout (2 s, Statement.setQueryTimeout) passed while"
                + " the INSERT waited for room under async_insert_max_buffered_bytes = " + BOUND + "; nothing was queued");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
    }

    /** "rows: n" or the error's message, its code checked against its name. */
    private static String outcome(Session session, String sql, String queryId, StatementControl control) {
        try (Result result = session.execute(sql, queryId, null, control)) {
            return "rows: " + result.updateCount();
        } catch (SQLException e) {
            String name = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.valueOf(name).code());
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

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write that fails with a lost connection may have committed. The engine resolves it through the ledger
 * before writing again: nothing is written twice and each waiting client gets its true row count, with the
 * memory buffer as with the WAL, and with deduplication. The storage {@code test-lost-answer} commits a write
 * and then throws, as when a COMMIT's answer is lost on the network.
 */
class UnknownWriteOutcomeTest extends EngineTestBase {
    /**
     * Waiting clients whose entries the tests watch while buffered: the closed-loop rule, which would flush a
     * lone waiting client at once, is off, so the buffer is flushed by its 10 ms deadline on the manual clock.
     */
    private static final String WAITING = "async_insert_storage=test-lost-answer&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0"
            + "&async_insert_busy_timeout_max_ms=10&async_insert_retry_initial_backoff_ms=100&async_insert_closed_loop_flush=0";

    @BeforeEach
    @AfterEach
    void resetStorage() {
        LostAnswerStoragePlugin.reset();
    }

    private String wal() {
        return "&async_insert_buffer=wal&async_insert_wal_directory=" + folder.resolve("wal");
    }

    /** Runs {@code sql} in a waiting client; the flush fails once, and is retried once the clock passed the backoff. */
    private long insertThroughOneFailure(Session session, String sql) throws Exception {
        long retriesBefore = events(session, "AsyncInsertRetries");
        CompletableFuture<Long> client = CompletableFuture.supplyAsync(() -> {
            try {
                return update(session, sql);
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(session, 1);
        clock.advanceMillis(10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events(session, "AsyncInsertRetries") == retriesBefore) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the write was not retried");
            }
            Thread.onSpinWait();
        }
        clock.advanceMillis(100);
        return client.get(10, TimeUnit.SECONDS);
    }

    private static long events(Session session, String event) throws SQLException {
        List<String> value = observe(session, "SELECT value FROM system.events WHERE event = '" + event + "'");
        return value.isEmpty() ? 0 : Long.parseLong(value.get(0));
    }

    @Test
    void memoryBufferAWriteWhoseAnswerWasLostIsNotWrittenAgainAndTheClientGetsItsRows() throws Exception {
        Session session = connect(WAITING);
        update(session, "CREATE TABLE t (a INTEGER)");
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        assertThat(insertThroughOneFailure(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        assertThat(events(session, "AsyncInsertLostWritesResolved")).isEqualTo(1);
        assertThat(query(session, "SELECT status, rows FROM system.asynchronous_insert_log")).containsExactly("Ok|2");
    }

    @Test
    void walBufferTheClientGetsItsRowsNotZero() throws Exception {
        Session session = connect(WAITING + wal());
        update(session, "CREATE TABLE t (a INTEGER)");
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        assertThat(insertThroughOneFailure(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
    }

    @Test
    void deduplicationStillAnswersARepeatedInsertWithSuccessAndNoRows() throws Exception {
        Session session = connect(WAITING + "&async_insert_deduplicate=1");
        update(session, "CREATE TABLE t (a INTEGER)");
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        assertThat(insertThroughOneFailure(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        CompletableFuture<Long> again = CompletableFuture.supplyAsync(() -> {
            try {
                return update(session, "INSERT INTO t VALUES (1), (2)");
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(session, 1);
        clock.advanceMillis(10);
        assertThat(again.get(10, TimeUnit.SECONDS)).as("a duplicate: success, no rows").isZero();
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
    }

    @Test
    void aWriteThatFailedBeforeCommittingIsWrittenAgain() throws Exception {
        Session session = connect(WAITING);
        update(session, "CREATE TABLE t (a INTEGER)");
        LostAnswerStoragePlugin.FAIL_BEFORE.set(1);
        assertThat(insertThroughOneFailure(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
        assertThat(events(session, "AsyncInsertLostWritesResolved")).isZero();
    }

    @Test
    void aStorageThatCannotResolveStillNeverWritesARowTwiceWithTheMemoryBuffer() throws Exception {
        Session session = connect(WAITING);
        update(session, "CREATE TABLE t (a INTEGER)");
        LostAnswerStoragePlugin.RESOLVES = false;
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        // The second write finds the part's own id in the ledger and skips its rows: the first write had written them.
        assertThat(insertThroughOneFailure(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
    }
}

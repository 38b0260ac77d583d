package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import io.sluice.spi.SluiceSqlException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlushTriggerTest extends EngineTestBase {
    @Test
    void deadlineFlushesExactlyWhenTheBusyTimeoutHasPassedSinceTheFirstEntry() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        advanceAndAwait(150);
        update(session, "INSERT INTO t VALUES (2)");
        advanceAndAwait(49);
        assertThat(count(session, "t")).isZero();
        // The deadline is fixed when the buffer opens: the second insert did not extend it.
        advanceAndAwait(1);
        assertThat(count(session, "t")).isEqualTo(2);
        assertThat(query(session, "SELECT timeout_milliseconds, status FROM system.asynchronous_insert_log"))
                .containsExactly("200|Ok", "200|Ok");
    }

    @Test
    void entryCountFlushesAtTheLimitWithoutWaitingForTheDeadline() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0&async_insert_max_query_number=3");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (2)");
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isZero();
        update(session, "INSERT INTO t VALUES (3)");
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isEqualTo(3);
        assertThat(query(session, "SELECT DISTINCT timeout_milliseconds FROM system.asynchronous_insert_log")).containsExactly("0");
    }

    @Test
    void byteSizeFlushesWhenTheDataReachesTheLimit() throws Exception {
        // Each entry's data is "(1)" etc.: 3 bytes, counted from the first non-blank character.
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0&async_insert_max_data_size=9");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES    (1)");
        update(session, "INSERT INTO t VALUES (2)");
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isZero();
        update(session, "INSERT INTO t VALUES (3)");
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isEqualTo(3);
        assertThat(query(session, "SELECT bytes FROM system.asynchronous_insert_log")).containsExactly("3", "3", "3");
    }

    @Test
    void anInsertLargerThanTheMaxDataSizeRunsSynchronouslyAndIsNotAnAsyncInsert() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0&async_insert_max_data_size=5");
        update(session, "CREATE TABLE t (a INTEGER)");
        assertThat(update(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(count(session, "t")).isEqualTo(2);
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertQuery'")).containsExactly("0");
    }

    @Test
    void aWaitingClientGetsItsRowCountAfterTheDeadlineFlush() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER)");
        // Pure timeout semantics: with the closed-loop rule a lone waiting client is flushed at once (the next test).
        Session client = connect("async_insert_closed_loop_flush=0");
        CompletableFuture<Long> rows = CompletableFuture.supplyAsync(() -> {
            try {
                return update(client, "INSERT INTO t VALUES (1), (2), (3)");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(setup, 1);
        assertThat(rows).isNotDone();
        clock.advanceMillis(200);
        assertThat(rows.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aLoneWaitingClientIsFlushedAtOnceWithoutTheClockMoving() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect("async_insert_busy_timeout_max_ms=5000");
        // Nothing advances the manual clock: only the closed-loop rule can flush this buffer.
        assertThat(update(client, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(query(setup, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2");
    }

    @Test
    void aClientThatStopsWaitingGetsTimeoutExceededAndItsDataIsStillWritten() throws Exception {
        Session setup = connect("async_insert_busy_timeout_max_ms=5000&async_insert_use_adaptive_busy_timeout=0");
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session client = connect("async_insert_busy_timeout_max_ms=5000&wait_for_async_insert_timeout=1&async_insert_use_adaptive_busy_timeout=0"
                + "&async_insert_closed_loop_flush=0");
        CompletableFuture<Long> rows = CompletableFuture.supplyAsync(() -> {
            try {
                return update(client, "INSERT INTO t VALUES (7)");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(setup, 1);
        clock.advanceMillis(1000);
        assertThatThrownBy(() -> rows.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SluiceSqlException.class)
                .rootCause().hasMessage("TIMEOUT_EXCEEDED: Wait for async insert timeout (1000 ms) exceeded; the data stays queued and may still be written");
        assertThat(count(setup, "t")).isZero();
        advanceAndAwait(4000);
        assertThat(query(setup, "SELECT a FROM t")).containsExactly("7");
    }

    @Test
    void flushQueueStatementFlushesOnlyTheNamedTables() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0");
        update(session, "CREATE TABLE \"first one\" (a INTEGER)");
        update(session, "CREATE TABLE second (a INTEGER)");
        update(session, "INSERT INTO \"first one\" VALUES (1)");
        update(session, "INSERT INTO main.second VALUES (2)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE main.`first one`");
        assertThat(count(session, "\"first one\"")).isEqualTo(1);
        assertThat(count(session, "second")).isZero();
        assertThat(query(session, "SELECT \"table\", total_bytes, \"entries.bytes\" FROM system.asynchronous_inserts"))
                .containsExactly("second|3|[3]");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "second")).isEqualTo(1);
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_inserts")).containsExactly("0");
    }

    @Test
    void theAdaptiveTimeoutIsTheDefaultAndARareInsertIntoAnIdleTableIsFlushedAtOnce() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        // A new table starts at async_insert_busy_timeout_min_ms.
        update(session, "INSERT INTO t VALUES (1)");
        advanceAndAwait(49);
        assertThat(count(session, "t")).isZero();
        advanceAndAwait(1);
        assertThat(count(session, "t")).isEqualTo(1);
        // After a quiet second, a second flush: now the table has two flushes of history, far apart.
        advanceAndAwait(1000);
        update(session, "INSERT INTO t VALUES (2)");
        advanceAndAwait(50);
        // Quiet again: the next insert is flushed at once, without waiting for any deadline.
        advanceAndAwait(1000);
        update(session, "INSERT INTO t VALUES (3)");
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isEqualTo(3);
        assertThat(query(session, "SELECT timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY event_time_microseconds"))
                .containsExactly("50", "50", "0");
    }
}

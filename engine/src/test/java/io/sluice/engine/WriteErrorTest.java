package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteErrorTest extends EngineTestBase {
    @Test
    void anEntryThatViolatesAConstraintFailsAloneAndTheOthersAreWritten() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
        update(session, "INSERT INTO t SETTINGS async_insert = 0 VALUES (2, 'existing')");
        update(session, "INSERT INTO t VALUES (1, 'a')");
        update(session, "INSERT INTO t VALUES (2, 'duplicate'), (3, 'lost with its entry')");
        update(session, "INSERT INTO t VALUES (4, 'b')");
        update(session, "INSERT INTO t VALUES (5, 'c')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT id, name FROM t ORDER BY id")).containsExactly("1|a", "2|existing", "4|b", "5|c");
        List<String> log = query(session, "SELECT status, rows, exception FROM system.asynchronous_insert_log ORDER BY event_time_microseconds");
        assertThat(log).hasSize(4);
        assertThat(log.get(1)).startsWith("FlushError|0|VIOLATED_CONSTRAINT: Flush ").contains("UNIQUE constraint failed: t.id");
        assertThat(log).filteredOn(row -> row.startsWith("Ok|1|")).hasSize(3);
        // The failed first attempt and the parts of the split are all in the part log.
        assertThat(query(session, "SELECT sum(rows), sum(error) > 0 FROM system.part_log")).containsExactly("3|1");
    }

    @Test
    void aBusyDatabaseIsRetriedWithBackoffUntilTheWriteSucceeds() throws Exception {
        Session session = connect("wait_for_async_insert=0&sqlite_busy_timeout_ms=0&async_insert_retry_initial_backoff_ms=100");
        update(session, "CREATE TABLE t (a INTEGER)");
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            lock.execute("INSERT INTO t VALUES (0)");
            update(session, "INSERT INTO t VALUES (1)");
            CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> {
                try {
                    update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitRetries(session, 1);
            clock.advanceMillis(100);
            awaitRetries(session, 2);
            lock.execute("COMMIT");
            clock.advanceMillis(200);
            flushed.get(10, TimeUnit.SECONDS);
        }
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("0", "1");
        assertThat(query(session, "SELECT status FROM system.asynchronous_insert_log")).containsExactly("Ok");
    }

    @Test
    void aWriteThatStaysBusyPastTheRetryTimeoutFailsItsEntriesWithTheCause() throws Exception {
        Session session = connect("sqlite_busy_timeout_ms=0&async_insert_retry_timeout_ms=250&async_insert_retry_initial_backoff_ms=100");
        update(session, "CREATE TABLE t (a INTEGER)");
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<String> client = CompletableFuture.supplyAsync(() -> {
                try {
                    return "rows: " + update(session, "INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 10 VALUES (1)");
                } catch (java.sql.SQLException e) {
                    return e.getMessage();
                }
            });
            awaitPending(session, 1);
            clock.advanceMillis(10);
            awaitRetries(session, 1);
            // The second attempt fails too, and waiting 200 ms more would pass the 250 ms retry deadline.
            clock.advanceMillis(100);
            assertThat(client.get(10, TimeUnit.SECONDS)).startsWith("UNKNOWN_EXCEPTION: Flush ").contains("database is locked");
            lock.execute("ROLLBACK");
        }
        assertThat(count(session, "t")).isZero();
    }

    @Test
    void flushesThatQueuedUpAndShareAWriteFailingTransientlyFailTogetherAfterOneRetryDeadline() throws Exception {
        Session session = connect("sqlite_busy_timeout_ms=0&async_insert_retry_timeout_ms=250&async_insert_retry_initial_backoff_ms=100"
                + "&async_insert_retry_max_backoff_ms=100");
        update(session, "CREATE TABLE t (a INTEGER, b INTEGER)");
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<String> first = client(session, "INSERT INTO t (a) SETTINGS async_insert_busy_timeout_max_ms = 10 VALUES (1)");
            awaitPending(session, 1);
            clock.advanceMillis(10);
            awaitRetries(session, 1);
            // While the first flush retries, two more buffers of the table (other column lists) are detached: they queue
            // behind it and are then written together.
            CompletableFuture<String> second = client(session, "INSERT INTO t (b) SETTINGS async_insert_busy_timeout_max_ms = 10 VALUES (2)");
            CompletableFuture<String> third = client(session, "INSERT INTO t (a, b) SETTINGS async_insert_busy_timeout_max_ms = 10 VALUES (3, 3)");
            awaitPending(session, 3);
            clock.advanceMillis(10);
            awaitOpenBuffers(session, 0);
            clock.advanceMillis(90);
            awaitRetries(session, 2);
            clock.advanceMillis(100);
            assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("UNKNOWN_EXCEPTION: Flush ").contains("database is locked");
            // The shared write of the other two: retried until its own deadline, then both fail at once.
            awaitRetries(session, 3);
            clock.advanceMillis(100);
            awaitRetries(session, 4);
            clock.advanceMillis(100);
            assertThat(second.get(10, TimeUnit.SECONDS)).startsWith("UNKNOWN_EXCEPTION: Flush ")
                    .contains("after retrying for 250 ms (async_insert_retry_timeout_ms = 250)").contains("database is locked");
            assertThat(third.get(10, TimeUnit.SECONDS)).startsWith("UNKNOWN_EXCEPTION: Flush ").contains("database is locked");
            lock.execute("ROLLBACK");
        }
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertRetries'")).containsExactly("4");
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).containsExactly("3");
    }

    private static CompletableFuture<String> client(Session session, String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return "rows: " + update(session, sql);
            } catch (java.sql.SQLException e) {
                return e.getMessage();
            }
        });
    }

    private static void awaitOpenBuffers(Session session, int buffers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(observe(session, "SELECT count(*) FROM system.asynchronous_inserts").get(0)) != buffers) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the open buffers did not come to " + buffers);
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitRetries(Session session, int retries) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(observe(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertRetries'").get(0)) < retries) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + retries + " retries happened");
            }
            Thread.onSpinWait();
        }
    }
}

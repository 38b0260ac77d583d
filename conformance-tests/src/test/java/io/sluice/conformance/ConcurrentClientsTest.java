package io.sluice.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import io.sluice.jdbc.SluiceStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients at once, on the real clock: every acknowledged row is written exactly once, every INSERT
 * has its log row, and the INSERTs share few flushes.
 */
class ConcurrentClientsTest {
    private static final int THREADS = 32;
    private static final int INSERTS_PER_THREAD = 200;
    private static final int TOTAL = THREADS * INSERTS_PER_THREAD;

    @TempDir
    Path folder;

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    @Test
    @DisplayName("32 threads × 200 single-row INSERTs, half waiting and half not, are each written exactly once in far fewer flushes")
    void concurrentSingleRowInserts() throws Exception {
        String url = "jdbc:sluice:sqlite:" + folder.resolve("concurrent.db") + "?async_insert_busy_timeout_max_ms=50";
        try (Connection admin = DriverManager.getConnection(url); Statement statement = admin.createStatement()) {
            // No key: a row written twice must show up as a duplicate, not as a failed batch.
            statement.executeUpdate("CREATE TABLE t (thread INTEGER NOT NULL, seq INTEGER NOT NULL)");
        }

        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        try {
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                boolean waits = thread % 2 == 0;
                results.add(clients.submit(() -> insertAll(url + "&wait_for_async_insert=" + (waits ? 1 : 0), id, start)));
            }
            start.countDown();
            for (int thread = 0; thread < THREADS; thread++) {
                long[] counts = results.get(thread).get(5, TimeUnit.MINUTES);
                // A waiting client learns its one row; one that does not wait gets 0 at once.
                long expected = thread % 2 == 0 ? 1 : 0;
                assertThat(counts).as("update counts of thread %d", thread).containsOnly(expected);
            }
        } finally {
            clients.shutdownNow();
        }

        try (Connection admin = DriverManager.getConnection(url); Statement statement = admin.createStatement()) {
            statement.executeUpdate("SYSTEM FLUSH ASYNC INSERT QUEUE");
            assertThat(longs(statement, "SELECT count(*), count(DISTINCT thread * 100000 + seq), min(thread), max(thread),"
                    + " min(seq), max(seq) FROM t"))
                    .as("rows, distinct rows, thread and sequence ranges")
                    .containsExactly((long) TOTAL, (long) TOTAL, 0L, THREADS - 1L, 0L, INSERTS_PER_THREAD - 1L);
            assertThat(longs(statement, "SELECT count(*), count(DISTINCT query_id), sum(status = 'Ok'), sum(rows)"
                    + " FROM system.asynchronous_insert_log"))
                    .as("log rows, distinct query ids, Ok rows, rows logged")
                    .containsExactly((long) TOTAL, (long) TOTAL, (long) TOTAL, (long) TOTAL);
            long flushes = longs(statement, "SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log")[0];
            assertThat(flushes).as("flushes for %d INSERTs", TOTAL).isPositive().isLessThanOrEqualTo(TOTAL / 4);
            assertThat(longs(statement, "SELECT value FROM system.events WHERE event = 'AsyncInsertFlush'")[0]).isEqualTo(flushes);
            assertThat(longs(statement, "SELECT value FROM system.events WHERE event = 'AsyncInsertQuery'")[0]).isEqualTo(TOTAL);
            assertThat(longs(statement, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")[0]).isZero();
        }
    }

    /** One client: its own connection, one row per INSERT, a query id naming thread and sequence. */
    private static long[] insertAll(String url, int thread, CountDownLatch start) throws Exception {
        long[] counts = new long[INSERTS_PER_THREAD];
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            start.await();
            for (int seq = 0; seq < INSERTS_PER_THREAD; seq++) {
                statement.unwrap(SluiceStatement.class).setQueryId("client-" + thread + "-" + seq);
                counts[seq] = statement.executeUpdate("INSERT INTO t VALUES (" + thread + ", " + seq + ")");
            }
        }
        return counts;
    }

    /** The first row of a query, as numbers. */
    private static long[] longs(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            long[] values = new long[rows.getMetaData().getColumnCount()];
            for (int c = 0; c < values.length; c++) {
                values[c] = rows.getLong(c + 1);
            }
            return values;
        }
    }
}

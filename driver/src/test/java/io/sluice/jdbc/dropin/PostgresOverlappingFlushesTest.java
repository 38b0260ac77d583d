package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a table's flushes overlap, each in its own transaction on its own pooled connection: a flush that
 * waits on a row lock (another session's uncommitted row with the same key) does not hold back the next waiting
 * caller's. The lock is held by a plain connection of the test's, so the overlap is proven, not timed; with one
 * flush at a time the second INSERT would wait for the first.
 */
class PostgresOverlappingFlushesTest {
    private static final String SLUICE_URL = "jdbc:sluice:" + TestServers.POSTGRES_TARGET
            + "?user=postgres&async_insert_busy_timeout_max_ms=60000&async_insert_use_adaptive_busy_timeout=0"
            + "&async_insert_retry_initial_backoff_ms=1";
    private static final String DIRECT_URL = "jdbc:" + TestServers.POSTGRES_TARGET + "?user=postgres";
    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    private String table;

    @BeforeEach
    void createTable() throws SQLException {
        TestServers.requirePostgres();
        table = DropInSuite.uniqueName("overlap");
        try (Connection connection = DriverManager.getConnection(DIRECT_URL); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        clients.shutdownNow();
        if (table != null) {
            try (Connection connection = DriverManager.getConnection(DIRECT_URL); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @AfterAll
    static void closeEngines() {
        Engines.closeAll();
    }

    @Test
    void aWaitingCallersFlushRunsWhileAnotherFlushOfTheTableWaitsOnALock() throws Exception {
        try (Connection holder = DriverManager.getConnection(DIRECT_URL)) {
            holder.setAutoCommit(false);
            holder.createStatement().executeUpdate("INSERT INTO " + table + " VALUES (1)");
            Future<Integer> blocked = clients.submit(() -> insert("INSERT INTO " + table + " VALUES (1)"));
            awaitLockWaits(holder, 1);

            // One flush at a time, this INSERT would wait for the blocked one, which waits for the holder.
            Future<Integer> beside = clients.submit(() -> insert("INSERT INTO " + table + " VALUES (2)"));
            assertThat(beside.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(blocked).isNotDone();

            holder.rollback();
            assertThat(blocked.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void twoOverlappingFlushesCarryingOneDeduplicationTokenWriteItOnce() throws Exception {
        try (Connection holder = DriverManager.getConnection(DIRECT_URL)) {
            holder.setAutoCommit(false);
            holder.createStatement().executeUpdate("INSERT INTO " + table + " VALUES (1)");
            String tokenInsert = "INSERT INTO " + table + " SETTINGS insert_deduplication_token = 'overlap-token' VALUES (1)";
            // The first records the token in the ledger, then waits on the holder's row; the second, in a flush of its
            // own beside it, waits on the first's uncommitted token.
            Future<Integer> first = clients.submit(() -> insert(tokenInsert));
            awaitLockWaits(holder, 1);
            Future<Integer> second = clients.submit(() -> insert(tokenInsert));
            awaitLockWaits(holder, 2);

            holder.rollback();
            first.get(60, TimeUnit.SECONDS);
            // The second's ledger record conflicts once the first commits: retried, it finds the token and skips its block.
            second.get(60, TimeUnit.SECONDS);
        }
        assertThat(count()).isEqualTo(1);
    }

    private static int insert(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SLUICE_URL); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** Waits until {@code sessions} other sessions wait for a transaction's lock: the server tells, no timing involved. */
    private static void awaitLockWaits(Connection observer, int sessions) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Statement statement = observer.createStatement();
                    ResultSet waits = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted")) {
                waits.next();
                if (waits.getInt(1) >= sessions) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sessions + " sessions never waited on a lock");
            }
            Thread.onSpinWait();
        }
    }

    private long count() throws SQLException {
        try (Connection connection = DriverManager.getConnection(DIRECT_URL); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

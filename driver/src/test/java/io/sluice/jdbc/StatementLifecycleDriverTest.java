package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Statement.setQueryTimeout} and {@code Statement.cancel()} on INSERTs waiting for their flush, through
 * DriverManager on a SQLite file, the engine on a manual clock with its flushes a minute away.
 */
class StatementLifecycleDriverTest {
    @TempDir
    Path directory;
    private final ManualClock clock = new ManualClock();
    private String url;
    private Connection setup;

    @BeforeEach
    void createTable() throws SQLException {
        url = "jdbc:sluice:sqlite:" + directory.resolve("app.db") + "?async_insert_busy_timeout_max_ms=60000"
                + "&async_insert_use_adaptive_busy_timeout=0&async_insert_closed_loop_flush=0";
        setup = connect();
        try (Statement statement = setup.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (a INTEGER)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        setup.close();
        Engines.closeAll();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.put(Engines.CLOCK_PROPERTY, clock);
        return DriverManager.getConnection(url, properties);
    }

    @Test
    void aQueryTimeoutEndsAPreparedInsertsWaitAndItsRowIsWrittenLater() throws Exception {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
            insert.setQueryTimeout(3);
            insert.setInt(1, 1);
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> failureOf(insert::executeUpdate));
            awaitPending(1);
            clock.advanceMillis(2999);
            assertThat(outcome).isNotDone();
            clock.advanceMillis(1);
            SQLException e = outcome.get(10, TimeUnit.SECONDS);
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.TIMEOUT_EXCEEDED.code());
            assertThat(e.getSQLState()).isEqualTo("HYT00");
            assertThat(e.getMessage()).contains("Statement.setQueryTimeout").contains("the data stays queued");
        }
        assertThat(count()).isZero();
        clock.advanceMillis(57_000);
        Engines.awaitFlushes();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void cancelFromAnotherThreadEndsAStatementsWaitAndItsRowIsWrittenLaterOnce() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(
                    () -> failureOf(() -> statement.executeUpdate("INSERT INTO t VALUES (1)")));
            awaitPending(1);
            CompletableFuture.runAsync(() -> {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            SQLException e = outcome.get(10, TimeUnit.SECONDS);
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.QUERY_WAS_CANCELLED.code());
            assertThat(e.getSQLState()).isEqualTo("HY008");
            assertThat(e.getMessage()).contains("the data stays queued and may still be written");
            // The statement is usable again, and a cancel with nothing running does nothing.
            statement.cancel();
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
        clock.advanceMillis(60_000);
        Engines.awaitFlushes();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void cancelEndsAPreparedBatchsWait() throws Exception {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
            for (int i = 0; i < 3; i++) {
                insert.setInt(1, i);
                insert.addBatch();
            }
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> failureOf(insert::executeBatch));
            awaitPending(1);
            insert.cancel();
            assertThat(outcome.get(10, TimeUnit.SECONDS).getErrorCode()).isEqualTo(ErrorCode.QUERY_WAS_CANCELLED.code());
        }
        clock.advanceMillis(60_000);
        Engines.awaitFlushes();
        assertThat(count()).isEqualTo(3);
    }

    private interface Execution {
        Object run() throws SQLException;
    }

    private static SQLException failureOf(Execution execution) {
        try {
            execution.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the execution did not fail");
    }

    private long count() throws SQLException {
        try (Statement statement = setup.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void awaitPending(int entries) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Statement statement = setup.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")) {
                rows.next();
                if (rows.getLong(1) == entries) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no pending insert appeared");
            }
            Thread.onSpinWait();
        }
    }
}

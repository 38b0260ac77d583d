package io.sluice.crash;

import static io.sluice.crash.FaultTesting.awaitCondition;
import static io.sluice.crash.FaultTesting.number;
import static io.sluice.crash.FaultTesting.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.engine.Engines;
import io.sluice.engine.insert.EntryHeap;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away and comes back, behind a {@link TcpProxy} that Sluice's URL points at: new
 * connections refused, open ones dropped, or every byte held (a partition). The table is created and read
 * directly, not through the proxy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatabaseOutageTest {
    /** Retries give up after this long: short, so that the tests see the deadline pass. */
    private static final long RETRY_MS = 1_500;
    private static final String FAST_FAILING = "async_insert_retry_timeout_ms=" + RETRY_MS + "&async_insert_retry_initial_backoff_ms=50"
            + "&async_insert_retry_max_backoff_ms=300&jdbc_connection_timeout_ms=500&jdbc_network_timeout_ms=1000"
            + "&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=50";

    @TempDir
    Path directory;

    private TcpProxy proxy;
    private CrashTarget.Postgres target;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeEach
    void startProxy() throws Exception {
        TestServers.requirePostgres();
        proxy = new TcpProxy(TestServers.POSTGRES_HOST, TestServers.POSTGRES_PORT);
        target = new CrashTarget.Postgres(directory, proxy.port());
        target.createTable();
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        if (proxy != null) {
            proxy.pass();
        }
        for (Connection connection : connections) {
            connection.close();
        }
        Engines.closeAll();
        if (proxy != null) {
            proxy.close();
            target.dropTable();
        }
    }

    private Connection sluice(String settings) throws SQLException {
        Connection connection = DriverManager.getConnection(target.sluiceUrl(settings));
        connections.add(connection);
        return connection;
    }

    private String insert(long id) {
        return "INSERT INTO " + target.table + " (id, grp, n, payload) VALUES (" + id + ", " + id + ", 1, 'p" + id + "')";
    }

    private long rowsInTable() throws SQLException {
        try (Connection plain = target.plain()) {
            return number(plain, "SELECT count(*) FROM " + target.table);
        }
    }

    private long distinctIds() throws SQLException {
        try (Connection plain = target.plain()) {
            return number(plain, "SELECT count(DISTINCT id) FROM " + target.table);
        }
    }

    @Test
    @DisplayName("database down: a waiting client gets a clear error once the retry deadline passes, and the data is replayed from the dead-letter table after it returns")
    void waitingClientGetsAnErrorAfterTheRetryDeadline() throws Exception {
        Connection connection = sluice(FAST_FAILING);
        assertThat(update(connection, insert(1))).isEqualTo(1);

        proxy.refuse();
        proxy.drop();
        long started = System.nanoTime();
        SQLException error = catchThrowableOfType(SQLException.class, () -> update(connection, insert(2)));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat((Throwable) error).as("the waiting INSERT fails").isNotNull();
        assertThat(error.getMessage()).as("the error names the flush, the table, the retries and the cause")
                .contains(target.table).contains("async_insert_retry_timeout_ms").containsIgnoringCase("connection");
        assertThat(error.getSQLState()).as("a connection error's SQLState").startsWith("08");
        // The engine gives up when its next attempt would start past the deadline: at most one backoff (300 ms) early.
        assertThat(waitedMillis).as("it came at the retry deadline, not long before, and not much later")
                .isGreaterThanOrEqualTo(RETRY_MS - 300).isLessThan(RETRY_MS + 15_000);

        proxy.pass();
        assertThat(update(connection, insert(3))).as("writes work again").isEqualTo(1);
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isEqualTo(1);
        update(connection, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER");
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isZero();
        assertThat(rowsInTable()).isEqualTo(3);
        assertThat(distinctIds()).isEqualTo(3);
    }

    @Test
    @DisplayName("database down: the memory buffer's bound holds; INSERTs beyond it wait, then fail with MEMORY_LIMIT_EXCEEDED; what was accepted is written once it returns")
    void memoryBoundHoldsDuringTheOutage() throws Exception {
        long bound = 40_000;
        Connection connection = sluice("wait_for_async_insert=0&async_insert_retry_timeout_ms=60000&async_insert_retry_max_backoff_ms=200"
                + "&jdbc_connection_timeout_ms=500&async_insert_max_buffered_bytes=" + bound + "&async_insert_backpressure_timeout_ms=300"
                + "&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=50");
        update(connection, insert(0));
        update(connection, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        proxy.refuse();
        proxy.drop();

        long accepted = 0;
        SQLException refused = null;
        long id = 1;
        while (refused == null && id < 10_000) {
            try {
                update(connection, insert(id));
                accepted++;
            } catch (SQLException e) {
                refused = e;
            }
            id++;
        }
        assertThat((Throwable) refused).as("an INSERT was refused at the bound").isNotNull();
        assertThat(refused.getErrorCode()).isEqualTo(241);
        assertThat(refused.getMessage()).startsWith("MEMORY_LIMIT_EXCEEDED").contains("async_insert_max_buffered_bytes");
        long buffered = number(connection, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertBufferedBytes'");
        assertThat(buffered).as("bytes held while the database is away").isPositive().isLessThanOrEqualTo(bound);
        // What the bound counts: an entry's heap cost, its data and bookkeeping (its query id a UUID).
        String data = insert(1).substring(insert(1).indexOf("VALUES") + "VALUES ".length());
        long perInsert = EntryHeap.of(data, null, "00000000-0000-0000-0000-000000000000", "", "", false);
        assertThat(accepted).as("the INSERTs that fit under the bound were accepted").isGreaterThanOrEqualTo(bound / perInsert / 2);

        proxy.pass();
        update(connection, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(rowsInTable()).as("every accepted INSERT is written once the database is back").isEqualTo(accepted + 1);
        assertThat(distinctIds()).isEqualTo(accepted + 1);
    }

    @Test
    @DisplayName("database down, WAL: acknowledged INSERTs are not lost when the retry deadline passes; the engine writes them once the database returns")
    void walKeepsAcknowledgedInsertsUntilTheDatabaseReturns() throws Exception {
        Connection connection = sluice("async_insert_buffer=wal&wait_for_async_insert=0&" + FAST_FAILING);
        update(connection, insert(0));
        update(connection, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        proxy.refuse();
        proxy.drop();
        int acknowledged = 40;
        for (int i = 1; i <= acknowledged; i++) {
            update(connection, insert(i));
        }
        // A waiting client learns that the database is away, and that its data is kept.
        SQLException error = catchThrowableOfType(SQLException.class, () -> update(connection, "INSERT INTO " + target.table
                + " SETTINGS wait_for_async_insert = 1 VALUES (1000, 1000, 1, 'p1000')"));
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getMessage()).contains("stays in the durable wal buffer").contains("async_insert_retry_timeout_ms");
        awaitCondition("the flushes failed for good", Duration.ofSeconds(30), () -> number(connection,
                "SELECT count(*) FROM system.asynchronous_insert_log WHERE status = 'FlushError'") >= acknowledged + 1);
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter"))
                .as("kept in the WAL, not in the dead-letter table").isZero();
        assertThat(number(connection, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'"))
                .as("the WAL still holds them").isEqualTo(acknowledged + 1);
        // Still down, and still accepting: the WAL takes INSERTs without asking the database anything.
        int later = 10;
        for (int i = 1; i <= later; i++) {
            update(connection, insert(2000 + i));
        }

        proxy.pass();
        long expected = 1 + acknowledged + 1 + later;
        awaitCondition("the WAL's entries written after the database returned", Duration.ofSeconds(30),
                () -> rowsInTable() >= expected);
        update(connection, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(rowsInTable()).isEqualTo(expected);
        assertThat(distinctIds()).isEqualTo(expected);
        awaitCondition("the WAL released them", Duration.ofSeconds(10),
                () -> number(connection, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'") == 0);
    }

    @Test
    @DisplayName("database down, WAL: an engine closed during the outage keeps what it could not write, and the next one writes it exactly once")
    void walEntriesSurviveARestartDuringTheOutage() throws Exception {
        String settings = "async_insert_buffer=wal&wait_for_async_insert=0&" + FAST_FAILING;
        Connection connection = sluice(settings);
        update(connection, insert(0));
        update(connection, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        proxy.refuse();
        proxy.drop();
        int acknowledged = 25;
        for (int i = 1; i <= acknowledged; i++) {
            update(connection, insert(i));
        }
        awaitCondition("the flushes failed for good", Duration.ofSeconds(30), () -> number(connection,
                "SELECT count(*) FROM system.asynchronous_insert_log WHERE status = 'FlushError'") >= acknowledged);
        connection.close();
        connections.clear();
        Engines.closeAll();

        proxy.pass();
        Connection restarted = sluice(settings);
        update(restarted, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(rowsInTable()).as("every acknowledged INSERT, written by the next engine").isEqualTo(acknowledged + 1);
        assertThat(distinctIds()).isEqualTo(acknowledged + 1);
    }

    @Test
    @DisplayName("database stalls (a partition: connections open, no byte answered): a waiting client still gets its error, and writes resume when it ends")
    void stalledDatabase() throws Exception {
        Connection connection = sluice(FAST_FAILING);
        assertThat(update(connection, insert(1))).isEqualTo(1);
        proxy.stall();
        long started = System.nanoTime();
        Future<Integer> stalled = clients.submit(() -> update(connection, insert(2)));
        SQLException error = null;
        try {
            stalled.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            error = (SQLException) e.getCause();
        }
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat((Throwable) error).as("the stalled INSERT fails").isNotNull();
        System.out.println("stalled INSERT failed after " + waitedMillis + " ms: " + error.getMessage());
        assertThat(error.getMessage()).contains(target.table).contains("async_insert_retry_timeout_ms");
        assertThat(waitedMillis).as("within the retry deadline plus one network timeout (jdbc_network_timeout_ms = 1000)")
                .isLessThan(RETRY_MS + 20_000);
        proxy.pass();
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                return update(connection, insert(3));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, clients).get(60, TimeUnit.SECONDS)).isEqualTo(1);
    }
}

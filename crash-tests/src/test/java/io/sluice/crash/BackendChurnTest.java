package io.sluice.crash;

import static io.sluice.crash.FaultTesting.insertRows;
import static io.sluice.crash.FaultTesting.property;
import static io.sluice.crash.FaultTesting.record;
import static io.sluice.crash.FaultTesting.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server ends Sluice's pool connections every 100 ms ({@code pg_terminate_backend}, MariaDB's
 * {@code KILL CONNECTION}) while clients insert and wait for their flushes: some writes die before, during or
 * after their COMMIT. Every acknowledged INSERT must be in the table once, with its true row count, and no row
 * twice. Sluice reaches the server through a byte-forwarding {@link TcpProxy}, whose connections' ports tell
 * the server's sessions of this test from everybody else's. {@value #SHORT_SECONDS} s per configuration in the
 * normal suite; {@code -Dsluice.crash.churn.seconds=60} for the long run.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BackendChurnTest {
    static final int SHORT_SECONDS = 3;
    private static final long KILL_EVERY_MILLIS = 100;
    private static final String RETRIES = "wait_for_async_insert=1&async_insert_retry_timeout_ms=60000&async_insert_retry_initial_backoff_ms=10"
            + "&async_insert_retry_max_backoff_ms=100&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=20";

    @TempDir
    Path directory;

    private TcpProxy proxy;
    private CrashTarget target;
    private final List<Connection> connections = new ArrayList<>();

    static Stream<Arguments> configurations() {
        return LostCommitAnswerTest.configurations();
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        Engines.closeAll();
        if (proxy != null) {
            proxy.close();
            target.dropTable();
        }
    }

    @ParameterizedTest(name = "{0} with the {1} buffer")
    @MethodSource("configurations")
    void killedBackendsLoseAndDuplicateNothing(String server, CrashHarness.Mode mode) throws Exception {
        boolean postgres = server.equals("postgresql");
        if (postgres) {
            TestServers.requirePostgres();
            proxy = new TcpProxy(TestServers.POSTGRES_HOST, TestServers.POSTGRES_PORT);
            target = new CrashTarget.Postgres(directory, proxy.port());
        } else {
            TestServers.requireMariaDb();
            proxy = new TcpProxy(TestServers.MARIADB_HOST, TestServers.MARIADB_PORT);
            target = new CrashTarget.MariaDb(directory, proxy.port());
        }
        target.createTable();
        long seconds = Long.parseLong(property("sluice.crash.churn.seconds", Integer.toString(SHORT_SECONDS)));
        int threads = 6;
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Connection connection = DriverManager.getConnection(target.sluiceUrl(RETRIES + (mode == CrashHarness.Mode.WAL ? "&async_insert_buffer=wal" : "")));
            connections.add(connection);
            clients.add(connection);
        }
        IdSet acked = new IdSet();
        AtomicLong nextId = new AtomicLong(1);
        // The first INSERT reads the table's shape; the churn is about writes.
        assertThat(update(clients.get(0), insertRows(target.table, nextId.getAndIncrement(), 1))).isEqualTo(1);
        acked.add(1);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong kills = new AtomicLong();
        AcknowledgedWriters writers = new AcknowledgedWriters(acked, nextId, 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        Future<?> killer = pool.submit(() -> {
            try (Connection admin = target.plain()) {
                while (running.get()) {
                    kills.addAndGet(postgres ? terminatePostgres(admin, proxy.upstreamPorts()) : killMariaDb(admin, proxy.upstreamPorts()));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(KILL_EVERY_MILLIS));
                }
            }
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        writers.start(pool, clients, target.table, () -> System.nanoTime() - deadline < 0);
        try {
            writers.await();
        } finally {
            running.set(false);
            killer.get();
            pool.shutdown();
        }
        TableCheck check = TableCheck.of(target, acked, 0);
        String summary = "backend-churn " + server + " " + mode + ": " + kills.get() + " connections killed in " + seconds + " s; " + writers.inserts.get()
                + " acknowledged INSERTs (" + acked.size() + " rows); rows in the table " + check.rows() + "; lost " + check.lost() + ", duplicated "
                + check.duplicated() + ", unacknowledged " + check.unacknowledged() + ", wrong row counts " + writers.wrongCounts.size() + ", errors "
                + writers.errors.size();
        System.out.println(summary);
        record(summary);
        assertThat(kills.get()).as("connections killed").isPositive();
        assertThat(writers.errors).as("INSERTs that failed").isEmpty();
        assertThat(writers.wrongCounts).as("clients told a row count other than their INSERT's").isEmpty();
        assertThat(check.lost()).as("acknowledged rows missing: %s", check.lostSample()).isZero();
        assertThat(check.duplicated()).as("rows written twice: %s", check.duplicatedSample()).isZero();
        assertThat(check.unacknowledged()).as("rows no client was told about").isZero();
        assertThat(check.brokenGroups()).isZero();
    }

    /** Terminates the backends serving the proxy's connections; answers how many. */
    private static long terminatePostgres(Connection admin, Set<Integer> ports) throws SQLException {
        if (ports.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = admin.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE client_addr = '127.0.0.1' AND client_port = ANY (?) AND pid <> pg_backend_pid()")) {
            statement.setArray(1, admin.createArrayOf("integer", ports.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Kills the MariaDB connections serving the proxy's connections; answers how many. */
    private static long killMariaDb(Connection admin, Set<Integer> ports) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, host FROM information_schema.processlist WHERE id <> CONNECTION_ID()")) {
            while (result.next()) {
                String host = result.getString(2);
                int colon = host == null ? -1 : host.lastIndexOf(':');
                if (colon >= 0 && ports.contains(Integer.parseInt(host.substring(colon + 1)))) {
                    ids.add(result.getLong(1));
                }
            }
        }
        long killed = 0;
        for (long id : ids) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("KILL CONNECTION " + id);
                killed++;
            } catch (SQLException gone) {
                // It ended on its own meanwhile (error 1094, unknown thread).
            }
        }
        return killed;
    }
}

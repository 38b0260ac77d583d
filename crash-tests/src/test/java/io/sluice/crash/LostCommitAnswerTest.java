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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answer to a flush's COMMIT is lost: {@link TcpProxy} lets PostgreSQL or MariaDB commit the part, swallows
 * the answer and cuts the connection, so Sluice sees a lost connection while the rows are in the table. With
 * either buffer, every INSERT must be in the table exactly once and its client told its true row count. The
 * normal suite loses {@value #SHORT_LOSSES} answers per configuration in the concurrent test;
 * {@code -Dsluice.crash.lostcommits=300} loses more (see the module's README). Figures go to
 * {@code target/crash-results.txt}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LostCommitAnswerTest {
    static final int SHORT_LOSSES = 20;
    private static final String RETRIES = "wait_for_async_insert=1&async_insert_retry_timeout_ms=60000&async_insert_retry_initial_backoff_ms=10"
            + "&async_insert_retry_max_backoff_ms=100&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=20";

    @TempDir
    Path directory;

    private TcpProxy proxy;
    private CrashTarget target;
    private final List<Connection> connections = new ArrayList<>();

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("postgresql", CrashHarness.Mode.MEMORY),
                Arguments.of("postgresql", CrashHarness.Mode.WAL),
                Arguments.of("mariadb", CrashHarness.Mode.MEMORY),
                Arguments.of("mariadb", CrashHarness.Mode.WAL));
    }

    private void start(String server) throws Exception {
        if (server.equals("postgresql")) {
            TestServers.requirePostgres();
            proxy = new TcpProxy(TestServers.POSTGRES_HOST, TestServers.POSTGRES_PORT, WireProtocol.POSTGRESQL);
            target = new CrashTarget.Postgres(directory, proxy.port());
        } else {
            TestServers.requireMariaDb();
            proxy = new TcpProxy(TestServers.MARIADB_HOST, TestServers.MARIADB_PORT, WireProtocol.MARIADB);
            target = new CrashTarget.MariaDb(directory, proxy.port());
        }
        target.createTable();
    }

    /** A Sluice connection through the proxy, with the buffer of {@code mode}, waiting for the flush. */
    private Connection sluice(CrashHarness.Mode mode, String settings) throws SQLException {
        String url = target.sluiceUrl(RETRIES + (mode == CrashHarness.Mode.WAL ? "&async_insert_buffer=wal" : "")
                // pgjdbc must not start TLS: the proxy reads the protocol's messages.
                + (target instanceof CrashTarget.Postgres ? "&sslmode=disable" : "") + (settings.isEmpty() ? "" : "&" + settings));
        Connection connection = DriverManager.getConnection(url);
        connections.add(connection);
        return connection;
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

    private TableCheck check(IdSet acked) throws SQLException {
        return TableCheck.of(target, acked, 0);
    }

    @ParameterizedTest(name = "{0} with the {1} buffer")
    @MethodSource("configurations")
    void theClientOfAPartWhoseCommitAnswerIsLostGetsItsRowsOnce(String server, CrashHarness.Mode mode) throws Exception {
        start(server);
        Connection connection = sluice(mode, "");
        proxy.loseCommitAnswers(1, 1);

        assertThat(update(connection, insertRows(target.table, 1, 2))).as("the INSERT's true row count").isEqualTo(2);

        assertThat(proxy.answersLost()).as("the COMMIT answers the proxy swallowed").isEqualTo(1);
        IdSet acked = new IdSet();
        acked.add(1);
        acked.add(2);
        TableCheck check = check(acked);
        assertThat(check.duplicated()).as("rows written twice: %s", check.duplicatedSample()).isZero();
        assertThat(check.lost()).isZero();
        assertThat(check.rows()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} with the {1} buffer")
    @MethodSource("configurations")
    void deduplicationStillAnswersARepeatedInsertWithSuccess(String server, CrashHarness.Mode mode) throws Exception {
        start(server);
        Connection connection = sluice(mode, "async_insert_deduplicate=1");
        proxy.loseCommitAnswers(1, 1);

        assertThat(update(connection, insertRows(target.table, 1, 2))).as("the first INSERT, whose COMMIT answer was lost").isEqualTo(2);
        assertThat(update(connection, insertRows(target.table, 1, 2))).as("the same data again: deduplicated, and a success").isZero();

        assertThat(proxy.answersLost()).isEqualTo(1);
        IdSet acked = new IdSet();
        acked.add(1);
        acked.add(2);
        TableCheck check = check(acked);
        assertThat(check.duplicated()).isZero();
        assertThat(check.rows()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} with the {1} buffer")
    @MethodSource("configurations")
    void manyLostAnswersUnderConcurrentInsertsLoseAndDuplicateNothing(String server, CrashHarness.Mode mode) throws Exception {
        start(server);
        long losses = Long.parseLong(property("sluice.crash.lostcommits", Integer.toString(SHORT_LOSSES)));
        int threads = 4;
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            clients.add(sluice(mode, ""));
        }
        proxy.loseCommitAnswers(2, losses);
        IdSet acked = new IdSet();
        AtomicLong nextId = new AtomicLong(1);
        AcknowledgedWriters writers = new AcknowledgedWriters(acked, nextId, 0);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        writers.start(pool, clients, target.table, () -> proxy.answersLost() < losses);
        writers.await();
        pool.shutdown();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        TableCheck check = check(acked);
        String summary = "lost-commit-answers " + server + " " + mode + ": " + proxy.answersLost() + " COMMIT answers lost of " + proxy.commits()
                + " COMMITs; " + writers.inserts.get() + " acknowledged INSERTs (" + acked.size() + " rows); rows in the table " + check.rows()
                + "; lost " + check.lost() + ", duplicated " + check.duplicated() + ", unacknowledged " + check.unacknowledged()
                + ", wrong row counts " + writers.wrongCounts.size() + ", errors " + writers.errors.size() + "; " + seconds + " s";
        System.out.println(summary);
        record(summary);
        assertThat(writers.errors).as("INSERTs that failed").isEmpty();
        assertThat(writers.wrongCounts).as("clients told a row count other than their INSERT's").isEmpty();
        assertThat(proxy.answersLost()).as("COMMIT answers lost").isEqualTo(losses);
        assertThat(check.lost()).as("acknowledged rows missing: %s", check.lostSample()).isZero();
        assertThat(check.duplicated()).as("rows written twice: %s", check.duplicatedSample()).isZero();
        assertThat(check.unacknowledged()).as("rows no client was told about").isZero();
        assertThat(check.brokenGroups()).isZero();
    }
}

package io.sluice.crash;

import static io.sluice.crash.FaultTesting.number;
import static io.sluice.crash.FaultTesting.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault itself, shown with the plain drivers and no Sluice: {@link TcpProxy} in {@link WireProtocol} mode
 * lets the COMMIT reach the server, which commits, and swallows the answer; the client sees a connection error
 * and the row is in the table.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitAnswerLossProxyTest {
    private final String table = "lost_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private TcpProxy proxy;
    private String server;

    /** {@code postgresql}, {@code postgresql-simple} (pgjdbc's simple query protocol: {@code Q COMMIT}) or {@code mariadb}. */
    private void start(String server) throws Exception {
        this.server = server;
        boolean postgres = server.startsWith("postgresql");
        if (postgres) {
            TestServers.requirePostgres();
            proxy = new TcpProxy(TestServers.POSTGRES_HOST, TestServers.POSTGRES_PORT, WireProtocol.POSTGRESQL);
        } else {
            TestServers.requireMariaDb();
            proxy = new TcpProxy(TestServers.MARIADB_HOST, TestServers.MARIADB_PORT, WireProtocol.MARIADB);
        }
        try (Connection direct = direct()) {
            update(direct, "CREATE TABLE " + table + " (id BIGINT NOT NULL)");
        }
    }

    private Connection direct() throws SQLException {
        return server.startsWith("postgresql")
                ? DriverManager.getConnection("jdbc:" + TestServers.postgresTarget(TestServers.POSTGRES_PORT))
                : DriverManager.getConnection("jdbc:" + TestServers.mariadbTarget(TestServers.MARIADB_PORT));
    }

    private Connection proxied() throws SQLException {
        String url = switch (server) {
            case "postgresql" -> "jdbc:" + TestServers.postgresTarget(proxy.port()) + "&sslmode=disable";
            case "postgresql-simple" -> "jdbc:" + TestServers.postgresTarget(proxy.port()) + "&sslmode=disable&preferQueryMode=simple";
            default -> "jdbc:" + TestServers.mariadbTarget(proxy.port());
        };
        Connection connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        return connection;
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
            try (Connection direct = direct()) {
                update(direct, "DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "postgresql-simple", "mariadb"})
    void theServerCommitsAndTheClientOnlySeesItsConnectionDie(String server) throws Exception {
        start(server);
        proxy.loseCommitAnswers(1, 1);
        try (Connection connection = proxied()) {
            update(connection, "INSERT INTO " + table + " (id) VALUES (1)");
            SQLException error = catchThrowableOfType(SQLException.class, connection::commit);
            assertThat((Throwable) error).as("the client learns nothing but a broken connection").isNotNull();
            assertThat(error.getSQLState()).as("a connection error's SQLState, not a rollback's: %s", error).startsWith("08");
        }
        try (Connection direct = direct()) {
            assertThat(number(direct, "SELECT count(*) FROM " + table)).as("the server committed the row").isEqualTo(1);
        }
        assertThat(proxy.commits()).isEqualTo(1);
        assertThat(proxy.answersLost()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "postgresql-simple", "mariadb"})
    void everyNthCommitLosesItsAnswerAndTheOthersPass(String server) throws Exception {
        start(server);
        // Seven commits per connection: pgjdbc turns a statement it runs five times into a named server-side one,
        // so the later COMMITs are a Bind of that statement with no Parse before them.
        proxy.loseCommitAnswers(7, Long.MAX_VALUE);
        int failed = 0;
        Connection connection = proxied();
        try {
            for (int id = 1; id <= 21; id++) {
                update(connection, "INSERT INTO " + table + " (id) VALUES (" + id + ")");
                try {
                    connection.commit();
                } catch (SQLException e) {
                    assertThat(id % 7).as("commit %d failed: %s", id, e).isZero();
                    failed++;
                    connection.close();
                    connection = proxied();
                }
            }
        } finally {
            connection.close();
        }
        assertThat(failed).isEqualTo(3);
        assertThat(proxy.answersLost()).isEqualTo(3);
        assertThat(proxy.commits()).isEqualTo(21);
        try (Connection direct = direct()) {
            assertThat(number(direct, "SELECT count(*) FROM " + table)).as("every COMMIT went through").isEqualTo(21);
        }
    }

    /**
     * Sluice's one-round-trip writes of a small part commit without a COMMIT of their own: on PostgreSQL its
     * {@code WITH sluice_recorded AS (INSERT …) INSERT …} run with autocommit on, on MariaDB a multi-statement ending
     * with COMMIT. Their answers are commit answers; the same PostgreSQL statement inside a transaction is not.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aStatementThatCommitsByItselfLosesItsAnswerToo(String server) throws Exception {
        start(server);
        proxy.loseCommitAnswers(1, 1);
        boolean postgres = server.equals("postgresql");
        if (postgres) {
            try (Connection connection = proxied()) {
                // In a transaction: not a commit, until the COMMIT.
                update(connection, "WITH sluice_recorded AS (INSERT INTO " + table + " (id) VALUES (1)) INSERT INTO " + table + " (id) VALUES (2)");
                assertThat(proxy.commits()).isZero();
                connection.rollback();
            }
        }
        String url = postgres ? "jdbc:" + TestServers.postgresTarget(proxy.port()) + "&sslmode=disable"
                : "jdbc:" + TestServers.mariadbTarget(proxy.port()) + "&allowMultiQueries=true";
        try (Connection connection = DriverManager.getConnection(url)) {
            // PostgreSQL's statement commits with autocommit on; MariaDB's multi-statement runs in a transaction it commits.
            connection.setAutoCommit(postgres);
            String sql = postgres
                    ? "WITH sluice_recorded AS (INSERT INTO " + table + " (id) VALUES (1)) INSERT INTO " + table + " (id) VALUES (2)"
                    : "INSERT INTO " + table + " (id) VALUES (1); INSERT INTO " + table + " (id) VALUES (2); COMMIT";
            SQLException error = catchThrowableOfType(SQLException.class, () -> update(connection, sql));
            assertThat((Throwable) error).as("the client learns nothing but a broken connection").isNotNull();
            assertThat(error.getSQLState()).as("a connection error's SQLState: %s", error).startsWith("08");
        }
        try (Connection direct = direct()) {
            assertThat(number(direct, "SELECT count(*) FROM " + table)).as("the server committed both rows").isEqualTo(2);
        }
        assertThat(proxy.commits()).isEqualTo(1);
        assertThat(proxy.answersLost()).isEqualTo(1);
    }
}

package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.Engines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * More Sluice connections than the target database accepts, each sending only async INSERTs: they open
 * no connection of the target's, so the database sees the engine's pool and nothing else. And what still
 * fails at {@code getConnection}: a target Sluice cannot connect to.
 */
class ManyConnectionsTest {
    private static final String POSTGRES_URL = "jdbc:" + TestServers.POSTGRES_TARGET;
    private static final String MARIADB_URL = "jdbc:" + TestServers.MARIADB_TARGET;

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String table = "sluice_many_" + suffix;
    private final List<Connection> opened = new ArrayList<>();
    private boolean created;

    /** Closes the Sluice connections first, so that the server has room for the one that drops the table. */
    @AfterEach
    void cleanUp() throws SQLException {
        SQLException failure = null;
        for (Connection connection : opened) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        Engines.closeAll();
        if (created) {
            try (Connection direct = postgres(); Statement statement = direct.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(POSTGRES_URL, TestServers.postgresProperties());
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    @Test
    @DisplayName("max_connections + 50 Sluice connections on PostgreSQL send waiting INSERTs from many threads; all rows arrive")
    void moreSluiceConnectionsThanPostgresAccepts() throws Exception {
        TestServers.requirePostgres();
        String application = "sluice-many-" + suffix;
        int connections;
        try (Connection direct = postgres(); Statement statement = direct.createStatement()) {
            connections = (int) single(direct, "SHOW max_connections") + 50;
            statement.execute("CREATE TABLE " + table + " (connection_id INTEGER NOT NULL, seq INTEGER NOT NULL)");
            created = true;
        }
        String url = "jdbc:sluice:" + TestServers.POSTGRES_TARGET + "?ApplicationName=" + application
                + "&wait_for_async_insert=1&async_insert_busy_timeout_ms=50";
        List<Connection> sluice = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection connection = DriverManager.getConnection(url, TestServers.postgresProperties());
            opened.add(connection);
            sluice.add(connection);
        }
        int insertsPerConnection = 3;
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> written = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int id = i;
                Connection connection = sluice.get(i);
                written.add(threads.submit(() -> {
                    int rows = 0;
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                        for (int seq = 0; seq < insertsPerConnection; seq++) {
                            insert.setInt(1, id);
                            insert.setInt(2, seq);
                            rows += insert.executeUpdate();
                        }
                    }
                    return rows;
                }));
            }
            for (Future<Integer> rows : written) {
                assertThat(rows.get(60, TimeUnit.SECONDS)).isEqualTo(insertsPerConnection);
            }
        } finally {
            threads.shutdownNow();
        }

        int poolSize = 4; // jdbc_pool_size's default
        try (Connection direct = postgres()) {
            assertThat(single(direct, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"))
                    .as("the engine's pool (jdbc_pool_size) only").isLessThanOrEqualTo(poolSize);
            assertThat(single(direct, "SELECT count(*) FROM " + table)).isEqualTo((long) connections * insertsPerConnection);
            assertThat(single(direct, "SELECT count(*) FROM (SELECT DISTINCT connection_id, seq FROM " + table + ") AS d"))
                    .isEqualTo((long) connections * insertsPerConnection);
            assertThat(single(direct, "SELECT count(*) FROM " + table + " WHERE connection_id BETWEEN 0 AND " + (connections - 1)
                    + " AND seq BETWEEN 0 AND " + (insertsPerConnection - 1))).as("exactly the rows sent")
                    .isEqualTo((long) connections * insertsPerConnection);
        }

        Connection passThrough = sluice.get(connections / 2);
        assertThat(single(passThrough, "SELECT count(*) FROM " + table + " WHERE connection_id = " + connections / 2))
                .isEqualTo(insertsPerConnection);
        try (Connection direct = postgres()) {
            assertThat(single(direct, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"))
                    .as("the pool and the one connection that ran a query").isLessThanOrEqualTo(poolSize + 1);
        }
    }

    @Test
    @DisplayName("an unknown PostgreSQL database or role still fails at getConnection, also while an engine for the server runs")
    void aTargetPostgresRefusesStillFailsAtGetConnection() throws SQLException {
        TestServers.requirePostgres();
        opened.add(DriverManager.getConnection("jdbc:sluice:" + TestServers.POSTGRES_TARGET, TestServers.postgresProperties()));

        String noDatabase = "jdbc:sluice:postgresql://127.0.0.1:5432/sluice_missing_" + suffix;
        assertThatThrownBy(() -> DriverManager.getConnection(noDatabase, TestServers.postgresProperties()))
                .isInstanceOf(SQLException.class).hasMessageContaining("sluice_missing_" + suffix).hasMessageContaining("does not exist");

        Properties noRole = new Properties();
        noRole.setProperty("user", "sluice_missing_" + suffix);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:" + TestServers.POSTGRES_TARGET, noRole))
                .isInstanceOf(SQLException.class).hasMessageContaining("sluice_missing_" + suffix).hasMessageContaining("does not exist");
    }

    @Test
    @DisplayName("a wrong MariaDB password still fails at getConnection, also while an engine with the right one runs")
    void aWrongMariaDbPasswordFailsAtGetConnection() throws SQLException {
        TestServers.requireMariaDb();
        opened.add(DriverManager.getConnection("jdbc:sluice:" + TestServers.MARIADB_TARGET, TestServers.mariadbProperties()));
        try (Connection direct = DriverManager.getConnection(MARIADB_URL, TestServers.mariadbProperties())) {
            assertThat(direct.isValid(1)).isTrue();
        }

        Properties wrongPassword = TestServers.mariadbProperties();
        wrongPassword.setProperty("password", "wrong-" + suffix);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:" + TestServers.MARIADB_TARGET, wrongPassword))
                .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }
}

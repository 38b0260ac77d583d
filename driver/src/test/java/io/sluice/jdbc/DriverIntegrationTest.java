package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.engine.Engines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver end to end: DriverManager, the engine, and SQLite files in a temporary directory. */
class DriverIntegrationTest {
    private static final String CREATE_EVENTS =
            "CREATE TABLE events (id INTEGER NOT NULL, ts INTEGER NOT NULL, name TEXT, value REAL)";

    @TempDir
    Path directory;
    private String url;

    @BeforeEach
    void createTable() throws SQLException {
        url = "jdbc:sluice:sqlite:" + directory.resolve("app.db");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            assertThat(connection).isInstanceOf(SluiceConnection.class);
            assertThat(statement.executeUpdate(CREATE_EVENTS)).isZero();
        }
    }

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    @Test
    void aWaitingInsertReturnsTheRowsWrittenAndTheyCanBeQueried() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            int written = statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5), (2, 200, 'b', 2.5)");

            assertThat(written).isEqualTo(2);
            try (ResultSet rows = statement.executeQuery("SELECT id, name, value FROM events ORDER BY id")) {
                assertThat(rows.getStatement()).isSameAs(statement);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("id")).isEqualTo(1);
                assertThat(rows.getString("name")).isEqualTo("a");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getDouble("value")).isEqualTo(2.5);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void anInsertThatDoesNotWaitReturnsZeroAndIsWrittenByTheFlush() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url + "?wait_for_async_insert=0");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5)")).isZero();
            assertThat(statement.executeUpdate("INSERT INTO events SETTINGS wait_for_async_insert = 0 VALUES (2, 1, 'b', 0)"))
                    .isZero();
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");

            assertThat(count(connection)).isEqualTo(2);
        }
    }

    @Test
    void systemTablesAreQueriedThroughTheSameConnection() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("SET wait_for_async_insert = 0");
            try (ResultSet rows = statement.executeQuery("SELECT * FROM system.settings")) {
                assertThat(rows.getStatement()).isSameAs(statement);
                boolean found = false;
                while (rows.next()) {
                    if (rows.getString("name").equals("wait_for_async_insert")) {
                        found = true;
                        assertThat(rows.getString("value")).isEqualTo("0");
                        assertThat(rows.getInt("changed")).isEqualTo(1);
                    }
                }
                assertThat(found).isTrue();
            }
            ResultSet closedByTheStatement = statement.executeQuery("SELECT name FROM system.settings");
            statement.close();
            assertThat(closedByTheStatement.isClosed()).isTrue();
        }
    }

    @Test
    void theQueryIdChosenByTheCallerTiesTheInsertToItsLog() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            SluiceStatement sluice = statement.unwrap(SluiceStatement.class);
            sluice.setQueryId("integration-1");
            statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5)");
            assertThat(sluice.getLastQueryId()).isEqualTo("integration-1");

            statement.execute("SYSTEM FLUSH LOGS");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT status, rows FROM system.asynchronous_insert_log WHERE query_id = 'integration-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("status")).isEqualTo("Ok");
                assertThat(rows.getLong("rows")).isEqualTo(1);
            }
        }
    }

    @Test
    void aPreparedBatchIsOneEntryWithOneRowPerSet() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)")) {
            assertThat(insert.unwrap(SluicePreparedStatement.class).isBufferedInsert()).isTrue();
            for (int i = 0; i < 100; i++) {
                insert.setInt(1, i);
                insert.setLong(2, 1_000L + i);
                insert.setString(3, "event-" + i);
                insert.setDouble(4, i / 2.0);
                insert.addBatch();
            }

            int[] counts = insert.executeBatch();

            assertThat(counts).hasSize(100).containsOnly(1);
            insert.setInt(1, 100);
            insert.setLong(2, 1_100L);
            insert.setNull(3, java.sql.Types.VARCHAR);
            insert.setObject(4, "0.5", java.sql.Types.DOUBLE);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            assertThat(count(connection)).isEqualTo(101);
        }
    }

    @Test
    void aPreparedStatementThatIsNotAnInsertPassesThrough() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                PreparedStatement select = connection.prepareStatement("SELECT name FROM events WHERE id = ?")) {
            statement.executeUpdate("INSERT INTO events VALUES (7, 1, 'seven', 0)");
            assertThat(select.unwrap(SluicePreparedStatement.class).isBufferedInsert()).isFalse();
            select.setInt(1, 7);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("seven");
                assertThat(rows.getStatement()).isSameAs(select);
            }
        }
    }

    @Test
    void engineErrorsCarryTheirClickHouseCodes() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO nowhere VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("UNKNOWN_TABLE: ")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(60));
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO events SETTINGS no_such_setting = 1 VALUES (1, 1, 'a', 1)"))
                    .hasMessageStartingWith("UNKNOWN_SETTING: ")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(115));
            assertThatThrownBy(() -> connection.prepareStatement("INSERT INTO events (nope) VALUES (?)"))
                    .hasMessageStartingWith("NO_SUCH_COLUMN_IN_TABLE: ");
        }
    }

    @Test
    void insideATransactionAnInsertIsRolledBackWithIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5)")).isEqualTo(1);
            connection.rollback();
            connection.setAutoCommit(true);

            assertThat(count(connection)).isZero();

            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO events VALUES (2, 200, 'b', 2.5)");
            connection.commit();
            connection.setAutoCommit(true);
        }
        try (Connection other = DriverManager.getConnection(url)) {
            assertThat(count(other)).isEqualTo(1);
        }
    }

    @Test
    void metadataAndPropertyInfoComeFromTheTargetAndTheEngine() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            DatabaseMetaData metadata = connection.getMetaData();
            try (ResultSet tables = metadata.getTables(null, null, "events", null)) {
                assertThat(tables.next()).isTrue();
            }
        }
        DriverPropertyInfo[] properties = new SluiceDriver().getPropertyInfo(url, new Properties());
        assertThat(Arrays.stream(properties).map(property -> property.name)).contains("async_insert", "wait_for_async_insert");
    }

    @Test
    void aClosedEngineClosesItsConnections() throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        Engines.closeAll();

        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(connection::createStatement).hasMessage("This connection is closed");
        connection.close();
    }

    @Test
    void hikariPoolsTheDataSourceByClassName() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(SluiceDataSource.class.getName());
        config.addDataSourceProperty("url", url);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                assertThat(connection.isWrapperFor(SluiceConnection.class)).isTrue();
                assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5)")).isEqualTo(1);
            }
            try (Connection connection = pool.getConnection()) {
                assertThat(count(connection)).isEqualTo(1);
            }
        }
    }

    @Test
    void hikariPoolsTheDriverByJdbcUrl() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        config.setAutoCommit(false);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO events VALUES (1, 100, 'a', 1.5)");
                connection.rollback();
                assertThat(count(connection)).isZero();
                statement.executeUpdate("INSERT INTO events VALUES (2, 100, 'b', 1.5)");
                connection.commit();
            }
            try (Connection connection = pool.getConnection()) {
                assertThat(count(connection)).isEqualTo(1);
            }
        }
    }

    @Test
    void theDataSourceConnectsWithinItsLoginTimeout() throws SQLException {
        SluiceDataSource dataSource = new SluiceDataSource(url);
        dataSource.setLoginTimeout(10);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(count(connection)).isZero();
        }
    }
}

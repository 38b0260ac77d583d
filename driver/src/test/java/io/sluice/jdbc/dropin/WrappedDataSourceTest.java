package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.engine.Engines;
import io.sluice.jdbc.SluiceConnection;
import io.sluice.jdbc.SluiceDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link SluiceDataSource} around an application's existing {@link javax.sql.DataSource} on PostgreSQL (the
 * pattern of p6spy and other wrapping drivers), and as HikariCP's {@code dataSourceClassName}. Whose
 * connection wrote a row shows in the row itself: the tables default a column to the writing session's
 * {@code application_name}.
 */
class WrappedDataSourceTest {
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private final List<String> tables = new ArrayList<>();

    @BeforeEach
    void requireServer() {
        TestServers.requirePostgres();
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @AfterAll
    static void closeEngines() {
        Engines.closeAll();
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(JDBC_URL + "?user=postgres");
    }

    /** A table whose {@code app} column records the application_name of the session that wrote the row. */
    private String createTable() throws SQLException {
        String table = DropInSuite.uniqueName("wrapped");
        tables.add(table);
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INT NOT NULL, app TEXT DEFAULT current_setting('application_name'))");
        }
        return table;
    }

    /** The application's own pool, its sessions named {@code applicationName}. */
    private static HikariDataSource applicationPool(String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JDBC_URL);
        config.setUsername("postgres");
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.setMaximumPoolSize(6);
        config.setPoolName(applicationName);
        return new HikariDataSource(config);
    }

    private static List<String> apps(String table) throws SQLException {
        List<String> apps = new ArrayList<>();
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT app FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                apps.add(rows.getString(1));
            }
        }
        return apps;
    }

    @Test
    @DisplayName("A wrapped HikariDataSource serves the sessions and Sluice's own writes, and stays open after the engine closes")
    void wrapsAnApplicationPool() throws SQLException {
        String table = createTable();
        try (HikariDataSource application = applicationPool("wrapped-app")) {
            SluiceDataSource sluice = SluiceDataSource.wrap(application);
            sluice.setSettings("wait_for_async_insert=0&async_insert_busy_timeout_max_ms=100");
            assertThat(sluice.isWrapping()).isTrue();
            assertThat(sluice.unwrap(HikariDataSource.class)).isSameAs(application);
            assertThat(sluice.isWrapperFor(HikariDataSource.class)).isTrue();
            try (Connection connection = sluice.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection).isInstanceOf(SluiceConnection.class);
                assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
                assertThat(DropInSuite.queryString(connection, "SHOW application_name"))
                        .as("the session's connection is the application's").isEqualTo("wrapped-app");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1), (2)")).as("settings apply").isZero();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
                    insert.setInt(1, 3);
                    assertThat(insert.executeUpdate()).isZero();
                }
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
                connection.setAutoCommit(false);
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (4)")).as("synchronous in a transaction").isEqualTo(1);
                connection.rollback();
                connection.setAutoCommit(true);
                assertThat(DropInSuite.queryLong(connection, "SELECT count(*) FROM " + table)).isEqualTo(3);
            }
            assertThat(apps(table)).as("Sluice's writes went through the application's pool").containsExactly("wrapped-app", "wrapped-app",
                    "wrapped-app");
            assertThat(application.getHikariPoolMXBean().getActiveConnections()).as("every connection was given back").isZero();
            Engines.closeAll();
            assertThat(application.isClosed()).as("the application's pool is the application's").isFalse();
            try (Connection connection = application.getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    @DisplayName("A session borrows from the wrapped pool only once it needs a connection; INSERTs need none")
    void aSessionBorrowsOnlyWhenItNeedsAConnection() throws SQLException {
        String table = createTable();
        try (HikariDataSource application = applicationPool("lazy-app")) {
            SluiceDataSource sluice = SluiceDataSource.wrap(application);
            sluice.setSettings("wait_for_async_insert=0");
            try (Connection connection = sluice.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection.getAutoCommit()).isTrue();
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1)")).isZero();
                assertThat(application.getHikariPoolMXBean().getActiveConnections()).as("nothing borrowed for an INSERT").isZero();
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
                assertThat(DropInSuite.queryLong(connection, "SELECT count(*) FROM " + table)).isEqualTo(1);
                assertThat(application.getHikariPoolMXBean().getActiveConnections()).as("borrowed for the query, kept").isEqualTo(1);
            }
            assertThat(application.getHikariPoolMXBean().getActiveConnections()).as("given back on close").isZero();
        }
    }

    @Test
    @DisplayName("With a wrapped pool whose connections have autocommit off, INSERTs run in the session's transaction as before")
    void aPoolWithAutoCommitOffKeepsTransactions() throws SQLException {
        String table = createTable();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JDBC_URL);
        config.setUsername("postgres");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        config.setPoolName("manual-commit-app");
        try (HikariDataSource application = new HikariDataSource(config)) {
            SluiceDataSource sluice = SluiceDataSource.wrap(application);
            sluice.setSettings("wait_for_async_insert=0");
            try (Connection connection = sluice.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection.getAutoCommit()).as("the mode the pool's connections come in").isFalse();
                assertThat(application.getHikariPoolMXBean().getActiveConnections()).isZero();
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1), (2)")).as("synchronous").isEqualTo(2);
                connection.rollback();
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (3)")).isEqualTo(1);
                connection.commit();
            }
        }
        assertThat(apps(table)).hasSize(1);
    }

    @Test
    @DisplayName("Wrappers of one DataSource share an engine; another DataSource gets its own")
    void oneEnginePerDataSource() throws SQLException {
        String table = createTable();
        String settings = "wait_for_async_insert=0&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=60000";
        try (HikariDataSource first = applicationPool("first-app"); HikariDataSource second = applicationPool("second-app")) {
            SluiceDataSource writer = SluiceDataSource.wrap(first);
            writer.setSettings(settings);
            try (Connection connection = writer.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1)")).isZero();
            }
            try (Connection other = SluiceDataSource.wrap(second).getConnection(); Statement statement = other.createStatement()) {
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
                assertThat(DropInSuite.queryLong(other, "SELECT count(*) FROM " + table))
                        .as("another DataSource's engine does not hold the row").isZero();
            }
            try (Connection same = SluiceDataSource.wrap(first).getConnection(); Statement statement = same.createStatement()) {
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
                assertThat(DropInSuite.queryLong(same, "SELECT count(*) FROM " + table)).as("the same DataSource's engine holds it").isEqualTo(1);
            }
        }
        assertThat(apps(table)).containsExactly("first-app");
    }

    @Test
    @DisplayName("A driver's own non-pooling DataSource can be wrapped too")
    void wrapsADriverDataSource() throws SQLException {
        String table = createTable();
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(JDBC_URL);
        postgres.setUser("postgres");
        postgres.setApplicationName("simple-app");
        SluiceDataSource sluice = SluiceDataSource.wrap(postgres);
        try (Connection connection = sluice.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1)")).as("waits for its flush").isEqualTo(1);
        }
        assertThat(apps(table)).containsExactly("simple-app");
    }

    @Test
    @DisplayName("A wrapping data source takes Sluice settings only, and no URL or credentials")
    void aWrappingDataSourceRefusesWhatDoesNotApply() throws SQLException {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(JDBC_URL);
        postgres.setUser("postgres");
        SluiceDataSource sluice = SluiceDataSource.wrap(postgres);
        assertThatThrownBy(() -> sluice.setUrl("jdbc:sluice:postgresql://127.0.0.1:5432/test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PGSimpleDataSource");
        assertThatThrownBy(() -> sluice.getConnection("postgres", "")).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("its connections carry their own credentials");
        assertThatThrownBy(() -> sluice.setSettings("wait_for_async_insert")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wait_for_async_insert' is not name=value");
        assertThatThrownBy(() -> SluiceDataSource.wrap(sluice)).isInstanceOf(IllegalArgumentException.class);
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "nope");
        sluice.setProperties(properties);
        assertThatThrownBy(sluice::getConnection).isInstanceOf(SQLException.class).hasMessageStartingWith("BAD_ARGUMENTS")
                .hasMessageContaining("'ApplicationName' is not a Sluice setting");
        sluice.setProperties(new Properties());
        sluice.setSettings("async_insert_no_such_thing=1");
        assertThatThrownBy(sluice::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("UNKNOWN_SETTING")
                .hasMessageContaining("async_insert_no_such_thing");
    }

    @Test
    @DisplayName("SluiceDataSource as HikariCP's dataSourceClassName, with its url, settings and Hikari's credentials")
    void hikariBuildsItByClassName() throws SQLException {
        String table = createTable();
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(SluiceDataSource.class.getName());
        config.addDataSourceProperty("url", "jdbc:sluice:postgresql://127.0.0.1:5432/test?ApplicationName=by-class-name");
        config.addDataSourceProperty("settings", "wait_for_async_insert=0");
        config.setUsername("postgres");
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection.isWrapperFor(SluiceConnection.class)).isTrue();
                assertThat(DropInSuite.queryString(connection, "SHOW application_name")).isEqualTo("by-class-name");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1)")).isZero();
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
            }
        }
        assertThat(apps(table)).containsExactly("by-class-name");
    }

    @Test
    @DisplayName("HikariCP pooling Sluice connections over the application's own pool")
    void hikariOverAWrappedPool() throws SQLException {
        String table = createTable();
        try (HikariDataSource application = applicationPool("inner-app")) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(SluiceDataSource.wrap(application));
            config.setMaximumPoolSize(2);
            try (HikariDataSource outer = new HikariDataSource(config);
                    Connection connection = outer.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1), (2)")).isEqualTo(2);
            }
        }
        assertThat(apps(table)).containsExactly("inner-app", "inner-app");
    }
}

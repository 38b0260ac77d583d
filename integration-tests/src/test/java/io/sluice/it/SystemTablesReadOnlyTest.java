package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.Engines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system tables are read-only to users, and nothing stored in them is ever run as SQL. Each test is an
 * attack through the system-table path that must fail with an SQLException and leave the logs, the dead
 * letters and every user table as they were.
 */
class SystemTablesReadOnlyTest {
    @TempDir
    Path directory;
    private String url;
    private Path systemFile;

    @BeforeEach
    void logSomething() throws SQLException {
        systemFile = directory.resolve("system.db");
        url = "jdbc:sluice:sqlite:" + directory.resolve("app.db") + "?system_database_path=" + systemFile;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE victim (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("CREATE TABLE t (id INTEGER NOT NULL)");
            statement.executeUpdate("INSERT INTO victim VALUES (1, 'keep me')");
            // One entry the database refuses, so that a dead letter exists.
            statement.executeUpdate("INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES ('not a number')");
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            statement.execute("SYSTEM FLUSH LOGS");
        }
    }

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    private void assertNothingChanged(Connection connection, long logRows) throws SQLException {
        assertThat(count(connection, "SELECT count(*) FROM system.asynchronous_insert_log")).isEqualTo(logRows);
        assertThat(count(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isEqualTo(1);
        assertThat(count(connection, "SELECT count(*) FROM victim")).isEqualTo(1);
    }

    @Test
    void aDeleteHiddenBehindWithIsRefusedAndDeletesNothing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            long logRows = count(connection, "SELECT count(*) FROM system.asynchronous_insert_log");
            assertThat(logRows).isPositive();
            assertThatThrownBy(() -> statement.execute("WITH x AS (SELECT 1) DELETE FROM system.asynchronous_insert_log_entries"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isNotZero());
            assertNothingChanged(connection, logRows);
        }
    }

    @Test
    void aPreparedDeleteReturningIsRefusedAndDeletesNothing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            long logRows = count(connection, "SELECT count(*) FROM system.asynchronous_insert_log");
            assertThatThrownBy(() -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM system.asynchronous_insert_log_blocks WHERE data <> ? RETURNING data")) {
                    statement.setString(1, "nothing");
                    statement.executeQuery();
                }
            }).isInstanceOf(SQLException.class);
            assertNothingChanged(connection, logRows);
        }
    }

    @Test
    void pragmasCannotMakeTheSystemDatabaseReadOnlyForTheEngineOrWriteItsFile() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            long logRows = count(connection, "SELECT count(*) FROM system.asynchronous_insert_log");
            for (String pragma : new String[] {"PRAGMA system.query_only = 1", "PRAGMA system.user_version = 42",
                    "PRAGMA system.journal_mode = OFF"}) {
                assertThatThrownBy(() -> statement.execute(pragma)).as(pragma).isInstanceOf(SQLException.class);
            }
            assertNothingChanged(connection, logRows);
            // The engine still writes its logs and dead letters.
            statement.executeUpdate("INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES ('again not a number')");
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            statement.execute("SYSTEM FLUSH LOGS");
            assertThat(count(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isEqualTo(2);
        }
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + systemFile);
                Statement statement = file.createStatement();
                ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isNotEqualTo(42);
        }
    }

    @Test
    void aForgedDeadLetterIsNeverRunAsSql() throws SQLException {
        // Whoever can write the system database's file forges a letter whose stored query is an attack.
        try (Connection file = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement statement = file.createStatement()) {
            // Attached as the engine attaches it, so that its views resolve.
            statement.execute("ATTACH DATABASE '" + systemFile + "' AS system");
            assertThat(statement.executeUpdate(
                    "UPDATE system.asynchronous_insert_dead_letter SET query = 'DELETE FROM victim --', \"table\" = 'victim'")).isEqualTo(1);
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try {
                statement.execute("SYSTEM REPLAY ASYNC INSERT DEAD LETTER victim");
            } catch (SQLException refused) {
                assertThat(refused.getErrorCode()).isNotZero();
            }
            assertThat(count(connection, "SELECT count(*) FROM victim")).isEqualTo(1);
        }
    }
}

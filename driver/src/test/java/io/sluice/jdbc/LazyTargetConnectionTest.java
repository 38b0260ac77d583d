package io.sluice.jdbc;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through DriverManager on SQLite: a Sluice connection opens its target connection only when something
 * needs it (a query, a transaction, metadata…), never for an async INSERT.
 */
class LazyTargetConnectionTest {
    @TempDir
    Path directory;
    private String url;

    @BeforeEach
    void createTable() throws SQLException {
        url = "jdbc:sluice:sqlite:" + directory.resolve("app.db");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE events (id INTEGER NOT NULL, name TEXT)");
        }
    }

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private static boolean targetOpen(Connection connection) throws SQLException {
        return connection.unwrap(SluiceConnection.class).session().isTargetOpen();
    }

    @Test
    @DisplayName("waiting and non-waiting INSERTs, plain and prepared, open no target connection; a SELECT opens it")
    void insertsOpenNoTargetConnectionAndASelectDoes() throws SQLException {
        try (Connection waiting = DriverManager.getConnection(url + "?wait_for_async_insert=1&async_insert_busy_timeout_ms=10");
                Connection notWaiting = DriverManager.getConnection(url + "?wait_for_async_insert=0")) {
            assertThat(waiting.getAutoCommit()).isTrue();
            waiting.setAutoCommit(true);
            try (Statement statement = waiting.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 'a'), (2, 'b')")).isEqualTo(2);
            }
            try (PreparedStatement insert = waiting.prepareStatement("INSERT INTO events (id, name) VALUES (?, ?)")) {
                insert.setInt(1, 3);
                insert.setString(2, "c");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (Statement statement = notWaiting.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO events VALUES (4, 'd')")).isZero();
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            }
            assertThat(targetOpen(waiting)).isFalse();
            assertThat(targetOpen(notWaiting)).isFalse();

            assertThat(ids(waiting)).containsExactly(1, 2, 3, 4);
            assertThat(targetOpen(waiting)).isTrue();
            assertThat(targetOpen(notWaiting)).isFalse();
        }
    }

    @Test
    @DisplayName("turning auto-commit off before anything else opens the connection and INSERTs join its transaction")
    void turningAutoCommitOffFirstGivesATransaction() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url + "?wait_for_async_insert=0")) {
            connection.setAutoCommit(false);
            assertThat(targetOpen(connection)).isTrue();
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 'a')")).as("synchronous in the transaction").isEqualTo(1);
            }
            connection.rollback();
            connection.setAutoCommit(true);
            assertThat(ids(connection)).isEmpty();
        }
    }

    @Test
    @DisplayName("session state set before the connection is open is applied to it")
    void stateSetBeforeOpeningIsApplied() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            assertThat(targetOpen(connection)).isTrue();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_UNCOMMITTED);
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(connection.isValid(1)).isTrue();
            assertThat(targetOpen(connection)).isTrue();
        }
    }

    @Test
    @DisplayName("closing or aborting a connection that never opened its target connection opens none")
    void closingOrAbortingOpensNothing() throws SQLException {
        Connection closed = DriverManager.getConnection(url);
        closed.close();
        assertThat(closed.isClosed()).isTrue();
        assertThat(((SluiceConnection) closed).session().isTargetOpen()).isFalse();

        Connection aborted = DriverManager.getConnection(url);
        List<Runnable> queued = new ArrayList<>();
        aborted.abort(queued::add);
        queued.forEach(Runnable::run);
        assertThat(aborted.isClosed()).isTrue();
        assertThat(((SluiceConnection) aborted).session().isTargetOpen()).isFalse();
    }

    @Test
    @DisplayName("warnings, which pools read and clear on every return, do not open the target connection")
    void warningsOpenNothing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url + "?wait_for_async_insert=0")) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO events VALUES (1, 'a')");
            }
            assertThat((Object) connection.getWarnings()).isNull();
            connection.clearWarnings();
            assertThat(targetOpen(connection)).isFalse();
            assertThat(ids(connection)).isNotNull();
            assertThat((Object) connection.getWarnings()).as("the target's, once open")
                    .isSameAs(connection.unwrap(org.sqlite.SQLiteConnection.class).getWarnings());
        }
    }

    private static List<Integer> ids(Connection connection) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT id FROM events ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }
}

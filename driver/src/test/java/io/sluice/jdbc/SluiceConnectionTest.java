package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConnection;

class SluiceConnectionTest {
    private final FakeSession session;
    private final SluiceConnection connection;

    SluiceConnectionTest() throws SQLException {
        session = new FakeSession();
        connection = new SluiceConnection(session);
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    /** A call on a connection, for tables of methods. */
    interface Call {
        void on(Connection connection) throws SQLException;
    }

    static Stream<Arguments> unsupported() {
        Executor direct = Runnable::run;
        return Stream.of(
                Arguments.of("createArrayOf", (Call) c -> c.createArrayOf("INTEGER", new Object[] {1})),
                Arguments.of("createStruct", (Call) c -> c.createStruct("point", new Object[] {1, 2})),
                Arguments.of("createBlob", (Call) Connection::createBlob),
                Arguments.of("createClob", (Call) Connection::createClob),
                Arguments.of("createNClob", (Call) Connection::createNClob),
                Arguments.of("createSQLXML", (Call) Connection::createSQLXML));
    }

    @Test
    void abortClosesTheConnectionItsStatementsAndItsTargetOnTheExecutor() throws SQLException {
        Statement statement = connection.createStatement();
        List<Runnable> queued = new ArrayList<>();

        connection.abort(queued::add);

        assertThat(connection.isClosed()).isTrue();
        assertThat(queued).hasSize(1);
        assertThat(session.closeCalls).as("the rest is closed on the executor").isZero();
        queued.get(0).run();
        assertThat(statement.isClosed()).isTrue();
        assertThat(session.closeCalls).isEqualTo(1);
        connection.abort(queued::add);
        assertThat(queued).as("aborting a closed connection does nothing").hasSize(1);
        try (SluiceConnection other = new SluiceConnection(new FakeSession())) {
            assertThatThrownBy(() -> other.abort(null)).hasMessageContaining("executor");
        }
    }

    /** The target driver's own answer: sqlite-jdbc makes an array, and refuses the others with its own exception. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void objectsForParametersAreTheTargetDriversOwn(String method, Call call) throws SQLException {
        Throwable plain = org.assertj.core.api.Assertions.catchThrowable(() -> call.on(session.target));
        Throwable sluice = org.assertj.core.api.Assertions.catchThrowable(() -> call.on(connection));

        if (plain == null) {
            assertThat(sluice).as(method).isNull();
        } else {
            assertThat(sluice).as(method).hasSameClassAs(plain).hasMessage(plain.getMessage());
        }
    }

    @Test
    void scrollInsensitiveRowsAreASnapshotAndUpdatableOrSensitiveOnesAreRefused() throws SQLException {
        try (Statement scrolling = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
                ResultSet rows = scrolling.executeQuery("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3")) {
            assertThat(scrolling.getResultSetType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThat(rows.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThat(rows.last()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(3);
            assertThat(rows.first()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        try (PreparedStatement prepared = connection.prepareStatement("SELECT ? UNION ALL SELECT 5",
                ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            prepared.setInt(1, 4);
            ResultSet rows = prepared.executeQuery();
            assertThat(rows.absolute(2)).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(5);
            assertThat(rows.previous()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(4);
        }
        assertThatThrownBy(() -> connection.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE,
                ResultSet.CONCUR_READ_ONLY))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluiceConnection.createStatement with TYPE_SCROLL_SENSITIVE "
                        + "is not supported by Sluice");
        assertThatThrownBy(() -> connection.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_UPDATABLE))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("SluiceConnection.prepareStatement with an updatable result set");
    }

    static Stream<Arguments> everyCall() {
        return Stream.of(
                Arguments.of("createStatement", (Call) Connection::createStatement),
                Arguments.of("prepareStatement", (Call) c -> c.prepareStatement("SELECT 1")),
                Arguments.of("prepareCall", (Call) c -> c.prepareCall("CALL p()")),
                Arguments.of("setAutoCommit", (Call) c -> c.setAutoCommit(false)),
                Arguments.of("getAutoCommit", (Call) Connection::getAutoCommit),
                Arguments.of("commit", (Call) Connection::commit),
                Arguments.of("rollback", (Call) Connection::rollback),
                Arguments.of("setSavepoint", (Call) Connection::setSavepoint),
                Arguments.of("getMetaData", (Call) Connection::getMetaData),
                Arguments.of("setTransactionIsolation",
                        (Call) c -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE)),
                Arguments.of("isReadOnly", (Call) Connection::isReadOnly),
                Arguments.of("getCatalog", (Call) Connection::getCatalog),
                Arguments.of("getSchema", (Call) Connection::getSchema),
                Arguments.of("nativeSQL", (Call) c -> c.nativeSQL("SELECT 1")),
                Arguments.of("getWarnings", (Call) Connection::getWarnings),
                Arguments.of("getClientInfo", (Call) Connection::getClientInfo),
                Arguments.of("getHoldability", (Call) Connection::getHoldability),
                Arguments.of("unwrap", (Call) c -> c.unwrap(SluiceConnection.class)),
                Arguments.of("createBlob", (Call) Connection::createBlob));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCall")
    void everyMethodOfAClosedConnectionThrows08003(String method, Call call) throws SQLException {
        connection.close();

        assertThatThrownBy(() -> call.on(connection))
                .isInstanceOf(SQLException.class)
                .hasMessage("This connection is closed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
    }

    @Test
    void aConnectionWhoseEngineShutDownIsClosed() {
        session.engineShutDown = true;

        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(connection::createStatement).hasMessage("This connection is closed");
    }

    @Test
    void closingTwiceClosesTheSessionOnce() throws SQLException {
        connection.close();
        connection.close();

        assertThat(session.closeCalls).isEqualTo(1);
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void closingClosesTheOpenStatementsAndTheirResultSets() throws SQLException {
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1");
        PreparedStatement prepared = connection.prepareStatement("INSERT INTO t VALUES (?)");

        connection.close();

        assertThat(statement.isClosed()).isTrue();
        assertThat(prepared.isClosed()).isTrue();
        assertThat(rows.isClosed()).isTrue();
        assertThat(connection.openStatements()).isEmpty();
    }

    @Test
    void aClosedStatementIsForgotten() throws SQLException {
        Statement statement = connection.createStatement();
        statement.close();

        assertThat(connection.openStatements()).isEmpty();
    }

    @Test
    void isValidIsFalseOnceClosedWithoutThrowing() throws SQLException {
        assertThat(connection.isValid(1)).isTrue();
        connection.close();
        assertThat(connection.isValid(1)).isFalse();
        assertThatThrownBy(() -> connection.isValid(-1))
                .hasMessage("BAD_ARGUMENTS: isValid: timeout must be 0 or more seconds, not -1");
    }

    @Test
    void setClientInfoOnAClosedConnectionThrowsTheClientInfoException() throws SQLException {
        connection.close();

        assertThatThrownBy(() -> connection.setClientInfo("ApplicationName", "app"))
                .isInstanceOf(java.sql.SQLClientInfoException.class)
                .hasMessage("This connection is closed");
    }

    @Test
    void transactionsAreTheTargetConnections() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (v INTEGER)");
            connection.setAutoCommit(false);
            assertThat(session.target.getAutoCommit()).isFalse();
            statement.executeUpdate("INSERT INTO t VALUES (1)");
            connection.rollback();
            connection.setAutoCommit(true);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void metadataIsTheTargetsAndUnwrapReachesTheTarget() throws SQLException {
        assertThat(connection.getMetaData().getURL()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(connection.unwrap(SluiceConnection.class)).isSameAs(connection);
        assertThat(connection.unwrap(SQLiteConnection.class)).isSameAs(session.target);
        assertThat(connection.isWrapperFor(SQLiteConnection.class)).isTrue();
        assertThat(connection.isWrapperFor(Map.class)).isFalse();
        assertThatThrownBy(() -> connection.unwrap(Map.class))
                .hasMessage("SluiceConnection does not wrap java.util.Map");
    }

    @Test
    void prepareStatementBuffersInsertsAndPassesTheRestThrough() throws SQLException {
        SluicePreparedStatement insert = (SluicePreparedStatement) connection.prepareStatement("INSERT INTO t VALUES (?)");
        SluicePreparedStatement select = (SluicePreparedStatement) connection.prepareStatement("SELECT ?");

        assertThat(insert.isBufferedInsert()).isTrue();
        assertThat(select.isBufferedInsert()).isFalse();
    }

    @Test
    void generatedKeysMeanTheInsertRunsOnTheTarget() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        }
        SluicePreparedStatement insert = (SluicePreparedStatement) connection.prepareStatement(
                "INSERT INTO t (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        SluicePreparedStatement plain = (SluicePreparedStatement) connection.prepareStatement(
                "INSERT INTO t (v) VALUES (?)", Statement.NO_GENERATED_KEYS);

        assertThat(insert.isBufferedInsert()).isFalse();
        assertThat(plain.isBufferedInsert()).isTrue();
        insert.setInt(1, 7);
        assertThat(insert.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = insert.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(1);
            assertThat(keys.getStatement()).isSameAs(insert);
        }
        assertThatThrownBy(() -> connection.prepareStatement("INSERT INTO t (v) VALUES (?)", 42))
                .hasMessageContaining("autoGeneratedKeys must be");
    }
}

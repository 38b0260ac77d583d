package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SluiceStatementTest {
    private FakeSession session;
    private SluiceConnection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        session = new FakeSession();
        connection = new SluiceConnection(session);
        statement = connection.createStatement();
        statement.executeUpdate("CREATE TABLE t (v INTEGER)");
        statement.executeUpdate("INSERT INTO t VALUES (1), (2), (3), (4), (5)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void executeQueryReturnsRowsWhoseStatementIsTheSluiceStatement() throws SQLException {
        ResultSet rows = statement.executeQuery("SELECT v FROM t ORDER BY v");

        assertThat(rows).isInstanceOf(SluiceResultSet.class);
        assertThat(rows.getStatement()).isSameAs(statement);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt("v")).isEqualTo(1);
        assertThat(statement.getResultSet()).isSameAs(rows);
        assertThat(statement.getUpdateCount()).isEqualTo(-1);
    }

    @Test
    void executeQueryOfAStatementWithoutRowsThrows() {
        assertThatThrownBy(() -> statement.executeQuery("DELETE FROM t WHERE v = 1"))
                .isInstanceOf(SQLException.class)
                .hasMessage("SluiceStatement.executeQuery: the statement does not produce a result set");
    }

    @Test
    void executeUpdateReturnsTheUpdateCount() throws SQLException {
        assertThat(statement.executeUpdate("DELETE FROM t WHERE v > 3")).isEqualTo(2);
        assertThat(statement.executeLargeUpdate("DELETE FROM t")).isEqualTo(3L);
        assertThat(statement.getUpdateCount()).isEqualTo(3);
        assertThat(statement.getResultSet()).isNull();
    }

    @Test
    void executeUpdateOfAQueryThrowsAndClosesTheRows() {
        assertThatThrownBy(() -> statement.executeUpdate("SELECT v FROM t"))
                .hasMessage("SluiceStatement.executeUpdate: the statement produced a result set; use executeQuery or execute");
    }

    @Test
    void engineErrorsPassThroughUntouched() {
        assertThatThrownBy(() -> statement.execute("FAIL INSERT INTO nowhere VALUES (1)"))
                .isSameAs(session.failure)
                .hasMessage("UNKNOWN_TABLE: Table main.nowhere does not exist");
    }

    @Test
    void theQueryIdIsUsedForTheNextExecutionOnly() throws SQLException {
        SluiceStatement sluice = statement.unwrap(SluiceStatement.class);
        sluice.setQueryId("my-query-1");

        statement.execute("SELECT 1");
        assertThat(sluice.getLastQueryId()).isEqualTo("my-query-1");
        statement.execute("SELECT 2");

        assertThat(session.queryIds).endsWith("my-query-1", "generated-3");
        assertThat(sluice.getLastQueryId()).isEqualTo("generated-3");
    }

    @Test
    void limitsAndTimeoutAreAppliedToTheUnderlyingStatement() throws SQLException {
        statement.setMaxRows(2);
        statement.setQueryTimeout(7);
        statement.setFetchSize(1);

        int count = 0;
        try (ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
            while (rows.next()) {
                count++;
            }
            assertThat(session.lastUnderlying.getQueryTimeout()).isEqualTo(7);
            assertThat(session.lastUnderlying.getFetchSize()).isEqualTo(1);
        }
        assertThat(count).isEqualTo(2);
        assertThat(statement.getMaxRows()).isEqualTo(2);
        assertThat(statement.getQueryTimeout()).isEqualTo(7);
    }

    @Test
    void aFetchSizeAboveTheMaxRowsIsCappedToThem() throws SQLException {
        statement.setMaxRows(2);
        statement.setFetchSize(50);

        try (ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
            assertThat(session.lastUnderlying.getFetchSize()).isEqualTo(2);
        }
        assertThat(statement.getFetchSize()).isEqualTo(50);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> statement.setMaxRows(-1))
                .hasMessage("BAD_ARGUMENTS: setMaxRows: the limit must be 0 (none) or more, not -1");
        assertThatThrownBy(() -> statement.setQueryTimeout(-5))
                .hasMessage("BAD_ARGUMENTS: setQueryTimeout: the timeout must be 0 (none) or more seconds, not -5");
        assertThatThrownBy(() -> statement.setFetchDirection(42))
                .hasMessageContaining("setFetchDirection: the direction must be");
    }

    @Test
    void aBatchRunsEachStatementInOrder() throws SQLException {
        statement.addBatch("INSERT INTO t VALUES (6)");
        statement.addBatch("DELETE FROM t WHERE v < 3");
        statement.addBatch("UPDATE t SET v = v + 1");

        assertThat(statement.executeBatch()).containsExactly(1, 2, 4);
        assertThat(statement.executeBatch()).isEmpty();
    }

    @Test
    void aFailingBatchReportsTheCountsSoFarAndTheEngineError() throws SQLException {
        statement.addBatch("INSERT INTO t VALUES (6)");
        statement.addBatch("FAIL INSERT INTO nowhere VALUES (1)");
        statement.addBatch("INSERT INTO t VALUES (7)");

        assertThatThrownBy(statement::executeBatch)
                .isInstanceOf(BatchUpdateException.class)
                .hasMessage("UNKNOWN_TABLE: Table main.nowhere does not exist")
                .hasCause(session.failure)
                .satisfies(e -> {
                    BatchUpdateException batch = (BatchUpdateException) e;
                    assertThat(batch.getUpdateCounts()).containsExactly(1);
                    assertThat(batch.getErrorCode()).isEqualTo(60);
                });
        assertThat(session.executed).doesNotContain("INSERT INTO t VALUES (7)");
        assertThat(statement.executeBatch()).isEmpty();
    }

    @Test
    void executingAgainClosesThePreviousResultSet() throws SQLException {
        ResultSet first = statement.executeQuery("SELECT v FROM t");
        statement.executeQuery("SELECT v FROM t");

        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void getMoreResultsClosesTheRowsAndReportsNoMore() throws SQLException {
        ResultSet rows = statement.executeQuery("SELECT v FROM t");

        assertThat(statement.getMoreResults()).isFalse();
        assertThat(rows.isClosed()).isTrue();
        assertThat(statement.getUpdateCount()).isEqualTo(-1);
        assertThat(statement.getResultSet()).isNull();
    }

    @Test
    void keepCurrentResultLeavesTheRowsOpenUntilTheStatementCloses() throws SQLException {
        ResultSet rows = statement.executeQuery("SELECT v FROM t");

        assertThat(statement.getMoreResults(Statement.KEEP_CURRENT_RESULT)).isFalse();
        assertThat(rows.isClosed()).isFalse();
        statement.close();
        assertThat(rows.isClosed()).isTrue();
    }

    @Test
    void closingClosesTheResultSetAndTwiceDoesNothing() throws SQLException {
        ResultSet rows = statement.executeQuery("SELECT v FROM t");

        statement.close();
        statement.close();

        assertThat(rows.isClosed()).isTrue();
        assertThat(statement.isClosed()).isTrue();
    }

    @Test
    void aClosedStatementThrowsHy010() throws SQLException {
        statement.close();

        assertThatThrownBy(() -> statement.execute("SELECT 1"))
                .hasMessage("This statement is closed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY010");
        assertThatThrownBy(statement::getConnection).hasMessage("This statement is closed");
    }

    @Test
    void aStatementOfAClosedConnectionThrows() throws SQLException {
        Statement other = connection.createStatement();
        session.engineShutDown = true;

        assertThatThrownBy(() -> other.execute("SELECT 1")).hasMessage("This connection is closed");
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResultSet() throws SQLException {
        statement.closeOnCompletion();
        assertThat(statement.isCloseOnCompletion()).isTrue();
        ResultSet rows = statement.executeQuery("SELECT v FROM t");

        rows.close();

        assertThat(statement.isClosed()).isTrue();
    }

    @Test
    void closeOnCompletionWaitsForKeptResultSets() throws SQLException {
        statement.closeOnCompletion();
        ResultSet first = statement.executeQuery("SELECT v FROM t");
        statement.getMoreResults(Statement.KEEP_CURRENT_RESULT);
        ResultSet second = statement.executeQuery("SELECT v FROM t");

        second.close();
        assertThat(statement.isClosed()).isFalse();
        first.close();
        assertThat(statement.isClosed()).isTrue();
    }

    @Test
    void generatedKeysRunOnTheTargetAndStayUntilTheNextExecution() throws SQLException {
        statement.executeUpdate("CREATE TABLE k (id INTEGER PRIMARY KEY, v INTEGER)");
        int before = session.executed.size();

        assertThat(statement.executeUpdate("INSERT INTO k (v) VALUES (7)", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
        try (ResultSet keys = statement.getGeneratedKeys()) {
            assertThat(keys.getStatement()).isSameAs(statement);
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(1);
        }
        assertThat(statement.execute("INSERT INTO k (v) VALUES (8)", Statement.RETURN_GENERATED_KEYS)).isFalse();
        assertThat(statement.getUpdateCount()).isEqualTo(1);
        try (ResultSet keys = statement.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getLong(1)).isEqualTo(2);
        }
        assertThat(session.executed).as("not through the engine").hasSize(before);
        assertThatThrownBy(() -> statement.execute("INSERT INTO k (v) VALUES (8)", new String[] {"id"}))
                .as("the target driver's own answer").hasMessageContaining("SQLite");
        assertThat(statement.executeUpdate("INSERT INTO k (v) VALUES (9)", Statement.NO_GENERATED_KEYS)).isEqualTo(1);
        assertThat(session.executed).as("through the engine").hasSize(before + 1);
        try (ResultSet keys = statement.getGeneratedKeys()) {
            assertThat(keys.next()).as("none requested: none, as the target drivers answer").isFalse();
            assertThat(keys.getMetaData().getColumnCount()).isZero();
        }
        assertThatThrownBy(() -> statement.executeUpdate("SELECT 1", Statement.RETURN_GENERATED_KEYS))
                .hasMessageContaining("executeUpdate");
        assertThatThrownBy(() -> statement.execute("INSERT INTO k (v) VALUES (1)", 5)).hasMessageContaining("autoGeneratedKeys must be");
    }

    @Test
    void unsupportedMethodsThrowNamingTheMethod() throws SQLException {
        try (ResultSet keys = statement.getGeneratedKeys()) {
            assertThat(keys.next()).isFalse();
        }
        statement.cancel();
        assertThat(statement.executeQuery("SELECT 1").next()).as("cancel with nothing running does nothing").isTrue();
        assertThatThrownBy(() -> statement.setCursorName("c"))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluiceStatement.setCursorName is not supported by Sluice");
    }

    @Test
    void flagsAreKept() throws SQLException {
        SluiceStatement sluice = statement.unwrap(SluiceStatement.class);
        statement.setPoolable(true);
        statement.setEscapeProcessing(false);

        assertThat(statement.isPoolable()).isTrue();
        assertThat(sluice.getEscapeProcessing()).isFalse();
        assertThat(statement.getConnection()).isSameAs(connection);
        assertThat(statement.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
        assertThat(statement.getResultSetConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(statement.isWrapperFor(SluiceStatement.class)).isTrue();
        assertThatThrownBy(() -> statement.unwrap(String.class))
                .hasMessage("SluiceStatement does not wrap java.lang.String");
    }
}

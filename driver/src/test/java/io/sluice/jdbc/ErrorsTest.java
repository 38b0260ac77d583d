package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void notSupportedNamesTheMethodWithClickHouseCodeAndSqlState() {
        SQLFeatureNotSupportedException error = Errors.notSupported("SluiceConnection.prepareCall");

        assertThat((Throwable) error).hasMessage("UNSUPPORTED_METHOD: SluiceConnection.prepareCall is not supported by Sluice");
        assertThat(error.getSQLState()).isEqualTo("0A000");
        assertThat(error.getErrorCode()).isEqualTo(1);
    }

    @Test
    void closedStatesHaveTheirSqlStates() {
        SQLException connection = Errors.connectionClosed();
        SQLException statement = Errors.statementClosed();

        assertThat((Throwable) connection).hasMessage("This connection is closed");
        assertThat(connection.getSQLState()).isEqualTo("08003");
        assertThat((Throwable) statement).hasMessage("This statement is closed");
        assertThat(statement.getSQLState()).isEqualTo("HY010");
    }

    @Test
    void badArgumentsCarryTheClickHouseCode() {
        SQLException error = Errors.badArgument("setMaxRows: the limit must be 0 (none) or more, not -1");

        assertThat((Throwable) error).hasMessage("BAD_ARGUMENTS: setMaxRows: the limit must be 0 (none) or more, not -1");
        assertThat(error.getErrorCode()).isEqualTo(36);
        assertThat(error.getSQLState()).isEqualTo("22023");
    }

    @Test
    void anUncheckedExceptionFromBelowSurfacesAsAnSqlExceptionWithACode() throws SQLException {
        FakeSession session = new FakeSession();
        try (SluiceConnection connection = new SluiceConnection(session);
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CRASH now"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("UNKNOWN_EXCEPTION: java.lang.IllegalStateException: a plugin's bug")
                    .hasCause(session.crash)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1002))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY000"));

            PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)");
            session.lastInsert.crash = new IllegalArgumentException("bad state in decide()");
            insert.setInt(1, 1);
            assertThatThrownBy(insert::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1002));
            insert.addBatch();
            assertThatThrownBy(insert::executeBatch)
                    .isInstanceOf(BatchUpdateException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1002));
            assertThat(statement.executeQuery("SELECT 1").next()).isTrue();
        }
    }

    @Test
    void anSqlExceptionWithACodeOrAStatePassesUntouched() {
        SQLException target = new SQLException("duplicate key", "23505");
        SQLException sqlite = new SQLException("constraint failed", null, 19);

        assertThat((Throwable) Errors.convert(target)).isSameAs(target);
        assertThat((Throwable) Errors.convert(sqlite)).isSameAs(sqlite);
        SQLException bare = Errors.convert(new SQLException("The prepared statement has been finalized"));
        assertThat(bare.getErrorCode()).isEqualTo(1002);
        assertThat(bare.getSQLState()).isEqualTo("HY000");
    }
}

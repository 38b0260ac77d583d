package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
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
}

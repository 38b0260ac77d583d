package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every error a session raises carries a ClickHouse code and its SQLState, from the one error-code enum. */
class SessionErrorCodesTest extends EngineTestBase {
    @Test
    @DisplayName("a closed session refuses statements with SESSION_NOT_FOUND (08003)")
    void closedSession() throws SQLException {
        Session session = connect("");
        session.close();
        assertThatThrownBy(() -> session.execute("SELECT 1", null, null)).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo(ErrorCode.SESSION_NOT_FOUND.sqlState());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SESSION_NOT_FOUND.code());
        });
    }

    @Test
    @DisplayName("a prepared system query refuses what it cannot do with UNSUPPORTED_METHOD and BAD_ARGUMENTS")
    void preparedSystemQuery() throws SQLException {
        Session session = connect("");
        try (PreparedStatement statement = session.preparePassThrough("SELECT count(*) FROM system.events WHERE value > ?")) {
            assertThatThrownBy(statement::addBatch).isInstanceOfSatisfying(SQLFeatureNotSupportedException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo(ErrorCode.UNSUPPORTED_METHOD.sqlState());
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_METHOD.code());
            });
            assertThatThrownBy(() -> statement.unwrap(String.class)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS.code()));
            statement.setLong(1, -1);
            assertThat(statement.executeQuery().next()).isTrue();
        }
    }
}

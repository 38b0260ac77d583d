package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a client sees, and what the engine keeps straight, when a plugin throws. */
class PluginFailureTest extends EngineTestBase {
    private static String bufferedBytes(Session session) throws SQLException {
        return query(session, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertBufferedBytes'").get(0);
    }

    @Test
    void aFlushPolicyThatThrowsAfterTheEntryWasBufferedGivesItsBytesBackOnceAndFlushesIt() throws Exception {
        Session session = connect("async_insert_flush_policy=test-throwing");
        update(session, "CREATE TABLE t (a INTEGER)");
        Throwable thrown = catchThrowable(() -> update(session, "INSERT INTO t VALUES (1)"));
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(bufferedBytes(session)).as("bytes given back once, by the flush").isEqualTo("0");
        assertThat(thrown).as("a broken policy does not strand the entry: its buffer is flushed at once").isNull();
        assertThat(count(session, "t")).isEqualTo(1);
    }

    @Test
    void aBufferThatThrowsARuntimeExceptionYieldsAnSqlExceptionWithACode() throws Exception {
        Session session = connect("async_insert_buffer=test-throwing");
        update(session, "CREATE TABLE t (a INTEGER)");
        assertThatThrownBy(() -> update(session, "INSERT INTO t VALUES (1)"))
                .isInstanceOfSatisfying(SluiceSqlException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.UNKNOWN_EXCEPTION))
                .hasMessageContaining("the test buffer is broken")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(bufferedBytes(session)).as("the refused entry's bytes were given back").isEqualTo("0");
        assertThat(update(session, "INSERT INTO t SETTINGS async_insert = 0 VALUES (2)")).isEqualTo(1);
    }
}

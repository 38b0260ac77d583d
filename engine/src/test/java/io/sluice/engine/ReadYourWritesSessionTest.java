package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Read-your-writes on one session, on a manual clock: nothing is flushed by time during these tests. */
class ReadYourWritesSessionTest extends EngineTestBase {
    private static final String FIRE_AND_FORGET = "wait_for_async_insert=0&async_insert_use_adaptive_busy_timeout=0";

    @Test
    void aSelectOfATableWithUnwrittenInsertsSeesThemAndLeavesOtherTablesBuffered() throws Exception {
        Session session = connect(FIRE_AND_FORGET);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "CREATE TABLE other (a INTEGER)");
        update(session, "INSERT INTO other VALUES (1)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (2)");
        assertThat(query(session, "SELECT sum(a) FROM \"T\"")).containsExactly("3");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("1");
        assertThat(update(session, "UPDATE other SET a = 5")).isEqualTo(1);
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }

    @Test
    void aTableNamedOnlyInAStringOrACommentIsNotWritten() throws Exception {
        Session session = connect(FIRE_AND_FORGET);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        assertThat(query(session, "SELECT 't' -- t\n")).containsExactly("t");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("1");
    }

    @Test
    void anotherSessionAndTheSettingOffDoNotWrite() throws Exception {
        Session session = connect(FIRE_AND_FORGET);
        Session other = connect(FIRE_AND_FORGET);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        assertThat(count(other, "t")).isZero();
        update(session, "SET async_insert_read_your_writes = 0");
        assertThat(count(session, "t")).isZero();
        update(session, "SET async_insert_read_your_writes = 1");
        assertThat(count(session, "t")).isEqualTo(1);
    }

    @Test
    void aTransactionBeginsAfterItsConnectionsUnwrittenInsertsAreWritten() throws Exception {
        Session session = connect(FIRE_AND_FORGET);
        Session other = connect(FIRE_AND_FORGET);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        session.setAutoCommit(false);
        assertThat(count(other, "t")).isEqualTo(1);
        session.setAutoCommit(true);
    }

    @Test
    void preparedQueriesAndMetadataReadsSeeUnwrittenInserts() throws Exception {
        Session session = connect(FIRE_AND_FORGET);
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        try (var statement = session.preparePassThrough("SELECT count(*) FROM t"); ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
        update(session, "INSERT INTO t VALUES (2)");
        session.beforeMetadataRead();
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }
}

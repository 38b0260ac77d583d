package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A table changed through a plain SQLite connection, never through Sluice, while the engine has its shape cached. */
class SchemaChangedElsewhereEngineTest extends EngineTestBase {
    private void elsewhere(String sql) throws SQLException {
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db")); Statement statement = plain.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Waiting INSERTs, each flushed at once (the clock is the test's): a refusal at flush reaches its client. */
    @Test
    void anInsertThatTheCachedShapeRefusesIsCheckedAgainstTheTableAsItIsAndLeavesNoDeadLetter() throws Exception {
        Session session = connect("async_insert_max_query_number=1");
        update(session, "CREATE TABLE t (id INTEGER NOT NULL, name TEXT)");
        assertThat(update(session, "INSERT INTO t VALUES (1, 'before')")).isEqualTo(1);
        elsewhere("ALTER TABLE t ADD COLUMN note TEXT");

        // Refused by the cached shape at resolution (unknown column) and at flush (three values for two columns).
        assertThat(update(session, "INSERT INTO t (id, note) VALUES (2, 'named')")).isEqualTo(1);
        assertThat(update(session, "INSERT INTO t VALUES (3, 'all', 'n3')")).isEqualTo(1);

        assertThat(query(session, "SELECT id, name, note FROM t ORDER BY id")).containsExactly("1|before|null", "2|null|named", "3|all|n3");
        assertThat(count(session, "system.asynchronous_insert_dead_letter")).isZero();
    }

    @Test
    void aShapeIsTrustedOnlyForTheMetadataTimeToLiveOnTheEnginesClock() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_table_metadata_ttl_ms=2000");
        update(session, "CREATE TABLE t (id INTEGER NOT NULL, name TEXT)");
        update(session, "INSERT INTO t VALUES (1, 'a')");
        advanceAndAwait(1_000);
        elsewhere("ALTER TABLE t ADD COLUMN note TEXT");

        // Fire-and-forget: no error comes back to refresh on, so only the time-to-live makes the new column known.
        clock.advanceMillis(2_000);
        update(session, "INSERT INTO t VALUES (2, 'b', 'n2')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");

        assertThat(query(session, "SELECT id, name, note FROM t ORDER BY id")).containsExactly("1|a|null", "2|b|n2");
        assertThat(count(session, "system.asynchronous_insert_dead_letter")).isZero();
    }

    @Test
    void aColumnDroppedElsewhereIsNoLongerWrittenByAnInsertWithoutAColumnList() throws Exception {
        Session session = connect("async_insert_max_query_number=1");
        update(session, "CREATE TABLE t (id INTEGER NOT NULL, note TEXT)");
        assertThat(update(session, "INSERT INTO t VALUES (1, 'a')")).isEqualTo(1);
        elsewhere("ALTER TABLE t DROP COLUMN note");
        assertThat(update(session, "INSERT INTO t VALUES (2)")).isEqualTo(1);
        assertThat(query(session, "SELECT id FROM t ORDER BY id")).containsExactly("1", "2");
    }
}

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTest extends EngineTestBase {
    @Test
    void entriesThatFailAtFlushAreKeptWithTheirRawDataErrorAndQueryId() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
        update(session, "INSERT INTO t VALUES (1, 'a')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        try (Result bad = session.execute("INSERT INTO t VALUES ('not a number', 'b')", "bad-parse", null);
                Result dup = session.execute("INSERT INTO t FORMAT CSV\n1,duplicate\n", "bad-write", null)) {
            assertThat(bad.updateCount()).isZero();
        }
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT query_id, database, \"table\", format, query, data, status, replay_attempts"
                + " FROM system.asynchronous_insert_dead_letter ORDER BY query_id")).containsExactly(
                        "bad-parse|main|t|Values|INSERT INTO \"main\".\"t\" (\"id\", \"name\") FORMAT Values|('not a number', 'b')|ParsingError|0",
                        "bad-write|main|t|CSV|INSERT INTO \"main\".\"t\" (\"id\", \"name\") FORMAT CSV|1,duplicate\n|FlushError|0");
        assertThat(query(session, "SELECT exception FROM system.asynchronous_insert_dead_letter WHERE query_id = 'bad-write'"))
                .singleElement().asString().contains("UNIQUE constraint failed");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertDeadLetters'")).containsExactly("2");
    }

    @Test
    void replayWritesTheDeadLettersAfterTheOperatorFixedTheTableAndRemovesThem() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (id INTEGER, name TEXT CHECK (length(name) < 5))");
        update(session, "CREATE TABLE other (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1, 'ok')");
        update(session, "INSERT INTO t FORMAT JSONEachRow {\"id\": 2, \"name\": \"too long\"}");
        update(session, "INSERT INTO other VALUES ('x')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "system.asynchronous_insert_dead_letter")).isEqualTo(2);

        // Replaying before the fix fails again and keeps the letter, with the new error.
        assertThat(update(session, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER t")).isZero();
        assertThat(query(session, "SELECT replay_attempts, last_replay_exception LIKE '%CHECK constraint failed%'"
                + " FROM system.asynchronous_insert_dead_letter WHERE \"table\" = 't'")).containsExactly("1|1");

        update(session, "ALTER TABLE t RENAME TO t_old");
        update(session, "CREATE TABLE t (id INTEGER, name TEXT)");
        update(session, "INSERT INTO t SELECT * FROM t_old");
        assertThat(update(session, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER main.t")).isEqualTo(1);
        assertThat(query(session, "SELECT id, name FROM t ORDER BY id")).containsExactly("1|ok", "2|too long");
        // Only the named table's letters were replayed.
        assertThat(query(session, "SELECT \"table\" FROM system.asynchronous_insert_dead_letter")).containsExactly("other");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertDeadLettersReplayed'")).containsExactly("1");
    }

    @Test
    void replayWithoutATableReplaysEveryTableAndTypedRowsReplayFromTheirValuesText() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (id INTEGER UNIQUE, name TEXT, price REAL)");
        update(session, "INSERT INTO t VALUES (1, 'existing', 0.5)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        PreparedInsert insert = session.prepareInsert("INSERT INTO t VALUES (?, ?, ?)");
        insert.execute(List.<Object[]>of(new Object[] {1L, "it's a \\ test", 2.25}, new Object[] {2L, null, null}), null).close();
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT format, data FROM system.asynchronous_insert_dead_letter"))
                .containsExactly("Values|(1, 'it\\'s a \\\\ test', 2.25), (2, NULL, NULL)");
        update(session, "DELETE FROM t");
        assertThat(update(session, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER")).isEqualTo(1);
        assertThat(query(session, "SELECT id, name, price FROM t ORDER BY id")).containsExactly("1|it's a \\ test|2.25", "2|null|null");
        assertThat(count(session, "system.asynchronous_insert_dead_letter")).isZero();
    }

    @Test
    void theDeadLetterTableIsBoundedAndCountsWhatItPushedOut() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_dead_letter_max_rows=2");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 0; i < 5; i++) {
            try (Result ignored = session.execute("INSERT INTO t VALUES ('bad " + i + "')", "q" + i, null)) {
                // fire and forget
            }
        }
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT query_id FROM system.asynchronous_insert_dead_letter ORDER BY id")).containsExactly("q3", "q4");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertDeadLettersEvicted'")).containsExactly("3");
    }

    @Test
    void theByteBoundKeepsTheNewestLettersThatFit() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_dead_letter_max_bytes=25");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 0; i < 4; i++) {
            // Each entry's data is 10 bytes: ('bad  i').
            try (Result ignored = session.execute("INSERT INTO t VALUES ('bad  " + i + "')", "q" + i, null)) {
                // fire and forget
            }
        }
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT query_id, bytes FROM system.asynchronous_insert_dead_letter ORDER BY id")).containsExactly("q2|10", "q3|10");
    }

    @Test
    void replayInsideATransactionIsRefused() throws Exception {
        Session session = connect("");
        session.targetConnection().setAutoCommit(false);
        assertThatThrownBy(() -> update(session, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER"))
                .hasMessageContaining("commit or roll back the connection's transaction first");
        session.targetConnection().rollback();
    }
}

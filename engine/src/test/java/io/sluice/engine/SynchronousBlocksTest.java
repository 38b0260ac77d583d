package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A synchronous INSERT larger than one block ({@code max_insert_block_size} rows, or a memory budget) is
 * checked whole, then written block by block as it is read again, yet stays all or nothing: in a transaction
 * of its own, or under a savepoint of the caller's transaction.
 */
class SynchronousBlocksTest extends EngineTestBase {
    private static final String SMALL_BLOCKS = "INSERT INTO t SETTINGS async_insert = 0, max_insert_block_size = 2 VALUES ";

    @Test
    @DisplayName("several blocks are all written")
    void severalBlocksAreWritten() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL)");

        assertThat(update(session, SMALL_BLOCKS + "(1), (2), (3), (4), (5)")).isEqualTo(5);

        assertThat(query(session, "SELECT a FROM t ORDER BY rowid")).containsExactly("1", "2", "3", "4", "5");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'SynchronousInsertQuery'")).containsExactly("1");
    }

    @Test
    @DisplayName("a bad value in a later block fails the INSERT with its own error before any block is written")
    void aBadValueInALaterBlockLeavesNothing() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL)");

        assertThatThrownBy(() -> update(session, SMALL_BLOCKS + "(1), (2), (3), (4), ('five')"))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessage("CANNOT_PARSE_TEXT: Cannot parse 'five' as INTEGER for column a at row 5: expected an integer");

        assertThat(count(session, "t")).isZero();
        // The target is usable at once: nothing of the failed INSERT holds a lock.
        assertThat(update(session, SMALL_BLOCKS + "(6), (7), (8)")).isEqualTo(3);
        assertThat(query(session, "SELECT a FROM t ORDER BY rowid")).containsExactly("6", "7", "8");
    }

    @Test
    @DisplayName("a constraint the database enforces in a later block takes the earlier blocks back too")
    void aDatabaseErrorInALaterBlockLeavesNothing() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL CHECK (a < 4))");

        assertThatThrownBy(() -> update(session, SMALL_BLOCKS + "(1), (2), (3), (4), (5)")).isInstanceOf(java.sql.SQLException.class)
                .hasMessageContaining("CHECK constraint failed");

        assertThat(count(session, "t")).isZero();
    }

    @Test
    @DisplayName("inside the caller's transaction, a failed multi-block INSERT is undone alone: the transaction's earlier rows stay")
    void insideATransactionOnlyTheFailedInsertIsUndone() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL)");
        session.targetConnection().setAutoCommit(false);
        try {
            assertThat(update(session, "INSERT INTO t VALUES (100)")).isEqualTo(1);
            assertThat(update(session, SMALL_BLOCKS + "(1), (2), (3)")).isEqualTo(3);

            assertThatThrownBy(() -> update(session, SMALL_BLOCKS + "(4), (5), (6), (NULL)"))
                    .isInstanceOfSatisfying(SluiceSqlException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN));

            assertThat(query(session, "SELECT a FROM t ORDER BY rowid")).containsExactly("100", "1", "2", "3");
            session.targetConnection().commit();
        } finally {
            session.targetConnection().setAutoCommit(true);
        }
        assertThat(query(session, "SELECT a FROM t ORDER BY rowid")).containsExactly("100", "1", "2", "3");
    }

    @Test
    @DisplayName("inside the caller's transaction, a multi-block INSERT is rolled back with the transaction")
    void insideATransactionTheBlocksRollBackWithIt() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL)");
        session.targetConnection().setAutoCommit(false);
        try {
            assertThat(update(session, SMALL_BLOCKS + "(1), (2), (3), (4), (5)")).isEqualTo(5);
            assertThat(count(session, "t")).isEqualTo(5);
            session.targetConnection().rollback();
        } finally {
            session.targetConnection().setAutoCommit(true);
        }
        assertThat(count(session, "t")).isZero();
    }
}

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Deduplication ids follow their table on SQLite: a table dropped and created again, through Sluice or through a
 * plain connection, starts with no ids, so a reused {@code insert_deduplication_token} writes its row; without
 * the drop it is still deduplicated.
 */
class DeduplicationAfterDropTest extends EngineTestBase {
    private static final String TOKEN_1 = "INSERT INTO t SETTINGS insert_deduplication_token = 'load-1' VALUES (1)";

    @Test
    void aTokenReusedWithoutADropIsStillDeduplicated() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        // Rows deleted, the table kept: the ids stay (ClickHouse's stay with the table too).
        update(session, "DELETE FROM t");
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isZero();
        update(session, "ALTER TABLE t ADD COLUMN b TEXT");
        update(session, "INSERT INTO t (a) SETTINGS insert_deduplication_token = 'load-1' VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).as("an altered table is the same table").isZero();
    }

    @Test
    void aTableDroppedAndCreatedAgainThroughSluiceForgetsItsIds() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "CREATE TABLE other (a INTEGER)");
        update(session, TOKEN_1);
        update(session, "INSERT INTO other SETTINGS insert_deduplication_token = 'load-1' VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        update(session, "DROP TABLE t");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, TOKEN_1);
        update(session, "INSERT INTO other SETTINGS insert_deduplication_token = 'load-1' VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t")).containsExactly("1");
        assertThat(count(session, "other")).as("a neighbour's ids stay").isEqualTo(1);
        // The new table has ids of its own from now on.
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(1);
    }

    @Test
    void aTableDroppedAndCreatedAgainByAPlainConnectionForgetsItsIds() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement statement = plain.createStatement()) {
            // The same text in the same place: SQLite gives the new table the old one's schema row and root page.
            statement.execute("DROP TABLE t");
            statement.execute("CREATE TABLE t (a INTEGER)");
        }
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t")).containsExactly("1");
        update(session, TOKEN_1);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(1);
    }
}

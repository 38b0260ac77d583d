package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicationTest extends EngineTestBase {
    @Test
    void theSameDataSentTwiceIsWrittenOnceAndBothClientsSeeSuccess() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_deduplicate=1");
        update(session, "CREATE TABLE t (a INTEGER, b TEXT)");
        update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        update(session, "INSERT INTO t VALUES (3, 'z')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|x", "2|y", "3|z");
        assertThat(query(session, "SELECT status, rows, exception FROM system.asynchronous_insert_log ORDER BY flush_time_microseconds, query_id"))
                .containsExactlyInAnyOrder("Ok|2|", "Ok|0|", "Ok|1|");
        assertThat(query(session, "SELECT rows, error FROM system.part_log WHERE error = 389")).containsExactly("2|389");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'DuplicatedInsertedBlocks'")).containsExactly("1");
    }

    @Test
    void aWaitingClientWhoseDataIsADuplicateGetsSuccessWithNoRowsWritten() throws Exception {
        // The closed-loop rule off keeps the waiting entry pending until its deadline, as the test pins.
        Session session = connect("async_insert_deduplicate=1&async_insert_busy_timeout_max_ms=10&async_insert_use_adaptive_busy_timeout=0"
                + "&async_insert_closed_loop_flush=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        Session other = connect("wait_for_async_insert=0&async_insert_deduplicate=1&async_insert_busy_timeout_max_ms=10"
                + "&async_insert_use_adaptive_busy_timeout=0");
        update(other, "INSERT INTO t VALUES (7)");
        update(other, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return update(session, "INSERT INTO t VALUES (7)");
            } catch (java.sql.SQLException e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(session, 1);
        advanceAndAwait(10);
        assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(count(session, "t")).isEqualTo(1);
    }

    @Test
    void duplicatesWithinOneFlushAreDroppedToo() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_deduplicate=1");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES  (1)   ");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        // The data is compared as sent, without the blanks around it.
        assertThat(query(session, "SELECT a FROM t")).containsExactly("1");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'DuplicatedInsertedBlocks'")).containsExactly("2");
    }

    @Test
    void aDeduplicationTokenReplacesTheHashAndTurnsDeduplicationOnForItsEntry() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t SETTINGS insert_deduplication_token = 'batch-1' VALUES (1)");
        update(session, "INSERT INTO t SETTINGS insert_deduplication_token = 'batch-1' VALUES (2)");
        update(session, "INSERT INTO t SETTINGS insert_deduplication_token = 'batch-2' VALUES (1)");
        // Without a token or async_insert_deduplicate, equal data is written every time.
        update(session, "INSERT INTO t VALUES (3)");
        update(session, "INSERT INTO t VALUES (3)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "1", "3", "3");
        // Tokens stay per entry: all five shared one buffer.
        assertThat(query(session, "SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log")).containsExactly("1");
    }

    @Test
    void theLedgerSurvivesARestartAndIsWrittenInTheTargetDatabase() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_deduplicate=1");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        session.close();
        Engines.closeAll();
        Session restarted = connect("wait_for_async_insert=0&async_insert_deduplicate=1");
        update(restarted, "INSERT INTO t VALUES (1)");
        update(restarted, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(restarted, "t")).isEqualTo(1);
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement statement = plain.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, block_id FROM sluice_ledger ORDER BY seq")) {
            List<String> ledger = new ArrayList<>();
            while (rows.next()) {
                ledger.add(rows.getString(1) + " " + rows.getString(2));
            }
            // The table's identity (its mark), then the entry's id.
            assertThat(ledger).hasSize(2);
            assertThat(ledger.get(0)).startsWith("identity:main.t sluice_ledger_mark_");
            assertThat(ledger.get(1)).startsWith("main.t hash:");
        }
    }

    @Test
    void theWindowBoundsHowManyIdsAreRemembered() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_deduplicate=1&async_insert_deduplication_window=2");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 1; i <= 3; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ")");
            update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        // (1) fell out of the two-id window, (3) did not.
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (3)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "1", "2", "3");
    }

    @Test
    void preparedStatementRowsAreDeduplicatedByTheirValues() throws Exception {
        Session session = connect("wait_for_async_insert=0&async_insert_deduplicate=1");
        update(session, "CREATE TABLE t (a INTEGER, b TEXT)");
        PreparedInsert insert = session.prepareInsert("INSERT INTO t VALUES (?, ?)");
        insert.execute(List.<Object[]>of(new Object[] {1L, "x"}), null).close();
        insert.execute(List.<Object[]>of(new Object[] {1L, "x"}), null).close();
        insert.execute(List.<Object[]>of(new Object[] {1L, "y"}), null).close();
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY b")).containsExactly("1|x", "1|y");
    }

    @Test
    void anInvalidWindowFailsBeforeAnythingIsQueued() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        assertThatThrownBy(() -> update(session, "INSERT INTO t SETTINGS async_insert_deduplication_window = 0 VALUES (1)"))
                .hasMessageContaining("async_insert_deduplication_window = '0' is invalid");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }
}

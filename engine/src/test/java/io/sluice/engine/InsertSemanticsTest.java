package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InsertSemanticsTest extends EngineTestBase {
    @Test
    void errorsFoundBeforeQueueingFailTheStatementAndQueueNothing() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER, b TEXT)");
        assertError(session, "INSERT INTO missing VALUES (1)", ErrorCode.UNKNOWN_TABLE, "UNKNOWN_TABLE: Table main.missing does not exist");
        assertError(session, "INSERT INTO t (a, c) VALUES (1, 2)", ErrorCode.NO_SUCH_COLUMN_IN_TABLE,
                "NO_SUCH_COLUMN_IN_TABLE: There is no column 'c' in table main.t");
        assertError(session, "INSERT INTO t FORMAT Parquet abc", ErrorCode.UNKNOWN_FORMAT,
                "UNKNOWN_FORMAT: Unknown input format 'Parquet'; known formats: Values, CSV, CSVWithNames, TabSeparated, TabSeparatedWithNames, JSONEachRow");
        assertError(session, "INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 0 VALUES (1, 'x')", ErrorCode.INVALID_SETTING_VALUE,
                "INVALID_SETTING_VALUE: Setting async_insert_busy_timeout_max_ms = '0' is invalid: must be greater than 0");
        assertError(session, "INSERT INTO t SETTINGS wait_for_async_inserts = 1 VALUES (1, 'x')", ErrorCode.UNKNOWN_SETTING,
                "UNKNOWN_SETTING: Unknown setting 'wait_for_async_inserts': maybe you meant 'wait_for_async_insert'");
        assertError(session, "INSERT INTO t SETTINGS async_insert = maybe VALUES (1, 'x')", ErrorCode.INVALID_SETTING_VALUE,
                "INVALID_SETTING_VALUE: Setting async_insert = 'maybe' is invalid: expected 0, 1, true or false");
        // MariaDB/MySQL's VALUE is not SQLite's: the INSERT passes through and SQLite refuses it, as it would without Sluice.
        assertThatThrownBy(() -> update(session, "INSERT INTO t VALUE (1, 'x')")).isInstanceOf(SQLException.class)
                .hasMessageContaining("near \"VALUE\": syntax error");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertQuery'")).containsExactly("0");
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_inserts")).containsExactly("0");
    }

    @Test
    void aBadValueFailsOnlyItsOwnEntryAndTheRestOfTheBatchIsWritten() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER NOT NULL, b TEXT)");
        update(session, "INSERT INTO t VALUES (1, 'one')");
        update(session, "INSERT INTO t VALUES (2, 'two'), ('abc', 'bad')");
        update(session, "INSERT INTO t VALUES (3, 'three')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|one", "3|three");
        List<String> log = query(session, "SELECT status, rows, exception FROM system.asynchronous_insert_log ORDER BY event_time_microseconds");
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).isEqualTo("Ok|1|");
        assertThat(log.get(1)).startsWith("ParsingError|0|CANNOT_PARSE_TEXT: ").contains("row 2").contains("column a");
        assertThat(log.get(2)).isEqualTo("Ok|1|");
        assertThat(query(session, "SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log")).containsExactly("1");
    }

    @Test
    void aWaitingClientGetsItsOwnErrorWhileItsNeighboursSucceed() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER NOT NULL)");
        Session good = connect("async_insert_max_query_number=2");
        Session bad = connect("async_insert_max_query_number=2");
        CompletableFuture<Long> goodRows = CompletableFuture.supplyAsync(() -> run(good, "INSERT INTO t VALUES (1), (2)"));
        CompletableFuture<Long> badRows = CompletableFuture.supplyAsync(() -> run(bad, "INSERT INTO t VALUES (NULL)"));
        assertThat(goodRows.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThatThrownBy(() -> badRows.get(10, TimeUnit.SECONDS)).rootCause()
                .hasMessageStartingWith("CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: ");
        assertThat(count(setup, "t")).isEqualTo(2);
    }

    @Test
    void settingsResolveStatementOverSessionOverConnectionOverDefaults() throws Exception {
        // The closed-loop rule off: the lone waiting INSERT below would be flushed at once, and the two pending
        // entries awaitPending waits for would be there only for the length of that flush.
        Session session = connect("wait_for_async_insert=0&async_insert_busy_timeout_ms=1000&async_insert_closed_loop_flush=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        assertThat(query(session, "SELECT name, value, changed FROM system.settings WHERE name IN"
                + " ('wait_for_async_insert', 'async_insert_busy_timeout_max_ms', 'async_insert_max_query_number') ORDER BY name"))
                .containsExactly("async_insert_busy_timeout_max_ms|1000|1", "async_insert_max_query_number|450|0", "wait_for_async_insert|0|1");
        // Connection: no wait.
        assertThat(update(session, "INSERT INTO t VALUES (1)")).isZero();
        // Session SET overrides the connection.
        update(session, "SET wait_for_async_insert = 1");
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> run(session, "INSERT INTO t VALUES (2)"));
        // The first insert is still buffered under its own key (wait_for_async_insert differs).
        awaitPending(session, 2);
        clock.advanceMillis(1000);
        assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        // Statement SETTINGS override the session.
        assertThat(update(session, "INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES (3)")).isZero();
        assertThat(query(session, "SELECT value FROM system.settings WHERE name = 'wait_for_async_insert'")).containsExactly("1");
    }

    @Test
    void engineLevelSettingsCannotBeChangedPerStatement() throws Exception {
        Session session = connect("");
        assertError(session, "SET async_insert_threads = 4", ErrorCode.BAD_ARGUMENTS,
                "BAD_ARGUMENTS: Setting async_insert_threads applies to the whole engine and is fixed when it starts: give it in the URL or the connection properties");
    }

    @Test
    void insertSelectRunsSynchronouslyAndIsNotAnAsyncInsert() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE source (a INTEGER)");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO source SETTINGS async_insert = 0 VALUES (1), (2)");
        assertThat(update(session, "INSERT INTO t (a) SETTINGS wait_for_async_insert = 1 SELECT a * 10 FROM source")).isEqualTo(2);
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("10", "20");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'AsyncInsertQuery'")).containsExactly("0");
    }

    @Test
    void insideAnExplicitTransactionAnInsertRunsSynchronouslyInThatTransaction() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        session.targetConnection().setAutoCommit(false);
        assertThat(update(session, "INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
        assertThat(count(session, "t")).isEqualTo(2);
        session.targetConnection().rollback();
        assertThat(count(session, "t")).isZero();
        update(session, "INSERT INTO t VALUES (3)");
        session.targetConnection().commit();
        session.targetConnection().setAutoCommit(true);
        assertThat(query(session, "SELECT a FROM t")).containsExactly("3");
    }

    @Test
    void theLogShowsEveryColumnOfAnEntry() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER, b TEXT)");
        try (Result result = session.execute("INSERT INTO t SETTINGS log_comment = 'batch 7' FORMAT CSV\n1,x\n2,y\n", "my-query-id", null)) {
            assertThat(result.queryId()).isEqualTo("my-query-id");
        }
        assertThat(query(session, "SELECT query, \"table\", format, \"entries.query_id\", total_bytes FROM system.asynchronous_inserts"))
                .containsExactly("INSERT INTO main.t (a, b) FORMAT CSV|t|CSV|[\"my-query-id\"]|8");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE t");
        assertThat(query(session, "SELECT query, database, \"table\", format, query_id, bytes, rows, exception, status,"
                + " flush_query_id <> '', log_comment FROM system.asynchronous_insert_log"))
                .containsExactly("INSERT INTO main.t (a, b) FORMAT CSV|main|t|CSV|my-query-id|8|2||Ok|1|batch 7");
        assertThat(query(session, "SELECT p.rows, p.event_type FROM system.part_log p JOIN system.asynchronous_insert_log l"
                + " ON p.query_id = l.flush_query_id")).containsExactly("2|NewPart");
    }

    private static long run(Session session, String sql) {
        try {
            return update(session, sql);
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    private static void assertError(Session session, String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> update(session, sql)).isInstanceOf(SluiceSqlException.class).hasMessage(message)
                .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(code.code());
    }
}

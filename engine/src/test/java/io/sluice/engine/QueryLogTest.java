package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryLogTest extends EngineTestBase {
    @Test
    void clientStatementsAreLoggedWithTheirKindAndWithoutInlineData() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        try (Result r = session.execute("CREATE TABLE t (a INTEGER, b TEXT)", "create", null);
                Result i = session.execute("INSERT INTO t SETTINGS log_comment = 'nightly' VALUES (1, 'secret data')", "insert", null);
                Result f = session.execute("SYSTEM FLUSH ASYNC INSERT QUEUE", "flush", null);
                Result q = session.execute("SELECT * FROM t", "select", null)) {
            assertThat(q.resultSet().next()).isTrue();
        }
        assertThat(query(session, "SELECT type, query_kind, query, databases, tables, log_comment FROM system.query_log"
                + " WHERE query_id IN ('create', 'insert', 'flush', 'select')")).containsExactlyInAnyOrder(
                        "QueryFinish|Create|CREATE TABLE t (a INTEGER, b TEXT)|[]|[]|",
                        "QueryFinish|Insert|INSERT INTO t SETTINGS log_comment = 'nightly' VALUES|[\"main\"]|[\"main.t\"]|nightly",
                        "QueryFinish|System|SYSTEM FLUSH ASYNC INSERT QUEUE|[]|[]|",
                        "QueryFinish|Select|SELECT * FROM t|[]|[]|");
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query LIKE '%secret data%'")).containsExactly("0");
    }

    @Test
    void eachFlushIsAnAsyncInsertFlushQueryWithStartAndFinishRowsAndWrittenRows() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1), (2)");
        update(session, "INSERT INTO t VALUES (3)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        String flushId = query(session, "SELECT DISTINCT flush_query_id FROM system.asynchronous_insert_log").get(0);
        assertThat(query(session, "SELECT type, query, tables, written_rows, written_bytes, exception_code FROM system.query_log"
                + " WHERE query_kind = 'AsyncInsertFlush' AND query_id = '" + flushId + "' ORDER BY type DESC")).containsExactly(
                        "QueryStart|INSERT INTO main.t (a) FORMAT Values|[\"main.t\"]|0|0|0",
                        "QueryFinish|INSERT INTO main.t (a) FORMAT Values|[\"main.t\"]|3|11|0");
    }

    @Test
    void anEntrysQueryIdInTheInsertLogIsItsInsertsIdInTheQueryLog() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 0; i < 3; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ")");
        }
        try (Result r = session.execute("INSERT INTO t VALUES (3)", "own-id", null)) {
            // A query id of the caller's own, not a UUID.
        }
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        List<String> generated = query(session, "SELECT query_id FROM system.query_log WHERE query_kind = 'Insert' AND query_id != 'own-id'");
        assertThat(generated).hasSize(3).allMatch(id -> id.equals(java.util.UUID.fromString(id).toString()));
        assertThat(query(session, "SELECT e.query_id, e.rows FROM system.asynchronous_insert_log e JOIN system.query_log q"
                + " ON q.query_id = e.query_id AND q.query_kind = 'Insert'"))
                        .containsExactlyInAnyOrder(generated.get(0) + "|1", generated.get(1) + "|1", generated.get(2) + "|1", "own-id|1");
    }

    @Test
    void aFlushWhoseEntriesAllFailedParsingFinishesAsInClickHouse() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES ('x')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT type, exception_code, exception, written_rows FROM system.query_log"
                + " WHERE query_kind = 'AsyncInsertFlush' AND type != 'QueryStart'")).containsExactly("QueryFinish|0||0");
        assertThat(query(session, "SELECT status, exception LIKE '%''x''%' FROM system.asynchronous_insert_log")).containsExactly("ParsingError|1");
    }

    @Test
    void aFlushWhoseWriteFailedForEveryEntryIsAnExceptionWhileProcessing() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER PRIMARY KEY)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT type, exception_code FROM system.query_log WHERE query_kind = 'AsyncInsertFlush'"
                + " AND type != 'QueryStart'")).containsExactlyInAnyOrder("QueryFinish|0", "ExceptionWhileProcessing|469");
    }

    @Test
    void errorsBeforeAndWhileProcessingAreTold() throws Exception {
        // The closed-loop rule off: a lone waiting client would be flushed at once, before awaitPending could see it.
        Session session = connect("async_insert_busy_timeout_max_ms=10&async_insert_use_adaptive_busy_timeout=0&async_insert_closed_loop_flush=0");
        update(session, "CREATE TABLE t (a INTEGER PRIMARY KEY)");
        assertThatThrownBy(() -> session.execute("INSERT INTO missing VALUES (1)", "unknown-table", null));
        assertThatThrownBy(() -> session.execute("INSERT INTO t SETTINGS nope = 1 VALUES (1)", "unknown-setting", null));
        update(session, "INSERT INTO t SETTINGS async_insert = 0 VALUES (1)");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try (Result ignored = session.execute("INSERT INTO t VALUES (1)", "duplicate-key", null)) {
                return "written";
            } catch (java.sql.SQLException e) {
                return e.getMessage();
            }
        });
        awaitPending(session, 1);
        advanceAndAwait(10);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).contains("UNIQUE constraint failed");
        assertThat(query(session, "SELECT query_id, type, exception_code FROM system.query_log"
                + " WHERE query_id IN ('unknown-table', 'unknown-setting', 'duplicate-key') ORDER BY query_id")).containsExactly(
                        "duplicate-key|ExceptionWhileProcessing|469",
                        "unknown-setting|ExceptionBeforeStart|115",
                        "unknown-table|ExceptionBeforeStart|60");
    }

    @Test
    void aWaitingInsertLogsTheRowsItWrote() throws Exception {
        // The closed-loop rule off: a lone waiting client would be flushed at once, before awaitPending could see it.
        Session session = connect("async_insert_busy_timeout_max_ms=10&async_insert_use_adaptive_busy_timeout=0&async_insert_closed_loop_flush=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try (Result result = session.execute("INSERT INTO t VALUES (1), (2)", "waited", null)) {
                return result.updateCount();
            } catch (java.sql.SQLException e) {
                throw new RuntimeException(e);
            }
        });
        awaitPending(session, 1);
        advanceAndAwait(10);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(query(session, "SELECT written_rows, written_bytes FROM system.query_log WHERE query_id = 'waited'"))
                .containsExactly("2|8");
    }

    @Test
    void logQueriesZeroKeepsAStatementOutOfTheLog() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        try (Result r = session.execute("INSERT INTO t SETTINGS log_queries = 0 VALUES (1)", "quiet", null);
                Result s = session.execute("SET log_queries = 0", "set-quiet", null);
                Result o = session.execute("SELECT 1", "after-set", null)) {
            assertThat(r.updateCount()).isZero();
        }
        update(session, "SET log_queries = 1");
        assertThat(query(session, "SELECT query_id FROM system.query_log WHERE query_id IN ('quiet', 'set-quiet', 'after-set')"))
                .isEqualTo(List.of("set-quiet"));
    }

    @Test
    void logQueriesProbabilityLogsThatShareOfStatementsAndNoneAtZero() throws Exception {
        Session session = connect("wait_for_async_insert=0&log_queries_probability=0.5");
        update(session, "CREATE TABLE t (a INTEGER)");
        int inserts = 2_000;
        for (int i = 0; i < inserts; i++) {
            try (Result r = session.execute("INSERT INTO t VALUES (" + i + ")", "sampled-" + i, null)) {
                assertThat(r.updateCount()).isZero();
            }
        }
        try (Result r = session.execute("INSERT INTO t SETTINGS log_queries_probability = 0 VALUES (-1)", "never", null);
                Result s = session.execute("SET log_queries_probability = 0", "set-never", null);
                Result q = session.execute("SELECT 1", "select-never", null)) {
            assertThat(r.updateCount()).isZero();
        }
        update(session, "SET log_queries_probability = 1");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        // A binomial count of 2,000 draws at 0.5: 1,000 give or take 22; outside 700..1,300 is beyond 13 deviations.
        long logged = Long.parseLong(query(session, "SELECT count(*) FROM system.query_log WHERE query_id LIKE 'sampled-%'").get(0));
        assertThat(logged).isBetween(700L, 1_300L);
        // The SET itself was drawn at the probability before it (0.5), as a SET log_queries = 0 is logged under log_queries = 1.
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query_id IN ('never', 'select-never')")).containsExactly("0");
        // Only the query log is sampled: every entry is written and in the entry log, in one buffer with the unsampled one.
        assertThat(query(session, "SELECT count(*) FROM t")).containsExactly(Integer.toString(inserts + 1));
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_log WHERE status = 'Ok'"))
                .containsExactly(Integer.toString(inserts + 1));
        assertThat(query(session, "SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log WHERE query_id = 'never'"
                + " OR query_id = 'sampled-" + (inserts - 1) + "'")).containsExactly("1");
    }

    @Test
    void logQueriesProbabilityOutsideZeroToOneFailsBeforeAnythingIsQueued() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (String value : List.of("1.5", "-0.1", "'often'", "nan")) {
            assertThatThrownBy(() -> session.execute("INSERT INTO t SETTINGS log_queries_probability = " + value + " VALUES (1)", null, null))
                    .hasMessageContaining("log_queries_probability").hasMessageContaining("from 0 to 1");
        }
        assertThatThrownBy(() -> connect("log_queries_probability=2")).hasMessageContaining("log_queries_probability");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT count(*) FROM t")).containsExactly("0");
        assertThat(query(session, "SELECT value FROM system.settings WHERE name = 'log_queries_probability'")).containsExactly("1");
    }

    @Test
    void whileTheWriterIsSystemLogMaxSizeRowsBehindNewLogRowsAreDroppedAndCounted() throws Exception {
        Session session = connect("wait_for_async_insert=0&system_log_max_size_rows=12");
        update(session, "CREATE TABLE t (a INTEGER)");
        // Reading a system table writes what is queued; its own row is then the only one waiting.
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query_kind = 'Insert'")).containsExactly("0");
        for (int i = 0; i < 15; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ")");
        }
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query_kind = 'Insert'"))
                .as("11 INSERT rows fit beside the SELECT's own row").containsExactly("11");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'SystemLogRowsDropped'")).containsExactly("4");

        // A flush's entry rows are queued or dropped together; the data is written either way.
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT count(*) FROM t")).containsExactly("15");
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_log")).containsExactly("0");
        assertThat(query(session, "SELECT value FROM system.events WHERE event = 'SystemLogRowsDropped'")).containsExactly("19");

        // Once the writer caught up, rows are logged again.
        update(session, "INSERT INTO t VALUES (15)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query_kind = 'Insert'")).containsExactly("12");
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_log")).containsExactly("1");
    }
}

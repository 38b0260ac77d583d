-- scenario: syntax, unknown table, column, format and database fail the INSERT at once, even without waiting, and queue nothing
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

INSERT INTO t (a VALUES (1);
-- error: SYNTAX_ERROR
INSERT INTO t VALUES;
-- error: SYNTAX_ERROR
INSERT INTO missing VALUES (1);
-- error: UNKNOWN_TABLE: Table ${database}.missing does not exist
INSERT INTO t (a, zz) VALUES (1, 2);
-- error: NO_SUCH_COLUMN_IN_TABLE: There is no column 'zz' in table ${database}.t
INSERT INTO t FORMAT XML <a>1</a>;
-- error: UNKNOWN_FORMAT: Unknown input format 'XML'; known formats: Values, CSV, CSVWithNames, TabSeparated, TabSeparatedWithNames, JSONEachRow

-- Nothing was queued: no buffer, no accepted async INSERT, nothing pending, nothing to flush.
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT event, value FROM system.events WHERE event IN ('AsyncInsertQuery', 'AsyncInsertBytes') ORDER BY event;
-- expect:
-- AsyncInsertBytes|0
-- AsyncInsertQuery|0
SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert';
-- expect: 0
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*) FROM system.asynchronous_insert_log;
-- expect: 0
SELECT count(*) FROM t;
-- expect: 0

-- A database that does not exist is reported as such (ClickHouse's 81), and nothing is queued either.
INSERT INTO nowhere.t VALUES (1);
-- error: UNKNOWN_DATABASE: Database nowhere does not exist
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0

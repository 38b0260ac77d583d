-- scenario: system.query_log has one row per client statement: QueryFinish with its kind, databases and tables, or ExceptionBeforeStart with the error; never the inline data
-- url: wait_for_async_insert=0
-- query-id: create
CREATE TABLE t (a INTEGER, b TEXT);
-- query-id: insert
INSERT INTO t SETTINGS log_comment = 'nightly' VALUES (1, 'secret data'), (2, 'more secret data');
-- query-id: flush
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- query-id: select
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2
-- query-id: unknown-table
INSERT INTO missing VALUES (1);
-- error: UNKNOWN_TABLE
-- query-id: unknown-setting
INSERT INTO t SETTINGS nope = 1 VALUES (1);
-- error: UNKNOWN_SETTING
-- query-id: syntax
INSERT INTO t (a VALUES (1);
-- error: SYNTAX_ERROR

-- A statement that does not parse has no known kind (Other); one refused before its table was resolved names no table.
SELECT query_id, type, query_kind, query, databases, tables, exception_code, log_comment FROM system.query_log WHERE query_kind <> 'AsyncInsertFlush' AND query_id IN ('create', 'insert', 'flush', 'select', 'unknown-table', 'unknown-setting', 'syntax') ORDER BY query_id;
-- expect:
-- create|QueryFinish|Create|CREATE TABLE t (a INTEGER, b TEXT)|[]|[]|0|
-- flush|QueryFinish|System|SYSTEM FLUSH ASYNC INSERT QUEUE|[]|[]|0|
-- insert|QueryFinish|Insert|INSERT INTO t SETTINGS log_comment = 'nightly' VALUES|["${database}"]|["${database}.t"]|0|nightly
-- select|QueryFinish|Select|SELECT a FROM t ORDER BY a|[]|[]|0|
-- syntax|ExceptionBeforeStart|Other|INSERT INTO t (a VALUES (1)|[]|[]|62|
-- unknown-setting|ExceptionBeforeStart|Insert|INSERT INTO t SETTINGS nope = 1 VALUES|[]|[]|115|
-- unknown-table|ExceptionBeforeStart|Insert|INSERT INTO missing VALUES|[]|[]|60|
SELECT query_id, exception FROM system.query_log WHERE query_id IN ('unknown-table', 'unknown-setting') ORDER BY query_id;
-- expect:
-- unknown-setting|UNKNOWN_SETTING: Unknown setting 'nope'
-- unknown-table|UNKNOWN_TABLE: Table ${database}.missing does not exist
SELECT count(*) FROM system.query_log WHERE query LIKE '%secret%';
-- expect: 0

-- An INSERT that did not wait does not know its rows; one that waited does.
SELECT written_rows, written_bytes FROM system.query_log WHERE query_id = 'insert';
-- expect: 0|0
-- query-id: waited
INSERT INTO t SETTINGS async_insert = 0 VALUES (3, 'c');
SELECT written_rows, written_bytes FROM system.query_log WHERE query_id = 'waited';
-- expect: 1|8

-- log_queries = 0 leaves a statement out, in SETTINGS or by SET (the SET itself is still logged).
-- query-id: quiet
INSERT INTO t SETTINGS log_queries = 0 VALUES (4, 'd');
-- query-id: set-quiet
SET log_queries = 0;
-- query-id: after-set
SELECT 1;
-- expect: 1
SET log_queries = 1;
SELECT query_id FROM system.query_log WHERE query_id IN ('quiet', 'set-quiet', 'after-set');
-- expect: set-quiet

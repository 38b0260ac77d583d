-- scenario: each flush is an AsyncInsertFlush query in system.query_log: QueryStart, then QueryFinish with the rows written, or ExceptionWhileProcessing when its write failed for every entry
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER PRIMARY KEY);

-- query-id: one
INSERT INTO t VALUES (1), (2);
-- advance: 50ms
-- query-id: two
INSERT INTO t VALUES (3);
-- advance: 150ms
-- await-flushes

-- The flush's query is the buffer's normalized INSERT, its query_id the flush_query_id of its entries.
SELECT type, query, databases, tables, written_rows, written_bytes, exception_code, query_start_time_microseconds, event_time_microseconds FROM system.query_log WHERE query_kind = 'AsyncInsertFlush' AND query_id = (SELECT DISTINCT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'one') ORDER BY type DESC;
-- expect:
-- QueryStart|INSERT INTO ${database}.t (a) FORMAT Values|["${database}"]|["${database}.t"]|0|0|0|2026-01-01 00:00:00.200000|2026-01-01 00:00:00.200000
-- QueryFinish|INSERT INTO ${database}.t (a) FORMAT Values|["${database}"]|["${database}.t"]|3|11|0|2026-01-01 00:00:00.200000|2026-01-01 00:00:00.200000

-- A flush in which some entries fail still finishes; it counts only the rows written.
-- query-id: good
INSERT INTO t VALUES (4);
-- query-id: bad
INSERT INTO t VALUES ('x');
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT type, written_rows, written_bytes, exception_code FROM system.query_log WHERE query_kind = 'AsyncInsertFlush' AND type <> 'QueryStart' AND query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'good');
-- expect: QueryFinish|1|3|0

-- A flush whose every entry failed parsing wrote nothing and failed nothing: it finishes with 0 rows, as in ClickHouse
-- (03148_async_queries_in_query_log_errors); the entry's error is in the insert log.
-- query-id: bad-alone
INSERT INTO t VALUES ('y');
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT type, written_rows, exception_code, exception FROM system.query_log WHERE query_kind = 'AsyncInsertFlush' AND type <> 'QueryStart' AND query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'bad-alone');
-- expect: QueryFinish|0|0|
SELECT status, exception FROM system.asynchronous_insert_log WHERE query_id = 'bad-alone';
-- expect: ParsingError|CANNOT_PARSE_TEXT: Cannot parse 'y' as INTEGER for column a at row 1: expected an integer

-- A waiting client whose entry the database refuses gets ExceptionWhileProcessing for its own statement.
-- connection: waiting wait_for_async_insert=1
-- query-id: duplicate-key
-- background: duplicate-key
INSERT INTO t VALUES (1);
-- advance: 200ms
-- join: duplicate-key
-- error: VIOLATED_CONSTRAINT
SELECT query_id, type, query_kind, exception_code FROM system.query_log WHERE query_id = 'duplicate-key';
-- expect: duplicate-key|ExceptionWhileProcessing|Insert|469
-- Its flush failed its write for every entry: an ExceptionWhileProcessing with the write's error.
SELECT type, written_rows, exception_code FROM system.query_log WHERE query_kind = 'AsyncInsertFlush' AND type <> 'QueryStart' AND query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'duplicate-key');
-- expect: ExceptionWhileProcessing|0|469
SELECT count(*), sum(type = 'QueryStart'), sum(type <> 'QueryStart') FROM system.query_log WHERE query_kind = 'AsyncInsertFlush';
-- expect: 8|4|4

-- scenario: ClickHouse 03148_async_queries_in_query_log_errors: an entry that fails parsing is logged with its error and the flush's query id, and the flush is an AsyncInsertFlush query
-- url: async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=300000
-- Translated from tests/queries/0_stateless/03148_async_queries_in_query_log_errors.sh. The logged query text keeps
-- the SETTINGS clause; the flush whose only entry failed parsing ends with QueryFinish, code 0 and 0 rows (the entry's
-- error is in the insert log).
CREATE TABLE async_insert_landing (id INTEGER);

-- query-id: invalid-1
INSERT INTO async_insert_landing SETTINGS wait_for_async_insert=0, async_insert=1 values ('Invalid');
SYSTEM FLUSH ASYNC INSERT QUEUE async_insert_landing;

SELECT database, "table", format, exception, flush_query_id <> '' AS populated_flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1' AND database = '${database}';
-- expect: ${database}|async_insert_landing|Values|CANNOT_PARSE_TEXT: Cannot parse 'Invalid' as INTEGER for column id at row 1: expected an integer|1
SELECT database, "table", query, format, flush_query_id <> '' FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1';
-- expect: ${database}|async_insert_landing|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|Values|1
SELECT type, written_rows, written_bytes, query, query_kind, databases, tables, exception_code FROM system.query_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1') ORDER BY type DESC;
-- expect:
-- QueryStart|0|0|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0
-- QueryFinish|0|0|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0

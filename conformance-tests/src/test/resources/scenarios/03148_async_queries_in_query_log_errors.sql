-- scenario: ClickHouse 03148_async_queries_in_query_log_errors: an entry that fails parsing is logged with its error and the flush's query id, and the flush is an AsyncInsertFlush query
-- url: async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=300000
-- Translated from tests/queries/0_stateless/03148_async_queries_in_query_log_errors.sh. Not compared here, both
-- pending an engine change (scenarios-pending/03148_async_queries_in_query_log_errors.sql): the logged query text,
-- where ClickHouse keeps the SETTINGS clause, and the flush's end, which ClickHouse logs as QueryFinish with code 0
-- when its only entry failed parsing (Sluice: ExceptionWhileProcessing, code 6).
CREATE TABLE async_insert_landing (id INTEGER);

-- query-id: invalid-1
INSERT INTO async_insert_landing SETTINGS wait_for_async_insert=0, async_insert=1 values ('Invalid');
SYSTEM FLUSH ASYNC INSERT QUEUE async_insert_landing;

SELECT database, "table", format, exception, flush_query_id <> '' AS populated_flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1' AND database = '${database}';
-- expect: ${database}|async_insert_landing|Values|CANNOT_PARSE_TEXT: Cannot parse 'Invalid' as INTEGER for column id at row 1: expected an integer|1
SELECT type, written_rows, query_kind, tables FROM system.query_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1') AND type = 'QueryStart';
-- expect: QueryStart|0|AsyncInsertFlush|["${database}.async_insert_landing"]

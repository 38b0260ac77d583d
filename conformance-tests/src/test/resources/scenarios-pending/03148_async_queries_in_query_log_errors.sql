-- scenario: ClickHouse 03148_async_queries_in_query_log_errors: the flush of a lone unparsable entry finishes (QueryFinish, code 0, 0 rows) and its logged text keeps the SETTINGS clause
-- url: async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=300000
-- Pending two engine changes. (1) The flush's text in system.asynchronous_insert_log and system.query_log: ClickHouse
-- keeps the INSERT's SETTINGS clause, Sluice leaves it out ("INSERT INTO db.t (id) FORMAT Values"). (2) A flush whose
-- only entry failed parsing: ClickHouse ends it with QueryFinish, exception_code 0 (the entry's error is in the
-- insert log); Sluice logs ExceptionWhileProcessing with code 6.
CREATE TABLE async_insert_landing (id INTEGER);

-- query-id: invalid-1
INSERT INTO async_insert_landing SETTINGS wait_for_async_insert=0, async_insert=1 values ('Invalid');
SYSTEM FLUSH ASYNC INSERT QUEUE async_insert_landing;

SELECT database, "table", query, format, flush_query_id <> '' FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1';
-- expect: ${database}|async_insert_landing|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|Values|1
SELECT type, written_rows, written_bytes, query, query_kind, databases, tables, exception_code FROM system.query_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'invalid-1') ORDER BY type DESC;
-- expect:
-- QueryStart|0|0|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0
-- QueryFinish|0|0|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 0, async_insert = 1 FORMAT Values|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0

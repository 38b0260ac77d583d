-- scenario: ClickHouse 02714_async_inserts_empty_data: an INSERT … FORMAT JSONEachRow with no data succeeds with 0 rows and is logged Ok with 0 bytes
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change: the parser takes the statement (dataBytes 0, see parser statements/insert.txt,
-- insert-format-json-each-row-no-data), but Session.insert refuses data of 0 bytes with SYNTAX_ERROR
-- ("INSERT INTO t has no data after FORMAT JSONEachRow"). ClickHouse queues the empty entry and flushes it:
-- 0 rows written, one asynchronous_insert_log row with status Ok and bytes 0.
CREATE TABLE t_async_insert_empty_data (id INTEGER);

-- background: empty
INSERT INTO t_async_insert_empty_data FORMAT JSONEachRow
;
-- advance: 200ms
-- join: empty
-- expect: 0
SELECT count(*) FROM t_async_insert_empty_data;
-- expect: 0
SELECT status, bytes FROM system.asynchronous_insert_log WHERE database = '${database}' AND "table" = 't_async_insert_empty_data';
-- expect: Ok|0

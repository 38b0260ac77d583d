-- scenario: ClickHouse 02193_async_insert_tcp_client_1: INSERTs in CSV, Values, VALUES and JSONEachRow, asynchronous through SETTINGS or SET, each counted as an async INSERT
-- url: async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02193_async_insert_tcp_client_1.sql. Each INSERT waits for its flush
-- (wait_for_async_insert=1, the default), so each runs in the background until the deadline. ClickHouse sums
-- ProfileEvents['AsyncInsertQuery'] over the INSERTs' query_log rows; Sluice's query_log has no ProfileEvents
-- column, so the same count is read from system.events.
SET async_insert = 0;
CREATE TABLE t_async_insert_02193_1 (id INTEGER, s TEXT);

-- background: csv
INSERT INTO t_async_insert_02193_1 SETTINGS async_insert = 1 FORMAT CSV 1,aaa;
-- advance: 200ms
-- join: csv
-- expect: 1
-- background: values-format
INSERT INTO t_async_insert_02193_1 SETTINGS async_insert = 1 FORMAT Values (2, 'bbb');
-- advance: 200ms
-- join: values-format
-- expect: 1
SET async_insert = 1;
-- background: values
INSERT INTO t_async_insert_02193_1 VALUES (3, 'ccc');
-- advance: 200ms
-- join: values
-- expect: 1
-- background: json
INSERT INTO t_async_insert_02193_1 FORMAT JSONEachRow {"id": 4, "s": "ddd"};
-- advance: 200ms
-- join: json
-- expect: 1

SELECT * FROM t_async_insert_02193_1 ORDER BY id;
-- expect:
-- 1|aaa
-- 2|bbb
-- 3|ccc
-- 4|ddd
SELECT count(*) FROM system.query_log WHERE type = 'QueryFinish' AND query LIKE 'INSERT INTO t_async_insert_02193_1%';
-- expect: 4
SELECT value FROM system.events WHERE event = 'AsyncInsertQuery';
-- expect: 4

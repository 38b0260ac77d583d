-- scenario: ClickHouse 02726_async_insert_flush_queue: SYSTEM FLUSH ASYNC INSERT QUEUE writes every buffer at once; a malformed entry is left out
-- url: async_insert=1&wait_for_async_insert=0&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=10000000
-- Translated from tests/queries/0_stateless/02726_async_insert_flush_queue.sql (Memory table: a plain table).
CREATE TABLE t_async_inserts_flush (a INTEGER);

INSERT INTO t_async_inserts_flush VALUES (1) (2);
INSERT INTO t_async_inserts_flush FORMAT JSONEachRow {"a": 10} {"a": 20};
INSERT INTO t_async_inserts_flush FORMAT JSONEachRow {"a": "str"};
INSERT INTO t_async_inserts_flush FORMAT JSONEachRow {"a": 100} {"a": 200};
INSERT INTO t_async_inserts_flush VALUES (3) (4) (5);
-- ClickHouse sleeps a second here; nothing is due for 10000 s either way.
-- advance: 1s

SELECT format, json_array_length("entries.query_id") FROM system.asynchronous_inserts WHERE database = '${database}' AND "table" = 't_async_inserts_flush' ORDER BY format;
-- expect:
-- JSONEachRow|3
-- Values|2
SELECT count(*) FROM t_async_inserts_flush;
-- expect: 0
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*) FROM system.asynchronous_inserts WHERE database = '${database}' AND "table" = 't_async_inserts_flush';
-- expect: 0
SELECT count(*) FROM t_async_inserts_flush;
-- expect: 9
SELECT * FROM t_async_inserts_flush ORDER BY a;
-- expect:
-- 1
-- 2
-- 3
-- 4
-- 5
-- 10
-- 20
-- 100
-- 200

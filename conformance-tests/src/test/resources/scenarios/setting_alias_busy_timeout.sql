-- scenario: async_insert_busy_timeout_ms is an alias of async_insert_busy_timeout_max_ms
-- url: wait_for_async_insert=0&async_insert_busy_timeout_ms=300&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER);

SELECT value, changed FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 300|1
INSERT INTO t VALUES (1);
-- advance: 299ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 1

-- The alias works in SET and in SETTINGS too.
SET async_insert_busy_timeout_ms = 700;
SELECT value FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 700
INSERT INTO t SETTINGS async_insert_busy_timeout_ms = 50 VALUES (2);
-- advance: 50ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 2
SELECT timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- 300
-- 50

-- The alias and the name are one setting: the same value means the same buffer.
INSERT INTO t SETTINGS async_insert_busy_timeout_ms = 900 VALUES (3);
INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 900 VALUES (4);
SELECT count(*), total_bytes FROM system.asynchronous_inserts;
-- expect: 1|6

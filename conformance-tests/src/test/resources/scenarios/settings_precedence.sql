-- scenario: settings resolve per statement: URL parameters < SET < the statement's SETTINGS
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=1000&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER);

-- The URL's value, marked changed; an untouched setting shows its default.
SELECT name, value, changed, "default" FROM system.settings WHERE name IN ('async_insert_busy_timeout_max_ms', 'async_insert_max_query_number') ORDER BY name;
-- expect:
-- async_insert_busy_timeout_max_ms|1000|1|200
-- async_insert_max_query_number|450|0|450
INSERT INTO t VALUES (1);
-- advance: 999ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 1

-- SET overrides the URL for this session.
SET async_insert_busy_timeout_max_ms = 500;
-- expect: 0
SELECT value, changed FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 500|1
INSERT INTO t VALUES (2);
-- advance: 499ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 1
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 2

-- SETTINGS overrides SET for its statement only.
INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 100 VALUES (3);
-- advance: 99ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 2
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 3
SELECT value, changed FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 500|1
SELECT timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- 1000
-- 500
-- 100

-- SET belongs to its session: another connection still has the URL's value.
-- connection: other
SELECT value, changed FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 1000|1

-- scenario: the deadline is fixed when a buffer opens, at its first entry plus async_insert_busy_timeout_max_ms
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER);

INSERT INTO t VALUES (1);
-- expect: 0
-- advance: 150ms
INSERT INTO t VALUES (2);
-- expect: 0

-- The second entry does not push the deadline back: at 199 ms nothing is written...
-- advance: 49ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0

-- ...and at 200 ms both entries are written by one flush, 200 ms after the first entry.
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 2
SELECT event_time_microseconds, flush_time_microseconds, timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- 2026-01-01 00:00:00.000000|2026-01-01 00:00:00.200000|200
-- 2026-01-01 00:00:00.150000|2026-01-01 00:00:00.200000|200

SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log;
-- expect: 1

-- The next entry opens a new buffer with a deadline of its own, 200 ms after it.
-- advance: 1000ms
INSERT INTO t VALUES (3);
-- expect: 0
-- advance: 199ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 2
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 3

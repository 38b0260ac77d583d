-- scenario: every buffer has its own deadline; a deadline fires without waiting for another insert
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t1 (a INTEGER);
CREATE TABLE t2 (a INTEGER);

INSERT INTO t1 VALUES (1);
-- expect: 0
-- advance: 100ms
INSERT INTO t2 VALUES (2);
-- expect: 0

-- At 200 ms only t1's buffer is due: its deadline fires on its own, no further INSERT is needed.
-- advance: 100ms
-- await-flushes
SELECT (SELECT count(*) FROM t1), (SELECT count(*) FROM t2);
-- expect: 1|0
SELECT "table" FROM system.asynchronous_inserts;
-- expect: t2

-- At 300 ms t2's buffer is due too.
-- advance: 100ms
-- await-flushes
SELECT (SELECT count(*) FROM t1), (SELECT count(*) FROM t2);
-- expect: 1|1
SELECT "table", flush_time_microseconds FROM system.asynchronous_insert_log ORDER BY "table";
-- expect:
-- t1|2026-01-01 00:00:00.200000
-- t2|2026-01-01 00:00:00.300000

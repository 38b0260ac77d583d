-- scenario: by default the busy timeout adapts per table: it starts at the minimum, a rare insert into an idle table is flushed at once, frequent inserts grow it
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- A new table starts at async_insert_busy_timeout_min_ms (50 ms).
INSERT INTO t VALUES (1);
-- advance: 49ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 1

-- A second flush, a second later, gives the table the flush history the rule needs.
-- advance: 1000ms
INSERT INTO t VALUES (2);
-- advance: 50ms
-- await-flushes

-- A second of quiet again: this insert into an idle table is flushed at once, with no deadline.
-- advance: 1000ms
INSERT INTO t VALUES (3);
-- await-flushes
SELECT count(*) FROM t;
-- expect: 3

-- Inserts 10 ms apart (closer than the minimum) grow the timeout: 50 -> 60 -> 72 ms. The buffer that
-- insert 4 opens keeps the 60 ms it opened with.
-- advance: 10ms
INSERT INTO t VALUES (4);
-- advance: 10ms
INSERT INTO t VALUES (5);
-- advance: 50ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 5

-- The next buffer opens with 72 ms: nothing at 71 ms, written at 72 ms.
-- advance: 5ms
INSERT INTO t VALUES (6);
-- advance: 71ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 5
-- advance: 1ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 6
SELECT timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- 50
-- 50
-- 0
-- 60
-- 60
-- 72

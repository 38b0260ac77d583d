-- scenario: with wait_for_async_insert=0 an INSERT returns 0 as soon as it is buffered
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- Returns at once, before any flush: the rows are not known yet, so the count is 0.
INSERT INTO t VALUES (1), (2), (3);
-- expect: 0
SELECT count(*) FROM t;
-- expect: 0
SELECT count(*) FROM system.asynchronous_insert_log;
-- expect: 0

-- advance: 200ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 3
SELECT status, rows FROM system.asynchronous_insert_log;
-- expect: Ok|3

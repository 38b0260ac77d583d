-- scenario: a buffer is flushed when it holds async_insert_max_query_number entries
-- url: async_insert_max_query_number=3&wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- Two entries stay buffered: below the count, and the clock does not move.
INSERT INTO t VALUES (1);
-- expect: 0
INSERT INTO t VALUES (2);
-- expect: 0
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0
SELECT "entries.bytes" FROM system.asynchronous_inserts;
-- expect: [3,3]

-- The third entry reaches the count: the whole buffer is written at once, as one part.
INSERT INTO t VALUES (3);
-- expect: 0
-- await-flushes
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2
-- 3

SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT count(*), count(DISTINCT flush_query_id), max(timeout_milliseconds) FROM system.asynchronous_insert_log;
-- expect: 3|1|0
SELECT rows FROM system.part_log;
-- expect: 3

-- The count restarts with the next buffer.
INSERT INTO t VALUES (4);
-- expect: 0
-- await-flushes
SELECT count(*) FROM t;
-- expect: 3

-- scenario: system.events and system.metrics count a known sequence of INSERTs and flushes
-- url: wait_for_async_insert=0&async_insert_max_data_size=20
CREATE TABLE t (a INTEGER);
CREATE TABLE src (a INTEGER);

-- Three async INSERTs (3 + 8 + 5 bytes), one of which fails at its flush.
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (2), (3);
INSERT INTO t VALUES ('x');
SELECT metric, value FROM system.metrics WHERE metric IN ('PendingAsyncInsert', 'AsynchronousInsertQueueSize', 'AsynchronousInsertQueueBytes') ORDER BY metric;
-- expect:
-- AsynchronousInsertQueueBytes|16
-- AsynchronousInsertQueueSize|1
-- PendingAsyncInsert|3
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- An oversized INSERT (23 bytes > 20) and one with async_insert = 0 run synchronously; a fourth async
-- INSERT, into another table, is flushed on its own.
INSERT INTO t VALUES (4), (5), (6), (7), (8);
-- expect: 5
INSERT INTO src VALUES (9);
SYSTEM FLUSH ASYNC INSERT QUEUE;
INSERT INTO t SETTINGS async_insert = 0 VALUES (10);
-- expect: 1

SELECT event, value FROM system.events WHERE event IN ('AsyncInsertQuery', 'AsyncInsertBytes', 'AsyncInsertFlush', 'AsyncInsertRows', 'FailedAsyncInsertQuery', 'AsyncInsertParts', 'SynchronousInsertQuery') ORDER BY event;
-- expect:
-- AsyncInsertBytes|19
-- AsyncInsertFlush|2
-- AsyncInsertParts|2
-- AsyncInsertQuery|4
-- AsyncInsertRows|4
-- FailedAsyncInsertQuery|1
-- SynchronousInsertQuery|2
SELECT metric, value FROM system.metrics WHERE metric IN ('PendingAsyncInsert', 'AsynchronousInsertQueueSize', 'AsynchronousInsertQueueBytes') ORDER BY metric;
-- expect:
-- AsynchronousInsertQueueBytes|0
-- AsynchronousInsertQueueSize|0
-- PendingAsyncInsert|0
SELECT count(*) FROM t;
-- expect: 9

-- Every counter and gauge explains itself.
SELECT count(*) FROM (SELECT description FROM system.events UNION ALL SELECT description FROM system.metrics) WHERE coalesce(description, '') = '';
-- expect: 0

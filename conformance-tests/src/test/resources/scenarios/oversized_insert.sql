-- scenario: an INSERT whose data is larger than async_insert_max_data_size is written synchronously
-- url: async_insert_max_data_size=10&wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- "(1), (2), (3)" is 13 bytes, more than 10: written at once, bypassing the buffers. The statement
-- returns the rows it wrote even though wait_for_async_insert=0, because it did wait.
INSERT INTO t VALUES (1), (2), (3);
-- expect: 3
SELECT count(*) FROM t;
-- expect: 3
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT event, value FROM system.events WHERE event IN ('AsyncInsertQuery', 'SynchronousInsertQuery') ORDER BY event;
-- expect:
-- AsyncInsertQuery|0
-- SynchronousInsertQuery|1
SELECT count(*) FROM system.asynchronous_insert_log;
-- expect: 0

-- Exactly the limit is not larger: "(40), (50)" (10 bytes) is buffered, and the size trigger flushes it at once.
INSERT INTO t VALUES (40), (50);
-- expect: 0
-- await-flushes
SELECT count(*) FROM t;
-- expect: 5
SELECT event, value FROM system.events WHERE event IN ('AsyncInsertQuery', 'SynchronousInsertQuery') ORDER BY event;
-- expect:
-- AsyncInsertQuery|1
-- SynchronousInsertQuery|1
SELECT bytes, rows, timeout_milliseconds FROM system.asynchronous_insert_log;
-- expect: 10|2|0

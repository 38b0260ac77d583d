-- scenario: SYSTEM FLUSH ASYNC INSERT QUEUE writes every buffer of every table and returns once they are written
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000
CREATE TABLE t1 (a INTEGER);
CREATE TABLE t2 (a INTEGER);

INSERT INTO t1 VALUES (1);
INSERT INTO t1 VALUES (2);
INSERT INTO t2 VALUES (3);
INSERT INTO t2 SETTINGS async_insert_max_query_number = 100 VALUES (4);
SELECT "table", total_bytes FROM system.asynchronous_inserts ORDER BY "table", total_bytes;
-- expect:
-- t1|6
-- t2|3
-- t2|3

-- No time passes and no await is needed: the statement returns after the data is written.
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- expect: 0
SELECT 't1', a FROM t1 UNION ALL SELECT 't2', a FROM t2 ORDER BY 1, 2;
-- expect:
-- t1|1
-- t1|2
-- t2|3
-- t2|4
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT "table", count(*), count(DISTINCT flush_query_id), min(status), max(status) FROM system.asynchronous_insert_log GROUP BY "table" ORDER BY "table";
-- expect:
-- t1|2|1|Ok|Ok
-- t2|2|2|Ok|Ok

-- Flushing an empty queue is not an error.
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- expect: 0

-- scenario: INSERT ... SELECT is always synchronous and is not counted as an async insert
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000
CREATE TABLE src (a INTEGER, b TEXT);
CREATE TABLE dst (a INTEGER, b TEXT DEFAULT 'dflt');
INSERT INTO src VALUES (1, 'x'), (2, 'y');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- Written at once, and the statement reports its rows although wait_for_async_insert=0.
INSERT INTO dst SELECT a, b FROM src;
-- expect: 2
INSERT INTO dst (a) SELECT a * 10 FROM src;
-- expect: 2
INSERT INTO dst SETTINGS async_insert_busy_timeout_max_ms = 5000 SELECT 100, 'z';
-- expect: 1
INSERT INTO dst (a) WITH s AS (SELECT 7 AS a) SELECT a FROM s;
-- expect: 1

SELECT a, b FROM dst ORDER BY a;
-- expect:
-- 1|x
-- 2|y
-- 7|dflt
-- 10|dflt
-- 20|dflt
-- 100|z
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT event, value FROM system.events WHERE event IN ('AsyncInsertQuery', 'SynchronousInsertQuery') ORDER BY event;
-- expect:
-- AsyncInsertQuery|1
-- SynchronousInsertQuery|4
SELECT count(*) FROM system.asynchronous_insert_log WHERE "table" = 'dst';
-- expect: 0

-- The checks still apply.
INSERT INTO missing SELECT 1;
-- error: UNKNOWN_TABLE: Table ${database}.missing does not exist
INSERT INTO dst SETTINGS no_such_setting = 1 SELECT 1, 'a';
-- error: UNKNOWN_SETTING: Unknown setting 'no_such_setting'

-- scenario: SYSTEM FLUSH ASYNC INSERT QUEUE with table names flushes only those tables' buffers
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000
CREATE TABLE t1 (a INTEGER);
CREATE TABLE t2 (a INTEGER);
CREATE TABLE t3 (a INTEGER);
INSERT INTO t1 VALUES (1);
INSERT INTO t2 VALUES (2);
INSERT INTO t3 VALUES (3);

-- A bare name and a name qualified with the database.
SYSTEM FLUSH ASYNC INSERT QUEUE t1, ${database}.t3;
-- expect: 0
SELECT (SELECT count(*) FROM t1), (SELECT count(*) FROM t2), (SELECT count(*) FROM t3);
-- expect: 1|0|1
SELECT database, "table" FROM system.asynchronous_inserts;
-- expect: ${database}|t2

-- Keywords are case-insensitive, and table names follow the database's rules (SQLite: case-insensitive).
system flush async insert queue T2;
-- expect: 0
SELECT count(*) FROM t2;
-- expect: 1
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0

-- A table that does not exist is an error, and nothing is flushed.
INSERT INTO t1 VALUES (4);
SYSTEM FLUSH ASYNC INSERT QUEUE t1, missing;
-- error: UNKNOWN_TABLE: Table ${database}.missing does not exist
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1

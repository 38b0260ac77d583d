-- scenario: DDL, SELECT, UPDATE and DELETE pass through unchanged
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
-- expect: 0
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
SYSTEM FLUSH ASYNC INSERT QUEUE;

UPDATE t SET b = 'changed' WHERE a >= 2;
-- expect: 2
DELETE FROM t WHERE a = 3;
-- expect: 1
SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|x
-- 2|changed
SELECT count(*) FROM t WHERE b = 'nothing';
-- expect: 0
SELECT a FROM t WHERE a > 100;
-- expect: no rows

-- DDL that changes a table is seen by the next INSERT.
ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 7;
INSERT INTO t (a, c) VALUES (4, 8);
INSERT INTO t (a) VALUES (5);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a, b, c FROM t ORDER BY a;
-- expect:
-- 1|x|7
-- 2|changed|7
-- 4|NULL|8
-- 5|NULL|7

DROP TABLE t;
INSERT INTO t VALUES (6, 'w', 0);
-- error: UNKNOWN_TABLE: Table ${database}.t does not exist

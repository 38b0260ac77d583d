-- scenario: NULL in a NOT NULL column fails only its own entry
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER NOT NULL, b TEXT);

-- query-id: q1
INSERT INTO t VALUES (1, 'x');
-- query-id: q2
INSERT INTO t VALUES (NULL, 'y');
-- query-id: q3
INSERT INTO t VALUES (3, NULL);
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|x
-- 3|NULL

SELECT query_id, status, rows, exception FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- q1|Ok|1|
-- q2|ParsingError|0|CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: Cannot insert NULL into column a at row 1: the column is NOT NULL
-- q3|Ok|1|

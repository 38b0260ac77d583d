-- scenario: a row with too many or too few values fails only its own entry
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER, b INTEGER);

-- query-id: ok
INSERT INTO t VALUES (1, 10);
-- query-id: too-many
INSERT INTO t VALUES (2, 20, 200);
-- query-id: too-few
INSERT INTO t VALUES (3);
-- query-id: ok-too
INSERT INTO t VALUES (4, 40);
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|10
-- 4|40

-- A structural error: the exception names the row (the message's wording after it is the reader's).
SELECT query_id, status, rows, exception LIKE 'CANNOT_PARSE_INPUT_ASSERTION_FAILED: Cannot parse input at row 1: %' FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- ok|Ok|1|0
-- ok-too|Ok|1|0
-- too-few|ParsingError|0|1
-- too-many|ParsingError|0|1

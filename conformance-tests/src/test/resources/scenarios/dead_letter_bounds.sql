-- scenario: system.asynchronous_insert_dead_letter keeps at most async_insert_dead_letter_max_rows letters, the newest, and counts what it pushed out
-- url: wait_for_async_insert=0&async_insert_dead_letter_max_rows=2
CREATE TABLE t (a INTEGER);

-- query-id: q1
INSERT INTO t VALUES ('bad 1');
-- query-id: q2
INSERT INTO t VALUES ('bad 2');
-- query-id: q3
INSERT INTO t VALUES ('bad 3');
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- query-id: q4
INSERT INTO t VALUES ('bad 4');
-- query-id: q5
INSERT INTO t VALUES (5);
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT query_id, data FROM system.asynchronous_insert_dead_letter ORDER BY id;
-- expect:
-- q3|('bad 3')
-- q4|('bad 4')
SELECT event, value FROM system.events WHERE event IN ('AsyncInsertDeadLetters', 'AsyncInsertDeadLettersEvicted') ORDER BY event;
-- expect:
-- AsyncInsertDeadLetters|4
-- AsyncInsertDeadLettersEvicted|2
SELECT a FROM t;
-- expect: 5

-- scenario: a write error that one entry causes (a constraint violation) fails only that entry; the batch's others are written
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);
INSERT INTO t VALUES (1, 'existing');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- The values parse, so the error only shows when the database writes them: the second entry repeats key 1.
-- query-id: before
INSERT INTO t VALUES (2, 'two');
-- query-id: duplicate
INSERT INTO t VALUES (3, 'three'), (1, 'again');
-- query-id: after
INSERT INTO t VALUES (4, 'four');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- Sluice splits the batch to find the entry at fault (beyond ClickHouse, which fails the whole batch).
SELECT id, s FROM t ORDER BY id;
-- expect:
-- 1|existing
-- 2|two
-- 4|four
SELECT query_id, status, rows, exception LIKE 'VIOLATED_CONSTRAINT: %' FROM system.asynchronous_insert_log WHERE query_id IN ('before', 'duplicate', 'after') ORDER BY query_id;
-- expect:
-- after|Ok|1|0
-- before|Ok|1|0
-- duplicate|FlushError|0|1

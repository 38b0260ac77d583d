-- scenario: with async_insert_deduplicate an INSERT whose data was already written to its table, or is already in its flush, is dropped and its client still sees success
-- url: wait_for_async_insert=0&async_insert_deduplicate=1&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER, b TEXT);

-- query-id: first
INSERT INTO t VALUES (1, 'x'), (2, 'y');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- The same data again, in a later flush, is dropped; other data is written.
-- query-id: again
INSERT INTO t VALUES (1, 'x'), (2, 'y');
-- query-id: other
INSERT INTO t VALUES (3, 'z');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- A duplicate of another entry of the same flush is dropped too. The data is compared as sent, without
-- the blanks around it.
-- query-id: twin-1
INSERT INTO t VALUES (4, 'w');
-- query-id: twin-2
INSERT INTO t VALUES    (4, 'w')   ;
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|x
-- 2|y
-- 3|z
-- 4|w

-- A dropped INSERT is logged Ok, with no rows.
SELECT query_id, status, rows, exception FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- again|Ok|0|
-- first|Ok|2|
-- other|Ok|1|
-- twin-1|Ok|1|
-- twin-2|Ok|0|
SELECT value FROM system.events WHERE event = 'DuplicatedInsertedBlocks';
-- expect: 2

-- part_log tells each drop with INSERT_WAS_DEDUPLICATED (389) and the entry's id: the MD5 of its data. A
-- duplicate of an earlier write counts the rows the ledger skipped; a duplicate within its flush is not
-- even parsed, so its rows are not known (0).
SELECT p.rows, p.error, p.exception FROM system.part_log p JOIN system.asynchronous_insert_log l ON p.query_id = l.flush_query_id AND l.query_id IN ('again', 'twin-2') WHERE p.error = 389 ORDER BY p.rows DESC;
-- expect:
-- 2|389|Entry again with id hash:f58e82ccc3a19687d1628492820159af was already written; ignoring it
-- 0|389|Entry twin-2 with id hash:5f8877ca95379b8933365a969620e57c was already written; ignoring it

-- The ids live in the target database, in Sluice's ledger table, written with the rows (beside the table's identity,
-- under 'identity:…', which is not listed here).
SELECT table_name, block_id FROM sluice_ledger WHERE table_name NOT LIKE 'identity:%' ORDER BY seq;
-- expect:
-- ${database}.t|hash:f58e82ccc3a19687d1628492820159af
-- ${database}.t|hash:d16f11dc78b74cf35758ed0a1cbf4bbc
-- ${database}.t|hash:5f8877ca95379b8933365a969620e57c

-- A waiting client whose data is a duplicate is told success with no rows written.
-- connection: waiting wait_for_async_insert=1
-- background: duplicate
INSERT INTO t VALUES (3, 'z');
-- advance: 200ms
-- join: duplicate
-- expect: 0
SELECT count(*) FROM t;
-- expect: 4

-- Without async_insert_deduplicate, the same data is written every time.
INSERT INTO t SETTINGS async_insert_deduplicate = 0, async_insert = 0 VALUES (3, 'z');
-- expect: 1
SELECT count(*) FROM t WHERE a = 3;
-- expect: 2

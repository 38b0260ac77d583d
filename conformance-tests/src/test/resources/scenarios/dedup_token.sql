-- scenario: insert_deduplication_token is an entry's deduplication id instead of its data's hash, turns deduplication on for that entry, and survives a restart
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- query-id: b1
INSERT INTO t SETTINGS insert_deduplication_token = 'batch-1' VALUES (1);
-- Another token with the same data is written; the same token with other data is not.
-- query-id: b2-same-data
INSERT INTO t SETTINGS insert_deduplication_token = 'batch-2' VALUES (1);
-- query-id: b1-other-data
INSERT INTO t SETTINGS insert_deduplication_token = 'batch-1' VALUES (2);
-- Without a token, and with async_insert_deduplicate off (the default), equal data is written every time.
-- query-id: plain-1
INSERT INTO t VALUES (3);
-- query-id: plain-2
INSERT INTO t VALUES (3);

-- The token is not part of the buffer key: all five share one buffer.
SELECT count(*), "entries.query_id" FROM system.asynchronous_inserts;
-- expect: 1|["b1","b2-same-data","b1-other-data","plain-1","plain-2"]
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 1
-- 3
-- 3
SELECT query_id, status, rows FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- b1|Ok|1
-- b1-other-data|Ok|0
-- b2-same-data|Ok|1
-- plain-1|Ok|1
-- plain-2|Ok|1

-- On a server (PostgreSQL, MariaDB) the untokened entries' rows carry an id of their part ('part:…') too, so that a
-- write whose COMMIT answer was lost can be resolved, and each table's identity is remembered ('identity:…', so that a
-- table dropped and created again starts with no ids): only the tokens are listed here.
SELECT table_name, block_id FROM sluice_ledger WHERE block_id NOT LIKE 'part:%' AND table_name NOT LIKE 'identity:%' ORDER BY seq;
-- expect:
-- ${database}.t|token:batch-1
-- ${database}.t|token:batch-2

-- A token set with SET applies to the session's INSERTs; a retry after a restart is still dropped.
-- restart
SET insert_deduplication_token = 'batch-2';
-- query-id: retry
INSERT INTO t VALUES (1);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*) FROM t;
-- expect: 4
SELECT query_id, status, rows FROM system.asynchronous_insert_log WHERE query_id = 'retry';
-- expect: retry|Ok|0
SELECT value FROM system.events WHERE event = 'DuplicatedInsertedBlocks';
-- expect: 1

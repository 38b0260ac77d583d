-- scenario: async_insert_deduplication_window bounds how many ids per table the ledger remembers; older ids are forgotten
-- url: wait_for_async_insert=0&async_insert_deduplicate=1&async_insert_deduplication_window=2
CREATE TABLE t (a INTEGER);
CREATE TABLE other (a INTEGER);

INSERT INTO t VALUES (1);
SYSTEM FLUSH ASYNC INSERT QUEUE;
INSERT INTO t VALUES (2);
SYSTEM FLUSH ASYNC INSERT QUEUE;
INSERT INTO t VALUES (3);
-- The window is per table: the other table's id does not push t's out.
INSERT INTO other VALUES (1);
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- (The ledger also remembers each table's identity, under 'identity:…': not listed here.)
SELECT table_name, block_id FROM sluice_ledger WHERE table_name NOT LIKE 'identity:%' ORDER BY table_name, seq;
-- expect:
-- ${database}.other|hash:7acce3193127d4b71a6c2b140c22dc95
-- ${database}.t|hash:e4b00b4a65a415cf9ebaa9f83719c071
-- ${database}.t|hash:38560d3d403d928e8b6a1e4e8f9e93e1

-- (1) fell out of t's window of two and is written again; (3) is in it and is dropped.
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (3);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 1
-- 2
-- 3
SELECT table_name, block_id FROM sluice_ledger WHERE table_name = '${database}.t' ORDER BY seq;
-- expect:
-- ${database}.t|hash:38560d3d403d928e8b6a1e4e8f9e93e1
-- ${database}.t|hash:7acce3193127d4b71a6c2b140c22dc95

-- The window is at least 1.
INSERT INTO t SETTINGS async_insert_deduplication_window = 0 VALUES (9);
-- error: INVALID_SETTING_VALUE: Setting async_insert_deduplication_window = '0' is invalid: must be greater than 0
SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert';
-- expect: 0

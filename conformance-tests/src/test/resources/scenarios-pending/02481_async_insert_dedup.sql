-- scenario: ClickHouse 02481_async_insert_dedup: the deduplication id cache is visible as AsyncInsertCacheSize (metric) and AsyncInsertCacheHits (event)
-- url: async_insert=1&wait_for_async_insert=0&async_insert_deduplicate=1&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=600000
-- Pending an engine change: Sluice's deduplication ids (the ledger) have no metric or event under ClickHouse's
-- names. ClickHouse's test inserts 10000 keys from three threads with random retries into a ReplicatedMergeTree table
-- with use_async_block_ids_cache = 1, expects every key exactly once, then AsyncInsertCacheSize > 0 and
-- AsyncInsertCacheHits > 0. The every-key-once part is what dedup_async_insert_deduplicate.sql and dedup_token.sql
-- already check; this pins the two names.
CREATE TABLE t_async_insert_dedup (KeyID INTEGER);

INSERT INTO t_async_insert_dedup SETTINGS insert_deduplication_token = '1' VALUES (1), (2);
SYSTEM FLUSH ASYNC INSERT QUEUE;
INSERT INTO t_async_insert_dedup SETTINGS insert_deduplication_token = '1' VALUES (1), (2);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*) FROM t_async_insert_dedup;
-- expect: 2
SELECT value > 0 FROM system.metrics WHERE metric = 'AsyncInsertCacheSize';
-- expect: 1
SELECT value FROM system.events WHERE event = 'AsyncInsertCacheHits';
-- expect: 1

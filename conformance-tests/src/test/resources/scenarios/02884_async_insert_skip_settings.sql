-- scenario: ClickHouse 02884_async_insert_skip_settings: entries differing only in insert_deduplication_token and log_comment share one buffer and one flush; a repeated token is dropped
-- url: async_insert=1&async_insert_deduplicate=1&wait_for_async_insert=0&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=1000000
-- Translated from tests/queries/0_stateless/02884_async_insert_skip_settings.sql; its ReplicatedMergeTree table
-- (the deduplication log) becomes a plain table with Sluice's ledger.
CREATE TABLE t_async_insert_skip_settings (id INTEGER);

SET insert_deduplication_token = '1';
SET log_comment = 'async_insert_skip_settings_1';
INSERT INTO t_async_insert_skip_settings VALUES (1);
SET insert_deduplication_token = '2';
SET log_comment = 'async_insert_skip_settings_2';
INSERT INTO t_async_insert_skip_settings VALUES (1);
SET insert_deduplication_token = '1';
SET log_comment = 'async_insert_skip_settings_3';
INSERT INTO t_async_insert_skip_settings VALUES (2);
SET insert_deduplication_token = '3';
SET log_comment = 'async_insert_skip_settings_4';
INSERT INTO t_async_insert_skip_settings VALUES (2);

SELECT 'pending to flush', json_array_length("entries.bytes") FROM system.asynchronous_inserts WHERE database = '${database}' AND "table" = 't_async_insert_skip_settings' ORDER BY first_update;
-- expect: pending to flush|4
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT * FROM t_async_insert_skip_settings ORDER BY id;
-- expect:
-- 1
-- 1
-- 2
SELECT 'flush queries', count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log WHERE database = '${database}' AND "table" = 't_async_insert_skip_settings';
-- expect: flush queries|1

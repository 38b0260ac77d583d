-- scenario: ClickHouse 03014_async_with_dedup_part_log_rmt: a flush whose every entry is a duplicate logs one NewPart row with error 389 and no part of 0 rows
-- url: async_insert=1&wait_for_async_insert=1&async_insert_deduplicate=1&async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change: when every entry of a flush is deduplicated Sluice writes, next to the error-389 row,
-- a NewPart row of 0 rows with error 0 (the empty write). ClickHouse writes only the error-389 row. Its
-- ReplicatedMergeTree table (the deduplication log) becomes a plain table with Sluice's ledger.
CREATE TABLE dedup_part_log (x INTEGER);

SELECT '-- Inserted part --';
-- expect: -- Inserted part --
-- background: first
INSERT INTO dedup_part_log VALUES (2);
-- advance: 200ms
-- join: first
-- expect: 1
SELECT error, count(*) FROM system.part_log WHERE "table" = 'dedup_part_log' AND database = '${database}' AND event_type = 'NewPart' GROUP BY error ORDER BY error;
-- expect: 0|1

SELECT '-- Deduplicated part --';
-- expect: -- Deduplicated part --
-- background: second
INSERT INTO dedup_part_log VALUES (2);
-- advance: 200ms
-- join: second
-- expect: 0
SELECT error, count(*) FROM system.part_log WHERE "table" = 'dedup_part_log' AND database = '${database}' AND event_type = 'NewPart' GROUP BY error ORDER BY error;
-- expect:
-- 0|1
-- 389|1

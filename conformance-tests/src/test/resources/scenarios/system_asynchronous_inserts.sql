-- scenario: system.asynchronous_inserts shows one row per open buffer with its entries while they wait
-- url: wait_for_async_insert=0&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER, b TEXT);

SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
-- query-id: first
INSERT INTO t VALUES (1, 'one');
-- advance: 50ms
-- query-id: second
INSERT INTO t VALUES (2, 'two'), (3, 'three');

-- first_update is the buffer's first entry; total_bytes the sum of the entries' data sizes.
SELECT query, database, "table", format, first_update, total_bytes, "entries.query_id", "entries.bytes" FROM system.asynchronous_inserts;
-- expect: INSERT INTO ${database}.t (a, b) FORMAT Values|${database}|t|Values|2026-01-01 00:00:00.000000|34|["first","second"]|[10,24]
SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert';
-- expect: 2

-- Once flushed the buffer is gone.
-- advance: 150ms
-- await-flushes
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert';
-- expect: 0

-- A new entry opens a new buffer with its own first_update.
INSERT INTO t VALUES (4, 'four');
SELECT first_update, total_bytes FROM system.asynchronous_inserts;
-- expect: 2026-01-01 00:00:00.200000|11

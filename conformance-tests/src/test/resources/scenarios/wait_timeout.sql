-- scenario: a waiting client gives up after wait_for_async_insert_timeout with TIMEOUT_EXCEEDED; its data is still written
-- url: wait_for_async_insert_timeout=1&async_insert_busy_timeout_max_ms=5000&async_insert_use_adaptive_busy_timeout=0&async_insert_closed_loop_flush=0
-- ClickHouse holds a lone waiting client's buffer until the busy timeout; Sluice flushes it at once (every caller
-- that could add to it waits: docs/CLICKHOUSE-DIFFERENCES.md, closed-loop flush), so this scenario turns that
-- rule off to pin the wait timeout against a buffer that outlives it.
CREATE TABLE t (a INTEGER);

-- background: client
INSERT INTO t VALUES (1);
-- advance: 1000ms
-- join: client
-- error: TIMEOUT_EXCEEDED: Wait for async insert timeout (1000 ms) exceeded; the data stays queued and may still be written

-- The entry was not withdrawn: it stays in its buffer...
SELECT count(*) FROM t;
-- expect: 0
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1

-- ...and is written at the buffer's deadline, 5 s after it arrived.
-- advance: 3999ms
-- await-flushes
SELECT count(*) FROM t;
-- expect: 0
-- advance: 1ms
-- await-flushes
SELECT a FROM t;
-- expect: 1
SELECT status, rows, timeout_milliseconds FROM system.asynchronous_insert_log;
-- expect: Ok|1|5000

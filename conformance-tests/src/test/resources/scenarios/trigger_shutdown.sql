-- scenario: a graceful shutdown flushes every buffer, and a client waiting for its flush gets its rows
-- url: async_insert_busy_timeout_max_ms=600000&async_insert_closed_loop_flush=0
-- ClickHouse holds a waiting client's buffer until the busy timeout; Sluice flushes a buffer at once when every
-- caller that could add to it waits (docs/CLICKHOUSE-DIFFERENCES.md, closed-loop flush). This scenario pins the
-- timeout with its waiting clients' entries observed while buffered, so it turns that rule off.
CREATE TABLE t (a INTEGER);

-- One client that does not wait, one that waits; the deadline is ten minutes away.
-- connection: fire-and-forget wait_for_async_insert=0
INSERT INTO t VALUES (1), (2);
-- expect: 0
-- connection: default
-- background: waiter
INSERT INTO t VALUES (3);
-- connection: reader
SELECT count(*) FROM t;
-- expect: 0
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 2

-- The engine shuts down (Engines.closeAll, as the JVM shutdown hook does) and a new one starts.
-- restart
-- join: waiter
-- expect: 1
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2
-- 3

-- The new engine starts with empty buffers.
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0

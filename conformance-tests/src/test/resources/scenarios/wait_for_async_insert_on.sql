-- scenario: with wait_for_async_insert=1 (the default) an INSERT returns after its flush, with its rows written
-- url: async_insert_closed_loop_flush=0
-- ClickHouse holds a waiting client's buffer until the busy timeout; Sluice flushes a buffer at once when every
-- caller that could add to it waits (docs/CLICKHOUSE-DIFFERENCES.md, closed-loop flush). This scenario pins the
-- timeout with its waiting clients' entries observed while buffered, so it turns that rule off.
CREATE TABLE t (a INTEGER);

-- background: client
INSERT INTO t VALUES (1), (2);

-- The client is still waiting: its entry is buffered, nothing is written yet.
-- connection: reader
SELECT count(*) FROM t;
-- expect: 0
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1

-- The deadline (200 ms by default) flushes the buffer; the client learns how many rows it wrote.
-- advance: 200ms
-- join: client
-- expect: 2
SELECT count(*) FROM t;
-- expect: 2

-- Its log row is visible as soon as the client returns.
SELECT status, rows FROM system.asynchronous_insert_log;
-- expect: Ok|2

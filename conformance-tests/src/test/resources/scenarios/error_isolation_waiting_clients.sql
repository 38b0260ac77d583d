-- scenario: in one batch, a waiting client with bad data gets its own error while its neighbour gets its row count
-- url: async_insert_closed_loop_flush=0
-- ClickHouse holds a waiting client's buffer until the busy timeout; Sluice flushes a buffer at once when every
-- caller that could add to it waits (docs/CLICKHOUSE-DIFFERENCES.md, closed-loop flush). This scenario pins the
-- timeout with its waiting clients' entries observed while buffered, so it turns that rule off.
CREATE TABLE t (a INTEGER);

-- Two clients with the same settings share one buffer.
-- connection: alice
-- background: alice
INSERT INTO t VALUES (1), (2);
-- connection: bob
-- background: bob
INSERT INTO t VALUES ('abc');

-- connection: default
SELECT count(*), "entries.bytes" FROM system.asynchronous_inserts;
-- expect: 1|[8,7]
-- advance: 200ms
-- join: alice
-- expect: 2
-- join: bob
-- error: CANNOT_PARSE_TEXT: Cannot parse 'abc' as INTEGER for column a at row 1: expected an integer

SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2
SELECT status, rows FROM system.asynchronous_insert_log ORDER BY status;
-- expect:
-- Ok|2
-- ParsingError|0
SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log;
-- expect: 1

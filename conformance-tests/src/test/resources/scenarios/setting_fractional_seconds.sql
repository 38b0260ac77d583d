-- scenario: a seconds setting takes a fraction, as in ClickHouse: wait_for_async_insert_timeout = 0.5 waits 500 ms and system.settings shows 0.5
-- url: async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0&async_insert_closed_loop_flush=0
-- ClickHouse holds a waiting client's buffer until the busy timeout; Sluice flushes a buffer at once when every
-- caller that could add to it waits (docs/CLICKHOUSE-DIFFERENCES.md, closed-loop flush). This scenario pins the
-- timeout with its waiting clients' entries observed while buffered, so it turns that rule off.
CREATE TABLE t (a INTEGER);

SET wait_for_async_insert_timeout = 0.5;
SELECT value, changed FROM system.settings WHERE name = 'wait_for_async_insert_timeout';
-- expect: 0.5|1
-- background: waiting
INSERT INTO t VALUES (1);
-- advance: 499ms
-- connection: reader
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1
-- connection: default
-- advance: 1ms
-- join: waiting
-- error: TIMEOUT_EXCEEDED: Wait for async insert timeout (500 ms) exceeded; the data stays queued and may still be written

-- In a SETTINGS clause too (a buffer of its own: its settings differ); a negative fraction is refused.
-- background: waiting-again
INSERT INTO t SETTINGS wait_for_async_insert_timeout = 1.25 VALUES (2);
-- advance: 1249ms
-- connection: reader
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 2
-- connection: default
-- advance: 1ms
-- join: waiting-again
-- error: TIMEOUT_EXCEEDED: Wait for async insert timeout (1250 ms) exceeded; the data stays queued and may still be written
INSERT INTO t SETTINGS wait_for_async_insert_timeout = -0.5 VALUES (3);
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert_timeout = '-0.5' is invalid: must be >= 0
INSERT INTO t SETTINGS wait_for_async_insert_timeout = 'soon' VALUES (3);
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert_timeout = 'soon' is invalid: expected a number >= 0
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2

-- scenario: a seconds setting takes a fraction, as in ClickHouse (wait_for_async_insert_timeout = 0.5); the engine waits whole seconds, so it is rounded up
-- url: async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0
-- ClickHouse waits 500 ms; Sluice waits 1 s until the engine keeps this timeout in milliseconds
-- (scenarios-pending/setting_fractional_seconds.sql pins ClickHouse's 500 ms).
CREATE TABLE t (a INTEGER);

SET wait_for_async_insert_timeout = 0.5;
SELECT value, changed FROM system.settings WHERE name = 'wait_for_async_insert_timeout';
-- expect: 1|1
-- background: waiting
INSERT INTO t VALUES (1);
-- advance: 999ms
-- connection: reader
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1
-- connection: default
-- advance: 1ms
-- join: waiting
-- error: TIMEOUT_EXCEEDED: Wait for async insert timeout (1000 ms) exceeded; the data stays queued and may still be written

-- In a SETTINGS clause too (a buffer of its own: its settings differ); a negative fraction is refused.
-- background: waiting-again
INSERT INTO t SETTINGS wait_for_async_insert_timeout = 1.25 VALUES (2);
-- advance: 1999ms
-- connection: reader
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 2
-- connection: default
-- advance: 1ms
-- join: waiting-again
-- error: TIMEOUT_EXCEEDED: Wait for async insert timeout (2000 ms) exceeded; the data stays queued and may still be written
INSERT INTO t SETTINGS wait_for_async_insert_timeout = -0.5 VALUES (3);
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert_timeout = '-0.5' is invalid: must be >= 0
INSERT INTO t SETTINGS wait_for_async_insert_timeout = 'soon' VALUES (3);
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert_timeout = 'soon' is invalid: expected a number >= 0
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a FROM t ORDER BY a;
-- expect:
-- 1
-- 2

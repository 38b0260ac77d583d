-- scenario: wait_for_async_insert_timeout = 0.5 waits 500 ms, as in ClickHouse, and system.settings shows 0.5
-- url: async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change: the setting is accepted but rounded up to whole seconds (Setting.canonicalize), because
-- Session and Engine take the wait timeout as a number of seconds. ClickHouse keeps seconds settings as a timespan
-- with sub-second precision.
CREATE TABLE t (a INTEGER);

SET wait_for_async_insert_timeout = 0.5;
SELECT value FROM system.settings WHERE name = 'wait_for_async_insert_timeout';
-- expect: 0.5
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

-- scenario: an unknown setting or an invalid setting value fails the statement at once and queues nothing
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

INSERT INTO t SETTINGS no_such_setting = 1 VALUES (1);
-- error: UNKNOWN_SETTING: Unknown setting 'no_such_setting'
INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 0 VALUES (1);
-- error: INVALID_SETTING_VALUE: Setting async_insert_busy_timeout_max_ms = '0' is invalid: must be greater than 0
INSERT INTO t SETTINGS async_insert_max_data_size = 'lots' VALUES (1);
-- error: INVALID_SETTING_VALUE
INSERT INTO t SETTINGS wait_for_async_insert = 2 VALUES (1);
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert = '2' is invalid: expected 0, 1, true or false

-- SET checks the same way, and a failed SET changes nothing.
SET async_insert_no_such_setting = 1;
-- error: UNKNOWN_SETTING: Unknown setting 'async_insert_no_such_setting'
SET async_insert_busy_timeout_max_ms = 0;
-- error: INVALID_SETTING_VALUE: Setting async_insert_busy_timeout_max_ms = '0' is invalid: must be greater than 0
SELECT value, changed FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms';
-- expect: 200|0

SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
SELECT value FROM system.events WHERE event = 'AsyncInsertQuery';
-- expect: 0

-- A valid INSERT after them is accepted as usual.
INSERT INTO t VALUES (1);
-- expect: 0
SELECT value FROM system.events WHERE event = 'AsyncInsertQuery';
-- expect: 1

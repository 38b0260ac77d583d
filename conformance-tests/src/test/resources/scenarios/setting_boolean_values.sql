-- scenario: boolean settings accept 0, 1, true and false in any case
-- url: wait_for_async_insert=FALSE
CREATE TABLE t (a INTEGER);

SELECT value, changed FROM system.settings WHERE name = 'wait_for_async_insert';
-- expect: 0|1
INSERT INTO t VALUES (1);
-- expect: 0

-- True turns waiting back on: the value shown is canonical, and the default again.
SET wait_for_async_insert = True;
SELECT value, changed FROM system.settings WHERE name = 'wait_for_async_insert';
-- expect: 1|0
-- background: waiting
INSERT INTO t VALUES (2);
-- advance: 200ms
-- join: waiting
-- expect: 1
-- await-flushes

INSERT INTO t SETTINGS wait_for_async_insert = fAlSe VALUES (3);
-- expect: 0
INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES (4);
-- expect: 0

-- async_insert = FALSE writes at once; 1 and TRUE buffer again.
SET async_insert = FALSE;
INSERT INTO t VALUES (5);
-- expect: 1
SELECT count(*) FROM t;
-- expect: 3
SET async_insert = TRUE;
SET wait_for_async_insert = 'false';
INSERT INTO t VALUES (6);
-- expect: 0

-- Anything else is rejected.
SET wait_for_async_insert = yes;
-- error: INVALID_SETTING_VALUE: Setting wait_for_async_insert = 'yes' is invalid: expected 0, 1, true or false
SET async_insert = 2;
-- error: INVALID_SETTING_VALUE: Setting async_insert = '2' is invalid: expected 0, 1, true or false

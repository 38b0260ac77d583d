-- scenario: a passed-through statement's update count is the one the target driver's executeUpdate gives
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(10));
-- expect: 0
UPDATE t SET b = 'none';
-- expect: 0
INSERT INTO t SETTINGS async_insert = 0 VALUES (1, 'x'), (2, 'x');
-- expect: 2
UPDATE t SET b = 'y';
-- expect: 2
DELETE FROM t WHERE a = 1;
-- expect: 1

-- DDL changes no rows: the target driver's executeUpdate returns 0 for it, even right after DML.
CREATE INDEX t_b ON t (b);
-- expect: 0
ALTER TABLE t ADD COLUMN c INTEGER;
-- expect: 0
DROP TABLE t;
-- expect: 0

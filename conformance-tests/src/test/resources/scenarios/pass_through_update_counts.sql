-- scenario: a passed-through statement's update count is the one the target driver's executeUpdate gives
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
-- expect: 0
UPDATE t SET b = 'none';
-- expect: 0
INSERT OR REPLACE INTO t VALUES (1, 'x');
-- expect: 1
UPDATE t SET b = 'y';
-- expect: 1

-- DDL changes no rows: plain sqlite-jdbc's executeUpdate returns 0 for it, even right after DML.
CREATE INDEX t_b ON t (b);
-- expect: 0
ALTER TABLE t ADD COLUMN c INTEGER;
-- expect: 0
DROP TABLE t;
-- expect: 0

-- scenario: SQLite's own statements pass through: INSERT OR REPLACE runs at once, PRAGMA is a query
-- url: wait_for_async_insert=0
-- storages: sqlite (INSERT OR REPLACE and PRAGMA are SQLite's own statements)
CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
CREATE INDEX t_b ON t (b);
-- expect: 0
INSERT INTO t VALUES (1, 'x');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- INSERT OR REPLACE is not an INSERT INTO: it runs at once with sqlite-jdbc's update count, and is not queued.
INSERT OR REPLACE INTO t VALUES (1, 'replaced');
-- expect: 1
INSERT OR REPLACE INTO t VALUES (2, 'new');
-- expect: 1
SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|replaced
-- 2|new
SELECT count(*) FROM system.asynchronous_insert_log;
-- expect: 1

PRAGMA user_version = 5;
PRAGMA user_version;
-- expect: 5

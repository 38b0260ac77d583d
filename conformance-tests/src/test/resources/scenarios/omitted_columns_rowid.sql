-- scenario: an INTEGER PRIMARY KEY an INSERT leaves out is assigned by SQLite
-- url: wait_for_async_insert=0
-- storages: sqlite (an INTEGER PRIMARY KEY is SQLite's rowid; other databases spell an assigned key differently)
CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT DEFAULT 'dflt');

INSERT INTO t (id) VALUES (1);
SYSTEM FLUSH ASYNC INSERT QUEUE;
INSERT INTO t (s) VALUES ('no id'), ('no id either');
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT id, s FROM t ORDER BY id;
-- expect:
-- 1|dflt
-- 2|no id
-- 3|no id either

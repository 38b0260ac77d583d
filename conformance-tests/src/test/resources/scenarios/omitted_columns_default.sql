-- scenario: columns an INSERT leaves out get the table's default: a DEFAULT value or expression, or NULL
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT DEFAULT 'dflt', made TEXT DEFAULT (upper('expr')), n INTEGER);

INSERT INTO t (id) VALUES (1);
INSERT INTO t (id, n) VALUES (2, 20);
INSERT INTO t (n, id) VALUES (30, 3), (NULL, 4);
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT id, s, made, n FROM t ORDER BY id;
-- expect:
-- 1|dflt|EXPR|NULL
-- 2|dflt|EXPR|20
-- 3|dflt|EXPR|30
-- 4|dflt|EXPR|NULL

-- A key missing from a JSONEachRow row for a NOT NULL column without a default fails that entry.
CREATE TABLE strict (a INTEGER NOT NULL, b INTEGER);
INSERT INTO strict FORMAT JSONEachRow {"b": 1};
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT status, exception FROM system.asynchronous_insert_log WHERE "table" = 'strict';
-- expect: ParsingError|CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: Cannot insert a default into column a at row 1: the column is NOT NULL and has no default

-- An INSERT whose column list leaves out such a column is refused before queueing.
INSERT INTO strict (b) VALUES (2);
-- error: CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: Column 'a' of ${database}.strict is NOT NULL and has no default: the INSERT must list it

-- scenario: on SQLite every format stores values with their column's declared type, never a number as text
-- url: wait_for_async_insert=0
-- storages: sqlite (typeof() and SQLite's storage classes)
CREATE TABLE t (id INTEGER, s TEXT, x REAL);

INSERT INTO t VALUES (1, 'values', 1.5);
INSERT INTO t FORMAT CSV 2,csv,2;
INSERT INTO t FORMAT TSV
3	tsv	3.25
;
INSERT INTO t FORMAT JSONEachRow {"id": 4, "s": "json", "x": 4};
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT id, typeof(id), typeof(s), typeof(x) FROM t ORDER BY id;
-- expect:
-- 1|integer|text|real
-- 2|integer|text|real
-- 3|integer|text|real
-- 4|integer|text|real

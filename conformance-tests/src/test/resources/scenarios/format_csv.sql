-- scenario: CSV data: quoted and unquoted fields, doubled quotes, commas and line breaks inside quotes, \N for NULL
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT, x REAL);

INSERT INTO t FORMAT CSV
1,plain,1.5
2,"quoted, with comma",-2
3,"double ""quote""",0
4,\N,\N
5,"two
lines",7
;
-- The data may also follow the format name on the same line.
INSERT INTO t FORMAT CSV 6,inline,6.5;
INSERT INTO t FORMAT csv
7,"format names are case-insensitive",7
;
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- The runner shows a line break inside a value as <LF>.
SELECT id, s, x FROM t ORDER BY id;
-- expect:
-- 1|plain|1.5
-- 2|quoted, with comma|-2.0
-- 3|double "quote"|0.0
-- 4|NULL|NULL
-- 5|two<LF>lines|7.0
-- 6|inline|6.5
-- 7|format names are case-insensitive|7.0
SELECT format, status, rows FROM system.asynchronous_insert_log ORDER BY rows;
-- expect:
-- CSV|Ok|1
-- CSV|Ok|1
-- CSV|Ok|5

-- scenario: JSONEachRow: one object per row, keys in any order; a missing key gets the column's default
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT DEFAULT 'none', x REAL DEFAULT 9.5, n INTEGER);

INSERT INTO t FORMAT JSONEachRow
{"id": 1, "s": "one", "x": 1.5, "n": 10}
{"id": 2}
{"x": 3.5, "id": 3, "s": "quote \" backslash \\ tab \t end", "n": null}
;
INSERT INTO t FORMAT JSONEachRow {"id": 4, "s": "same line"};
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- Row 2 has no "s", "x" or "n": s and x get their declared defaults, n (no default) is NULL.
-- (The runner shows a tab inside a value as <TAB>.)
SELECT id, s, x, n FROM t ORDER BY id;
-- expect:
-- 1|one|1.5|10
-- 2|none|9.5|NULL
-- 3|quote " backslash \ tab <TAB> end|3.5|NULL
-- 4|same line|9.5|NULL
SELECT format, status, rows FROM system.asynchronous_insert_log ORDER BY rows;
-- expect:
-- JSONEachRow|Ok|1
-- JSONEachRow|Ok|3

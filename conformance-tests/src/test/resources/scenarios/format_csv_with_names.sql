-- scenario: CSVWithNames: each entry's own header maps its fields to columns by name; absent columns get their default
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT DEFAULT 'none', x REAL);

INSERT INTO t FORMAT CSVWithNames
"x","id"
1.5,1
2.5,2
;
INSERT INTO t FORMAT CSVWithNames
id,s,x
3,three,3.5
;

-- Both entries share one buffer: the header belongs to the data, not to the buffer key.
SELECT count(*), format FROM system.asynchronous_inserts;
-- expect: 1|CSVWithNames
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT id, s, x FROM t ORDER BY id;
-- expect:
-- 1|none|1.5
-- 2|none|2.5
-- 3|three|3.5

-- A header naming a column the INSERT does not have fails that entry.
INSERT INTO t FORMAT CSVWithNames
id,nope
4,x
;
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT status, exception LIKE 'NO_SUCH_COLUMN_IN_TABLE: %nope%' FROM system.asynchronous_insert_log WHERE status <> 'Ok';
-- expect: ParsingError|1
SELECT count(*) FROM t;
-- expect: 3

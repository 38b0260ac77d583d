-- scenario: TabSeparatedWithNames (alias TSVWithNames): a header line of column names per entry
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT DEFAULT 'none', x REAL);

INSERT INTO t FORMAT TabSeparatedWithNames
x	id
1.5	1
;
INSERT INTO t FORMAT TSVWithNames
id	s	x
2	two	2.5
3	three	\N
;
SELECT count(*), format FROM system.asynchronous_inserts;
-- expect: 1|TabSeparatedWithNames
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT id, s, x FROM t ORDER BY id;
-- expect:
-- 1|none|1.5
-- 2|two|2.5
-- 3|three|NULL

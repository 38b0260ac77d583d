-- scenario: TabSeparated (alias TSV): tab-separated fields with backslash escapes and \N for NULL
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT, x REAL);

INSERT INTO t FORMAT TabSeparated
1	plain	1.5
2	tab\there	-2
3	line\nbreak	0
4	back\\slash	\N
;
INSERT INTO t FORMAT TSV
5	via the alias	5
;

-- TSV is the same format as TabSeparated, so both entries share one buffer.
SELECT count(*), format FROM system.asynchronous_inserts;
-- expect: 1|TabSeparated
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- The runner shows tabs and line breaks inside values as <TAB> and <LF>.
SELECT id, s, x FROM t ORDER BY id;
-- expect:
-- 1|plain|1.5
-- 2|tab<TAB>here|-2.0
-- 3|line<LF>break|0.0
-- 4|back\slash|NULL
-- 5|via the alias|5.0
SELECT format, rows FROM system.asynchronous_insert_log ORDER BY rows;
-- expect:
-- TabSeparated|1
-- TabSeparated|4

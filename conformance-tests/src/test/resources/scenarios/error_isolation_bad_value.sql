-- scenario: a value that does not fit its column's type fails only its own entry; the rest of the batch is written
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER, b TEXT);

-- query-id: good-1
INSERT INTO t VALUES (1, 'one');
-- The bad entry's first row is fine, its second is not: the whole entry fails, and only that entry.
-- query-id: bad
INSERT INTO t VALUES (2, 'two'), ('abc', 'three');
-- query-id: good-2
INSERT INTO t VALUES (4, 'four');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- No silent SQLite type affinity: 'abc' is not an INTEGER.
SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|one
-- 4|four

-- The log names the row (within the entry) and the column.
SELECT query_id, status, rows, exception FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- bad|ParsingError|0|CANNOT_PARSE_TEXT: Cannot parse 'abc' as INTEGER for column a at row 2: expected an integer
-- good-1|Ok|1|
-- good-2|Ok|1|

-- One batch, one part with the good entries' rows.
SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log;
-- expect: 1
SELECT rows FROM system.part_log;
-- expect: 2
SELECT value FROM system.events WHERE event = 'FailedAsyncInsertQuery';
-- expect: 1

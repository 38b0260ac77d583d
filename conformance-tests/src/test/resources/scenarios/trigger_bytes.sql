-- scenario: a buffer is flushed when its bytes reach async_insert_max_data_size
-- url: async_insert_max_data_size=24&wait_for_async_insert=0
CREATE TABLE t (a INTEGER, b TEXT);

-- An entry's size is the length of its inline data, from the first non-blank character after VALUES
-- to the end: "(1, 'x')" is 8 bytes however many blanks come before it.
INSERT INTO t VALUES (1, 'x');
-- expect: 0
INSERT INTO t VALUES       (2, 'y');
-- expect: 0
SELECT total_bytes, "entries.bytes" FROM system.asynchronous_inserts;
-- expect: 16|[8,8]

-- 16 + 8 = 24 reaches the limit: the buffer is flushed at once, without any time passing.
INSERT INTO t VALUES (3, 'z');
-- expect: 0
-- await-flushes
SELECT a, b FROM t ORDER BY a;
-- expect:
-- 1|x
-- 2|y
-- 3|z

SELECT bytes, timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- 8|0
-- 8|0
-- 8|0

-- After FORMAT the size also starts at the first non-blank character after the format name:
-- the line break after "CSV" does not count, the data "4,w" and its line break (4 bytes) do.
INSERT INTO t FORMAT CSV
4,w
;
-- expect: 0
SELECT total_bytes, "entries.bytes" FROM system.asynchronous_inserts;
-- expect: 4|[4]

-- scenario: an INSERT without a column list means every insertable column, in table order
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER, b TEXT, doubled INTEGER GENERATED ALWAYS AS (a * 2) STORED);

-- Generated columns cannot be inserted into, so "all columns" is (a, b).
INSERT INTO t VALUES (1, 'x');
-- The same shape written out shares the buffer.
INSERT INTO t (a, b) VALUES (2, 'y');
SELECT query, json_array_length("entries.bytes") FROM system.asynchronous_inserts;
-- expect: INSERT INTO ${database}.t (a, b) FORMAT Values|2
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT a, b, doubled FROM t ORDER BY a;
-- expect:
-- 1|x|2
-- 2|y|4

-- Too many values for the insertable columns fail the entry.
INSERT INTO t VALUES (3, 'z', 6);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT status FROM system.asynchronous_insert_log ORDER BY status;
-- expect:
-- Ok
-- Ok
-- ParsingError

-- Naming a generated column is refused before queueing.
INSERT INTO t (a, doubled) VALUES (4, 8);
-- error: BAD_ARGUMENTS: Column 'doubled' of ${database}.t is generated and cannot be inserted into

-- scenario: inserts share a buffer only with the same table, column list, format and effective settings
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER, b TEXT);

-- One shape: omitted column list, the same list written out, and another connection with the same settings.
INSERT INTO t VALUES (1, 'x');
INSERT INTO t (a, b) VALUES (2, 'y');
-- connection: same-settings
INSERT INTO t VALUES (3, 'z');

-- Other shapes: column order, column subset, format.
-- connection: default
INSERT INTO t (b, a) VALUES ('w', 4);
INSERT INTO t (a) VALUES (5);
INSERT INTO t FORMAT CSV 6,v;

-- Other effective settings: a SETTINGS clause, the same value by SET on another connection, and a
-- connection whose URL differs.
INSERT INTO t SETTINGS async_insert_max_query_number = 100 VALUES (7, 'u');
-- connection: session-set
SET async_insert_max_query_number = 100;
INSERT INTO t VALUES (8, 't');
-- connection: other-url async_insert_max_data_size=1000000
INSERT INTO t VALUES (9, 's');

-- The query column is the normalized INSERT (never the data); settings are part of the key, not of the text.
SELECT query, total_bytes, json_array_length("entries.bytes") FROM system.asynchronous_inserts ORDER BY query, total_bytes;
-- expect:
-- INSERT INTO ${database}.t (a) FORMAT Values|3|1
-- INSERT INTO ${database}.t (a, b) FORMAT CSV|3|1
-- INSERT INTO ${database}.t (a, b) FORMAT Values|8|1
-- INSERT INTO ${database}.t (a, b) FORMAT Values|16|2
-- INSERT INTO ${database}.t (a, b) FORMAT Values|24|3
-- INSERT INTO ${database}.t (b, a) FORMAT Values|8|1

-- Each buffer is flushed on its own.
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*), count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log;
-- expect: 9|6
SELECT count(*) FROM t;
-- expect: 9

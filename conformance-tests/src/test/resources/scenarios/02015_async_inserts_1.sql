-- scenario: ClickHouse 02015_async_inserts_1: waiting INSERTs in CSV, JSONEachRow and CSVWithNames, one buffer per format, all rows written
-- url: async_insert_use_adaptive_busy_timeout=0
-- Translated from ClickHouse's tests/queries/0_stateless/02015_async_inserts_1.sh: six concurrent HTTP INSERTs
-- with async_insert=1&wait_for_async_insert=1 into a Memory table become six waiting JDBC connections.
CREATE TABLE async_inserts (id INTEGER, s TEXT);

-- connection: c1
-- background: c1
INSERT INTO async_inserts FORMAT CSV
1,"a"
2,"b"
;
-- connection: c2
-- background: c2
INSERT INTO async_inserts FORMAT CSV
3,"c"
4,"d"
;
-- connection: c3
-- background: c3
INSERT INTO async_inserts FORMAT JSONEachRow {"id": 5, "s": "e"} {"id": 6, "s": "f"};
-- connection: c4
-- background: c4
INSERT INTO async_inserts FORMAT JSONEachRow {"id": 7, "s": "g"} {"id": 8, "s": "h"};
-- connection: c5
-- background: c5
INSERT INTO async_inserts FORMAT CSVWithNames
"id","s"
9,"i"
10,"j"
;
-- connection: c6
-- background: c6
INSERT INTO async_inserts FORMAT CSVWithNames
"id","s"
11,"k"
12,"l"
;

-- An older version of the test listed the buffers: CSV 23 bytes, CSVWithNames 44, JSONEachRow 78, two entries
-- each. Here every data line ends with a line break (ClickHouse's first CSV and CSVWithNames payloads lack the
-- last one), hence one byte more for CSV and CSVWithNames.
-- connection: default
SELECT "table", format, total_bytes, json_array_length("entries.query_id") FROM system.asynchronous_inserts ORDER BY format;
-- expect:
-- async_inserts|CSV|24|2
-- async_inserts|CSVWithNames|45|2
-- async_inserts|JSONEachRow|78|2

-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- expect: 2
-- join: c3
-- expect: 2
-- join: c4
-- expect: 2
-- join: c5
-- expect: 2
-- join: c6
-- expect: 2
SELECT * FROM async_inserts ORDER BY id;
-- expect:
-- 1|a
-- 2|b
-- 3|c
-- 4|d
-- 5|e
-- 6|f
-- 7|g
-- 8|h
-- 9|i
-- 10|j
-- 11|k
-- 12|l

-- scenario: ClickHouse 02015_async_inserts_2: a bad CSV entry fails alone with its parse error; the other two entries are written in one part
-- url: async_insert=1&wait_for_async_insert=1&async_insert_busy_timeout_ms=600000&async_insert_max_query_number=3&async_insert_deduplicate=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02015_async_inserts_2.sh. Three concurrent waiting INSERTs; the third
-- fills the buffer to async_insert_max_query_number. ClickHouse's SYSTEM FLUSH ASYNC INSERT QUEUE for the table,
-- sent two seconds later, finds nothing left to flush. system.parts becomes system.part_log: one NewPart of 4 rows.
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
qqqqqqqqqqq
;
-- connection: c3
-- background: c3
INSERT INTO async_inserts FORMAT CSV
4,"c"
3,"d"
;
-- join: c1
-- expect: 2
-- ClickHouse fails it with code 27 (CANNOT_PARSE_INPUT_ASSERTION_FAILED); Sluice names the value it could not
-- read as the column's type, code 6 (docs/CLICKHOUSE-DIFFERENCES.md, error codes).
-- join: c2
-- error: CANNOT_PARSE_TEXT: Cannot parse 'qqqqqqqqqqq' as INTEGER for column id at row 1: expected an integer
-- join: c3
-- expect: 2
-- connection: default
SYSTEM FLUSH ASYNC INSERT QUEUE async_inserts;
SELECT * FROM async_inserts ORDER BY id;
-- expect:
-- 1|a
-- 2|b
-- 3|d
-- 4|c
SELECT "table", event_type, rows, error FROM system.part_log WHERE "table" = 'async_inserts';
-- expect: async_inserts|NewPart|4|0

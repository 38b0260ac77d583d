-- scenario: ClickHouse 02134_async_inserts_formats: CustomSeparated and its format_custom_* settings are not Sluice's: the INSERT fails at once, nothing is queued
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02134_async_inserts_formats.sh, where four concurrent INSERTs in
-- CustomSeparated and CustomSeparatedWithNames (escaping rule CSV, delimiter ',') write rows 1..8 in two parts.
-- Sluice reads Values, CSV, CSVWithNames, TabSeparated, TabSeparatedWithNames and JSONEachRow only, and refuses
-- settings it does not know (docs/CLICKHOUSE-DIFFERENCES.md).
CREATE TABLE async_inserts (id INTEGER, s TEXT);

INSERT INTO async_inserts settings format_custom_escaping_rule='CSV', format_custom_field_delimiter=',' FORMAT CustomSeparated
1,"a"
2,"b"
;
-- error: UNKNOWN_SETTING
INSERT INTO async_inserts FORMAT CustomSeparated
1,"a"
2,"b"
;
-- error: UNKNOWN_FORMAT
INSERT INTO async_inserts FORMAT CustomSeparatedWithNames
"id","s"
5,"a"
6,"b"
;
-- error: UNKNOWN_FORMAT
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0

-- The same rows in CSV, Sluice's nearest format, take the path the test takes.
-- connection: c1
-- background: c1
INSERT INTO async_inserts FORMAT CSV
1,"a"
2,"b"
;
-- connection: c2
-- background: c2
INSERT INTO async_inserts FORMAT CSVWithNames
"id","s"
5,"a"
6,"b"
;
-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- expect: 2
-- connection: default
SELECT * FROM async_inserts ORDER BY id;
-- expect:
-- 1|a
-- 2|b
-- 5|a
-- 6|b

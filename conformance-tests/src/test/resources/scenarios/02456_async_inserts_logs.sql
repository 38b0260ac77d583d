-- scenario: ClickHouse 02456_async_inserts_logs: system.asynchronous_insert_log has an Ok row per written entry, a ParsingError row per malformed one and a FlushError row when the write fails
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02456_async_inserts_logs.sh. ClickHouse makes the last flush fail with
-- parts_to_throw_insert = 1 on a MergeTree table; here the target refuses it: a duplicate primary key.
-- Two deviations, both in docs/CLICKHOUSE-DIFFERENCES.md: "VALUES qqqqqq" is not tuples of literals, so Sluice
-- hands it to the target database at once (no log row, the database's syntax error); and a ParsingError row carries
-- the flush's time where ClickHouse leaves flush_time_microseconds 0 (scenarios-pending/02456_async_inserts_logs.sql).
CREATE TABLE t_async_inserts_logs (id INTEGER PRIMARY KEY, s TEXT);

-- connection: c1
-- background: c1
INSERT INTO t_async_inserts_logs FORMAT JSONEachRow {"id": 5, "s": "e"} {"id": 6, "s": "f"};
-- connection: c2
-- background: c2
INSERT INTO t_async_inserts_logs VALUES (1, 'a');
-- connection: c3
-- background: c3
INSERT INTO t_async_inserts_logs FORMAT JSONEachRow qqqqqq;
-- ClickHouse's fourth INSERT, "VALUES qqqqqq", is not tuples of literals: Sluice sends it to the target database
-- at once, which refuses it with its own syntax error, whose text differs per database; it is left out here.
-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- expect: 1
-- join: c3
-- error: INCORRECT_DATA: Cannot parse JSON at row 1: expected '{' at the start of the row, found 'q'

-- connection: c4
-- background: c4
INSERT INTO t_async_inserts_logs VALUES (1, 'a');
-- advance: 200ms
-- join: c4
-- error: VIOLATED_CONSTRAINT

-- connection: default
SELECT "table", format, bytes, exception = '', status FROM system.asynchronous_insert_log ORDER BY "table", CASE status WHEN 'Ok' THEN 0 WHEN 'ParsingError' THEN 1 ELSE 2 END, format;
-- expect:
-- t_async_inserts_logs|JSONEachRow|39|1|Ok
-- t_async_inserts_logs|Values|8|1|Ok
-- t_async_inserts_logs|JSONEachRow|6|0|ParsingError
-- t_async_inserts_logs|Values|8|0|FlushError
SELECT status, flush_time_microseconds > event_time_microseconds FROM system.asynchronous_insert_log WHERE status <> 'ParsingError' ORDER BY event_time_microseconds;
-- expect:
-- Ok|1
-- Ok|1
-- FlushError|1

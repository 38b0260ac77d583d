-- scenario: ClickHouse 02456_async_inserts_logs: an entry that failed parsing was never flushed, so its flush time is 0
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change: Sluice gives a ParsingError row the time of the flush that parsed it
-- (asynchronous_insert_log_flushes.flush_us); ClickHouse writes ParsingError rows during parsing, before the flush
-- ends, and leaves flush_time and flush_time_microseconds at 0 (its test: status = 'ParsingError' ?
-- flush_time_microseconds = 0 : flush_time_microseconds > event_time_microseconds). flush_query_id stays set.
CREATE TABLE t_async_inserts_logs (id INTEGER PRIMARY KEY, s TEXT);

-- connection: c1
-- background: c1
INSERT INTO t_async_inserts_logs FORMAT JSONEachRow {"id": 5, "s": "e"} {"id": 6, "s": "f"};
-- connection: c2
-- background: c2
INSERT INTO t_async_inserts_logs FORMAT JSONEachRow qqqqqq;
-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- error: INCORRECT_DATA: Cannot parse JSON at row 1: expected '{' at the start of the row, found 'q'

-- connection: default
SELECT status, flush_time, flush_time_microseconds, flush_query_id <> '' FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- Ok|2026-01-01 00:00:00|2026-01-01 00:00:00.200000|1
-- ParsingError|1970-01-01 00:00:00|1970-01-01 00:00:00.000000|1

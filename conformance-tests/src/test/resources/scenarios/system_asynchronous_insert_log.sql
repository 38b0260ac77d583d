-- scenario: system.asynchronous_insert_log has one row per entry per flush, tied to the part written
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=200&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER);

-- query-id: q-ok
INSERT INTO t SETTINGS log_comment = 'batch one' VALUES (1), (2);
-- advance: 20ms
-- query-id: q-bad
INSERT INTO t VALUES ('x');
-- advance: 180ms
-- await-flushes

-- The entry that failed parsing was never flushed: its flush time is 0, as in ClickHouse (02456_async_inserts_logs). The
-- flush's text leaves log_comment out of its SETTINGS clause: it is no part of the buffer key.
SELECT event_time, event_time_microseconds, query, database, "table", format, query_id, bytes, rows, status, data_kind, flush_time, flush_time_microseconds, timeout_milliseconds, log_comment FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- 2026-01-01 00:00:00|2026-01-01 00:00:00.000000|INSERT INTO ${database}.t (a) FORMAT Values|${database}|t|Values|q-ok|8|2|Ok|Parsed|2026-01-01 00:00:00|2026-01-01 00:00:00.200000|200|batch one
-- 2026-01-01 00:00:00|2026-01-01 00:00:00.020000|INSERT INTO ${database}.t (a) FORMAT Values|${database}|t|Values|q-bad|5|0|ParsingError|Parsed|1970-01-01 00:00:00|1970-01-01 00:00:00.000000|200|

SELECT query_id, exception FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- q-bad|CANNOT_PARSE_TEXT: Cannot parse 'x' as INTEGER for column a at row 1: expected an integer
-- q-ok|

-- Both entries were flushed together; flush_query_id is the flush's own id, which part_log.query_id names.
SELECT count(DISTINCT flush_query_id), sum(flush_query_id IN ('', query_id)) FROM system.asynchronous_insert_log;
-- expect: 1|0
SELECT l.query_id, p.event_type, p.database, p."table", p.rows, p.error FROM system.asynchronous_insert_log l JOIN system.part_log p ON p.query_id = l.flush_query_id ORDER BY l.query_id;
-- expect:
-- q-bad|NewPart|${database}|t|2|0
-- q-ok|NewPart|${database}|t|2|0

-- An INSERT whose query id the caller did not choose gets a generated one.
INSERT INTO t VALUES (3);
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT count(*) FROM system.asynchronous_insert_log WHERE query_id NOT IN ('', 'q-ok', 'q-bad');
-- expect: 1

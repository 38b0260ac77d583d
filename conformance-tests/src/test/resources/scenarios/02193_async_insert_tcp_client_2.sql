-- scenario: ClickHouse 02193_async_insert_tcp_client_2: SETTINGS after the format name are settings, not data
-- url: async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02193_async_insert_tcp_client_2.sh. ClickHouse reads SETTINGS after
-- FORMAT when allow_settings_after_format_in_insert is on (as in its test configuration); Sluice always does.
SET async_insert = 0;
CREATE TABLE t_async_insert_02193_2 (id INTEGER, s TEXT);

-- background: csv
INSERT INTO t_async_insert_02193_2 FORMAT CSV SETTINGS async_insert = 1 1,aaa;
-- The SETTINGS made it asynchronous: it waits in a buffer.
-- connection: reader
SELECT format, total_bytes FROM system.asynchronous_inserts;
-- expect: CSV|5
-- connection: default
-- advance: 200ms
-- join: csv
-- expect: 1
-- background: values
INSERT INTO t_async_insert_02193_2 FORMAT Values SETTINGS async_insert = 1 (2, 'bbb');
-- connection: reader
SELECT format, total_bytes FROM system.asynchronous_inserts;
-- expect: Values|10
-- connection: default
-- advance: 200ms
-- join: values
-- expect: 1

-- The last two are asynchronous through the connection's own setting (clickhouse-client's --async_insert=1).
-- connection: client async_insert=1
-- background: values-keyword
INSERT INTO t_async_insert_02193_2 VALUES (3, 'ccc');
-- advance: 200ms
-- join: values-keyword
-- expect: 1
-- background: json
INSERT INTO t_async_insert_02193_2 FORMAT JSONEachRow {"id": 4, "s": "ddd"};
-- advance: 200ms
-- join: json
-- expect: 1

SELECT * FROM t_async_insert_02193_2 ORDER BY id;
-- expect:
-- 1|aaa
-- 2|bbb
-- 3|ccc
-- 4|ddd
SELECT format, status, rows FROM system.asynchronous_insert_log ORDER BY event_time_microseconds;
-- expect:
-- CSV|Ok|1
-- Values|Ok|1
-- Values|Ok|1
-- JSONEachRow|Ok|1

-- scenario: ClickHouse 02156_async_insert_query_log: each waiting INSERT is an Insert query in system.query_log, its text without the data
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02156_async_insert_query_log.sh. ClickHouse logs the text up to VALUES
-- and a blank ("INSERT INTO async_inserts_2156 VALUES "); Sluice logs the head up to VALUES. arrayExists(x -> x
-- LIKE '%async_inserts_2156', tables) becomes a LIKE on the JSON array system.query_log keeps in "tables".
CREATE TABLE async_inserts_2156 (id INTEGER, s TEXT);

-- background: first
INSERT INTO async_inserts_2156 VALUES (1, 'a');
-- advance: 200ms
-- join: first
-- expect: 1
-- background: second
INSERT INTO async_inserts_2156 VALUES (2, 'b');
-- advance: 200ms
-- join: second
-- expect: 1

SELECT * FROM async_inserts_2156 ORDER BY id;
-- expect:
-- 1|a
-- 2|b
SELECT query, tables LIKE '%async_inserts_2156"]', query_kind FROM system.query_log WHERE query LIKE 'INSERT INTO async_inserts_2156 VALUES%' AND type = 'QueryFinish' ORDER BY query_start_time_microseconds;
-- expect:
-- INSERT INTO async_inserts_2156 VALUES|1|Insert
-- INSERT INTO async_inserts_2156 VALUES|1|Insert

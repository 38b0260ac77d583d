-- scenario: ClickHouse 02790_async_queries_in_query_log: a flush is an AsyncInsertFlush query (QueryStart, QueryFinish with the rows written) and writes one part, all under the flush's query id
-- url: async_insert_use_adaptive_busy_timeout=0
-- Translated from the first case of tests/queries/0_stateless/02790_async_queries_in_query_log.sh; its other two
-- cases need a materialized view (system.query_views_log), which Sluice does not have. Not compared here:
-- written_bytes (ClickHouse counts column bytes, 16 for four UInt32; Sluice counts the data's bytes), and the
-- flush's query text, where ClickHouse keeps the INSERT's SETTINGS clause (scenarios-pending/02790_async_queries_in_query_log.sql).
CREATE TABLE async_insert_landing (id INTEGER);

-- query-id: landing-1
-- background: insert
INSERT INTO async_insert_landing SETTINGS wait_for_async_insert=1, async_insert=1 values (1), (2), (3), (4);
-- advance: 200ms
-- join: insert
-- expect: 4

SELECT type, written_rows, query_kind, databases, tables, exception_code FROM system.query_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'landing-1') ORDER BY type DESC;
-- expect:
-- QueryStart|0|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0
-- QueryFinish|4|AsyncInsertFlush|["${database}"]|["${database}.async_insert_landing"]|0
SELECT database, "table", rows FROM system.part_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'landing-1') ORDER BY "table";
-- expect: ${database}|async_insert_landing|4

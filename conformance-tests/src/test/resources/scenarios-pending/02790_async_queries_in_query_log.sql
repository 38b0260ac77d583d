-- scenario: ClickHouse 02790_async_queries_in_query_log: the flush's query text keeps the INSERT's SETTINGS clause
-- url: async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change: Sluice's flush text leaves the SETTINGS clause out of system.query_log and
-- system.asynchronous_insert_log ("INSERT INTO db.async_insert_landing (id) FORMAT Values"). The rest of this case
-- already passes, in scenarios/02790_async_queries_in_query_log.sql.
CREATE TABLE async_insert_landing (id INTEGER);

-- query-id: landing-1
-- background: insert
INSERT INTO async_insert_landing SETTINGS wait_for_async_insert=1, async_insert=1 values (1), (2), (3), (4);
-- advance: 200ms
-- join: insert
-- expect: 4
SELECT type, query, query_kind FROM system.query_log WHERE query_id = (SELECT flush_query_id FROM system.asynchronous_insert_log WHERE query_id = 'landing-1') ORDER BY type DESC;
-- expect:
-- QueryStart|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 1, async_insert = 1 FORMAT Values|AsyncInsertFlush
-- QueryFinish|INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 1, async_insert = 1 FORMAT Values|AsyncInsertFlush
SELECT query FROM system.asynchronous_insert_log WHERE query_id = 'landing-1';
-- expect: INSERT INTO ${database}.async_insert_landing (id) SETTINGS wait_for_async_insert = 1, async_insert = 1 FORMAT Values

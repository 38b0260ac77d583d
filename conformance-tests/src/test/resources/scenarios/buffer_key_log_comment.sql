-- scenario: log_comment stays per entry: different comments share one buffer, each log row keeps its own
-- url: wait_for_async_insert=0
CREATE TABLE t (a INTEGER);

-- query-id: plain
INSERT INTO t VALUES (1);
-- query-id: by-settings
INSERT INTO t SETTINGS log_comment = 'from SETTINGS' VALUES (2);
SET log_comment = 'from SET';
-- query-id: by-set
INSERT INTO t VALUES (3);
-- query-id: by-set-overridden
INSERT INTO t SETTINGS log_comment = 'it''s overridden' VALUES (4);

SELECT count(*), "entries.query_id" FROM system.asynchronous_inserts;
-- expect: 1|["plain","by-settings","by-set","by-set-overridden"]
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT query_id, log_comment FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- by-set|from SET
-- by-set-overridden|it's overridden
-- by-settings|from SETTINGS
-- plain|
SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log;
-- expect: 1

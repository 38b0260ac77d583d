-- scenario: timeout_milliseconds is the buffer's busy timeout, or 0 when a size or count limit flushed it
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=300&async_insert_use_adaptive_busy_timeout=0
CREATE TABLE t (a INTEGER);

-- query-id: by-deadline
INSERT INTO t VALUES (1);
-- advance: 300ms
-- await-flushes

-- query-id: by-count
INSERT INTO t SETTINGS async_insert_max_query_number = 1 VALUES (2);
-- await-flushes

-- query-id: by-size
INSERT INTO t SETTINGS async_insert_max_data_size = 3 VALUES (3);
-- await-flushes

-- query-id: by-flush-statement
INSERT INTO t VALUES (4);
SYSTEM FLUSH ASYNC INSERT QUEUE;

SELECT query_id, timeout_milliseconds FROM system.asynchronous_insert_log ORDER BY query_id;
-- expect:
-- by-count|0
-- by-deadline|300
-- by-flush-statement|300
-- by-size|0

-- scenario: system.metric_log samples every counter and gauge on an interval, one column per name, found through system.columns; system.metrics lists every async-insert metric with its description
-- url: async_insert=1&wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0
-- The interval is metric_log_collect_interval_milliseconds, 1000 by default (ClickHouse's collect_interval_milliseconds),
-- on the engine's clock; rows are kept under the other logs' retention. Column names are ClickHouse's:
-- ProfileEvent_<event>, CurrentMetric_<metric>. The two queries are those of ClickHouse's knowledge-base article on
-- async inserts, ILIKE written as SQLite's LIKE (case-insensitive for ASCII). They return every name the article
-- lists (its ProfileEvent_DistributedAsyncInsertionFailures is of Distributed tables, which Sluice does not have),
-- and Sluice's own async-insert counters besides.
CREATE TABLE t (a INTEGER);

SELECT name
FROM system.columns
WHERE (`table` = 'metric_log') AND ((name LIKE '%asyncinsert%') OR (name LIKE '%asynchronousinsert%'));
-- expect:
-- ProfileEvent_AsyncInsertQuery
-- ProfileEvent_AsyncInsertBytes
-- ProfileEvent_AsyncInsertRows
-- ProfileEvent_FailedAsyncInsertQuery
-- ProfileEvent_AsyncInsertFlush
-- ProfileEvent_AsyncInsertParts
-- ProfileEvent_AsyncInsertWaitTimeouts
-- ProfileEvent_AsyncInsertRetries
-- ProfileEvent_AsyncInsertLostWritesResolved
-- ProfileEvent_AsyncInsertBackpressureWaits
-- ProfileEvent_AsyncInsertBackpressureRefusals
-- ProfileEvent_AsyncInsertFlushBacklogWaits
-- ProfileEvent_AsyncInsertCacheHits
-- ProfileEvent_AsyncInsertDeadLetters
-- ProfileEvent_AsyncInsertDeadLettersEvicted
-- ProfileEvent_AsyncInsertDeadLettersReplayed
-- CurrentMetric_PendingAsyncInsert
-- CurrentMetric_AsynchronousInsertQueueSize
-- CurrentMetric_AsynchronousInsertQueueBytes
-- CurrentMetric_AsynchronousInsertThreads
-- CurrentMetric_AsynchronousInsertThreadsActive
-- CurrentMetric_AsynchronousInsertThreadsScheduled
-- CurrentMetric_AsyncInsertCacheSize
-- CurrentMetric_AsynchronousInsertBufferedBytes
SELECT metric, description <> ''
FROM system.metrics
WHERE (metric LIKE '%asyncinsert%') OR (metric LIKE '%asynchronousinsert%');
-- expect:
-- PendingAsyncInsert|1
-- AsynchronousInsertQueueSize|1
-- AsynchronousInsertQueueBytes|1
-- AsynchronousInsertThreads|1
-- AsynchronousInsertThreadsActive|1
-- AsynchronousInsertThreadsScheduled|1
-- AsyncInsertCacheSize|1
-- AsynchronousInsertBufferedBytes|1
SELECT database, typeof(position), position > 0 FROM system.columns WHERE "table" = 'metric_log' AND name = 'event_time';
-- expect: system|integer|1
-- Every system table and view is described; the tables the log views read from are not system tables.
SELECT count(DISTINCT "table") FROM system.columns WHERE "table" IN ('asynchronous_insert_log', 'query_log', 'part_log', 'asynchronous_inserts', 'settings', 'events', 'metrics', 'metric_log', 'columns');
-- expect: 9
SELECT count(*) FROM system.columns WHERE "table" IN ('query_log_blocks', 'query_log_block_rows', 'asynchronous_insert_log_blocks', 'asynchronous_insert_log_block_rows', 'asynchronous_insert_log_flushes', 'log_shapes');
-- expect: 0
SELECT count(*) FROM system.metric_log;
-- expect: 0

-- A sample a second: the pending insert shows in the next one.
INSERT INTO t VALUES (1);
-- advance: 1s
SELECT event_time, CurrentMetric_PendingAsyncInsert, CurrentMetric_AsynchronousInsertQueueSize, ProfileEvent_AsyncInsertQuery FROM system.metric_log ORDER BY event_time DESC LIMIT 1;
-- expect: 2026-01-01 00:00:01|1|1|1
SYSTEM FLUSH ASYNC INSERT QUEUE;
-- advance: 1s
SELECT count(*), min(ProfileEvent_AsyncInsertQuery), max(CurrentMetric_PendingAsyncInsert), min(CurrentMetric_PendingAsyncInsert) FROM system.metric_log;
-- expect: 2|1|1|0

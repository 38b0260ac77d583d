-- scenario: system.metric_log samples every counter and gauge on an interval, one column per name, found through system.columns; system.metrics lists every async-insert metric with its description
-- url: async_insert=1&wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0
-- Pending an engine change (system.metric_log, system.columns and three metric names do not exist yet). The
-- interval is a setting defaulting to one second (ClickHouse's collect_interval_milliseconds); rows are kept under
-- the other logs' retention. Column names are ClickHouse's: ProfileEvent_<event>, CurrentMetric_<metric>.
CREATE TABLE t (a INTEGER);

SELECT name FROM system.columns WHERE database = 'system' AND "table" = 'metric_log' AND (name LIKE '%AsyncInsert%' OR name LIKE '%AsynchronousInsert%') ORDER BY name;
-- expect:
-- CurrentMetric_AsyncInsertCacheSize
-- CurrentMetric_AsynchronousInsertQueueBytes
-- CurrentMetric_AsynchronousInsertQueueSize
-- CurrentMetric_AsynchronousInsertThreads
-- CurrentMetric_AsynchronousInsertThreadsActive
-- CurrentMetric_AsynchronousInsertThreadsScheduled
-- CurrentMetric_PendingAsyncInsert
-- ProfileEvent_AsyncInsertBytes
-- ProfileEvent_AsyncInsertCacheHits
-- ProfileEvent_AsyncInsertQuery
-- ProfileEvent_AsyncInsertRows
-- ProfileEvent_FailedAsyncInsertQuery
SELECT metric FROM system.metrics WHERE (metric LIKE '%AsyncInsert%' OR metric LIKE '%AsynchronousInsert%') AND description <> '' ORDER BY metric;
-- expect:
-- AsyncInsertCacheSize
-- AsynchronousInsertQueueBytes
-- AsynchronousInsertQueueSize
-- AsynchronousInsertThreads
-- AsynchronousInsertThreadsActive
-- AsynchronousInsertThreadsScheduled
-- PendingAsyncInsert
SELECT typeof(position) FROM system.columns WHERE database = 'system' AND "table" = 'metric_log' AND name = 'event_time';
-- expect: integer

-- A sample a second: the pending insert shows in the next one.
INSERT INTO t VALUES (1);
-- advance: 1s
SELECT CurrentMetric_PendingAsyncInsert, CurrentMetric_AsynchronousInsertQueueSize, ProfileEvent_AsyncInsertQuery FROM system.metric_log ORDER BY event_time DESC LIMIT 1;
-- expect: 1|1|1

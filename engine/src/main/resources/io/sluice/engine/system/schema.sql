-- The system database, attached as the schema "system". SystemSchema runs each statement in order (a
-- statement ends with ';' at the end of a line) after replacing two placeholders: ${hostname} (this
-- machine's name, as a quoted literal) and ${query_id:ALIAS} (the text of a log row's query id; see
-- QueryIds.sqlText). Log tables are created only when missing: a system database file keeps them from
-- run to run, and SystemSchema adds the columns that files of earlier versions lack. Views and live
-- tables are created anew on every start.

-- The dictionary of text that many log rows repeat (LogShapes).
CREATE TABLE IF NOT EXISTS system.log_shapes (id INTEGER PRIMARY KEY, type TEXT, query_kind TEXT, query TEXT, database TEXT,
    "table" TEXT, status TEXT, data_kind TEXT, log_comment TEXT);

-- The logs hold times as integer microseconds and a query id of Sluice's form as two integers (QueryIds);
-- a row with a shape holds only what varies, one without holds every column as text.
CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_flushes (id INTEGER PRIMARY KEY, flush_query_id TEXT, query TEXT,
    database TEXT, "table" TEXT, format TEXT, flush_us INTEGER, timeout_milliseconds INTEGER);

CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_entries (flush_id INTEGER, event_us INTEGER, query_id TEXT, bytes INTEGER,
    rows INTEGER, exception TEXT, status TEXT, data_kind TEXT, log_comment TEXT, shape INTEGER, query_id_high INTEGER,
    query_id_low INTEGER);

DROP VIEW IF EXISTS system.asynchronous_insert_log;

CREATE VIEW system.asynchronous_insert_log AS SELECT ${hostname} AS hostname,
    date(e.event_us / 1000000, 'unixepoch') AS event_date,
    datetime(e.event_us / 1000000, 'unixepoch') AS event_time,
    datetime(e.event_us / 1000000, 'unixepoch') || printf('.%06d', e.event_us % 1000000) AS event_time_microseconds,
    f.query AS query, f.database AS database, f."table" AS "table", f.format AS format, ${query_id:e} AS query_id,
    e.bytes AS bytes, e.rows AS rows, CASE WHEN e.shape IS NULL THEN e.exception ELSE '' END AS exception,
    coalesce(s.status, e.status) AS status, coalesce(s.data_kind, e.data_kind) AS data_kind,
    -- An entry that failed parsing was never flushed: its flush time is 0, as in ClickHouse.
    datetime(CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us END / 1000000, 'unixepoch') AS flush_time,
    datetime(CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us END / 1000000, 'unixepoch')
        || printf('.%06d', CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us % 1000000 END)
        AS flush_time_microseconds,
    f.flush_query_id AS flush_query_id, f.timeout_milliseconds AS timeout_milliseconds,
    coalesce(s.log_comment, e.log_comment) AS log_comment
    FROM system.asynchronous_insert_log_entries e JOIN system.asynchronous_insert_log_flushes f ON e.flush_id = f.id
    LEFT JOIN system.log_shapes s ON s.id = e.shape;

CREATE TABLE IF NOT EXISTS system.part_log (hostname TEXT, query_id TEXT, event_type TEXT, event_date TEXT, event_time TEXT,
    event_time_microseconds TEXT, duration_ms INTEGER, database TEXT, "table" TEXT, part_name TEXT, rows INTEGER,
    size_in_bytes INTEGER, error INTEGER, exception TEXT);

CREATE TABLE IF NOT EXISTS system.query_log_rows (type TEXT, event_us INTEGER, start_us INTEGER, query_kind TEXT, query_id TEXT,
    query TEXT, database TEXT, "table" TEXT, written_rows INTEGER, written_bytes INTEGER, exception_code INTEGER, exception TEXT,
    log_comment TEXT, shape INTEGER, query_id_high INTEGER, query_id_low INTEGER);

DROP VIEW IF EXISTS system.query_log;

CREATE VIEW system.query_log AS SELECT ${hostname} AS hostname, type,
    date(event_us / 1000000, 'unixepoch') AS event_date,
    datetime(event_us / 1000000, 'unixepoch') AS event_time,
    datetime(event_us / 1000000, 'unixepoch') || printf('.%06d', event_us % 1000000) AS event_time_microseconds,
    datetime(start_us / 1000000, 'unixepoch') AS query_start_time,
    datetime(start_us / 1000000, 'unixepoch') || printf('.%06d', start_us % 1000000) AS query_start_time_microseconds,
    (event_us - start_us) / 1000 AS query_duration_ms, query_kind, query_id, query,
    CASE WHEN database = '' THEN '[]' ELSE json_array(database) END AS databases,
    CASE WHEN "table" = '' THEN '[]' ELSE json_array(database || '.' || "table") END AS tables,
    written_rows, written_bytes, exception_code, exception, log_comment FROM (SELECT coalesce(s.type, r.type) AS type,
    r.event_us AS event_us, r.start_us AS start_us, coalesce(s.query_kind, r.query_kind) AS query_kind,
    ${query_id:r} AS query_id, coalesce(s.query, r.query) AS query,
    coalesce(s.database, r.database) AS database, coalesce(s."table", r."table") AS "table",
    r.written_rows AS written_rows, r.written_bytes AS written_bytes,
    CASE WHEN r.shape IS NULL THEN r.exception_code ELSE 0 END AS exception_code,
    CASE WHEN r.shape IS NULL THEN r.exception ELSE '' END AS exception,
    coalesce(s.log_comment, r.log_comment) AS log_comment
    FROM system.query_log_rows r LEFT JOIN system.log_shapes s ON s.id = r.shape);

-- Failed entries with their raw data (DeadLetterStore), kept from run to run.
CREATE TABLE IF NOT EXISTS system.asynchronous_insert_dead_letter (id INTEGER PRIMARY KEY, event_time TEXT,
    event_time_microseconds TEXT, query_id TEXT, flush_query_id TEXT, database TEXT, "table" TEXT, format TEXT, query TEXT, data TEXT,
    bytes INTEGER, status TEXT, exception TEXT, replay_attempts INTEGER, last_replay_time TEXT, last_replay_exception TEXT,
    "columns" TEXT);

-- Live tables: rebuilt by their LiveTable when a query names them.
DROP TABLE IF EXISTS system.asynchronous_insert_wal;

CREATE TABLE system.asynchronous_insert_wal (segment TEXT, entries INTEGER, bytes INTEGER, oldest_entry TEXT, active INTEGER);

DROP TABLE IF EXISTS system.asynchronous_inserts;

CREATE TABLE system.asynchronous_inserts (query TEXT, database TEXT, "table" TEXT, format TEXT, first_update TEXT,
    total_bytes INTEGER, "entries.query_id" TEXT, "entries.bytes" TEXT);

DROP TABLE IF EXISTS system.settings;

CREATE TABLE system.settings (name TEXT, value TEXT, changed INTEGER, "default" TEXT, type TEXT, description TEXT);

DROP TABLE IF EXISTS system.events;

CREATE TABLE system.events (event TEXT, value INTEGER, description TEXT);

DROP TABLE IF EXISTS system.metrics;

CREATE TABLE system.metrics (metric TEXT, value INTEGER, description TEXT);

-- A sample of every event and metric each metric_log_collect_interval_milliseconds (MetricLog), one column per
-- name as in ClickHouse: ProfileEvent_<event>, CurrentMetric_<metric>; ${metric_log_columns} lists them.
CREATE TABLE IF NOT EXISTS system.metric_log (event_date TEXT, event_time TEXT, event_time_microseconds TEXT${metric_log_columns});

-- What the engine loaded at start (PluginsTable); written once.
DROP TABLE IF EXISTS system.plugins;

CREATE TABLE system.plugins (kind TEXT, name TEXT, version TEXT, source TEXT, description TEXT);

-- The columns of every system table and view, as ClickHouse's system.columns (position from 1). The tables the
-- log views read from are storage, not system tables of ClickHouse's, and stay out.
DROP VIEW IF EXISTS system.columns;

CREATE VIEW system.columns AS SELECT 'system' AS database, m.name AS "table", p.name AS name, p.type AS type,
    p.cid + 1 AS position FROM system.sqlite_master m JOIN pragma_table_info(m.name, 'system') p
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite%'
    AND m.name NOT IN ('log_shapes', 'asynchronous_insert_log_flushes', 'asynchronous_insert_log_entries', 'query_log_rows');

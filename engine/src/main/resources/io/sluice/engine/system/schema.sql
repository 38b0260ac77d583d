-- The system database, attached as the schema "system". SystemSchema runs each statement in order (a
-- statement ends with ';' at the end of a line) after replacing two placeholders: ${hostname} (this
-- machine's name, as a quoted literal) and ${query_id:ALIAS} (the text of a query id that a log row of an
-- earlier version kept as two integers; see QueryIds.sqlText). Log tables are created only when missing: a
-- system database file keeps them from run to run, and SystemSchema adds the columns that files of earlier
-- versions lack. Views and live tables are created anew on every start.

-- The dictionary of text that many log rows repeat (LogShapes).
CREATE TABLE IF NOT EXISTS system.log_shapes (id INTEGER PRIMARY KEY, type TEXT, query_kind TEXT, query TEXT, database TEXT,
    "table" TEXT, status TEXT, data_kind TEXT, log_comment TEXT);

-- A flush's shared columns are one row of asynchronous_insert_log_flushes. The log rows themselves are kept in
-- blocks (LogBlocks): one table row holds many log rows as the JSON text of an array of arrays, one array per
-- log row with its values by position, trailing NULLs left out, times in microseconds after the block's base_us.
-- A block costs SQLite one row and six values however many log rows it holds; the *_block_rows views unfold the
-- blocks into one row per log row, in the order they were logged. A log row with a shape (LogShapes) holds only
-- what varies; one without holds every column.
CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_flushes (id INTEGER PRIMARY KEY, flush_query_id TEXT, query TEXT,
    database TEXT, "table" TEXT, format TEXT, flush_us INTEGER, timeout_milliseconds INTEGER);

-- Positions in an entry's array: flush_id, event_us, query_id, bytes, rows, shape, exception, status, data_kind,
-- log_comment.
CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_blocks (id INTEGER PRIMARY KEY, rows INTEGER, min_event_us INTEGER,
    max_event_us INTEGER, base_us INTEGER, min_flush_id INTEGER, data TEXT);

-- Positions in a query-log row's array: shape, event_us, start_us, query_id, written_rows, written_bytes, type,
-- query_kind, query, database, table, exception_code, exception, log_comment.
CREATE TABLE IF NOT EXISTS system.query_log_blocks (id INTEGER PRIMARY KEY, rows INTEGER, min_event_us INTEGER,
    max_event_us INTEGER, base_us INTEGER, data TEXT);

-- The views over the logs go first: those of an earlier version name the tables that go below.
DROP VIEW IF EXISTS system.asynchronous_insert_log;

DROP VIEW IF EXISTS system.query_log;

-- Files of earlier versions kept one table row per log row, a query id of Sluice's form as two integers
-- (QueryIds). The declarations give such a file's tables the columns they lack; their rows then move into one
-- block per table, in their order, and the tables go.
CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_entries (flush_id INTEGER, event_us INTEGER, query_id TEXT, bytes INTEGER,
    rows INTEGER, exception TEXT, status TEXT, data_kind TEXT, log_comment TEXT, shape INTEGER, query_id_high INTEGER,
    query_id_low INTEGER);

INSERT INTO system.asynchronous_insert_log_blocks (rows, min_event_us, max_event_us, base_us, min_flush_id, data)
    SELECT count(*), min(event_us), max(event_us), 0, min(flush_id), json_group_array(json_array(flush_id, event_us,
    ${query_id:e}, bytes, rows, shape, exception, status, data_kind, log_comment))
    FROM (SELECT * FROM system.asynchronous_insert_log_entries ORDER BY rowid) e HAVING count(*) > 0;

DROP TABLE system.asynchronous_insert_log_entries;

CREATE TABLE IF NOT EXISTS system.query_log_rows (type TEXT, event_us INTEGER, start_us INTEGER, query_kind TEXT, query_id TEXT,
    query TEXT, database TEXT, "table" TEXT, written_rows INTEGER, written_bytes INTEGER, exception_code INTEGER, exception TEXT,
    log_comment TEXT, shape INTEGER, query_id_high INTEGER, query_id_low INTEGER);

INSERT INTO system.query_log_blocks (rows, min_event_us, max_event_us, base_us, data)
    SELECT count(*), min(event_us), max(event_us), 0, json_group_array(json_array(shape, event_us, start_us, ${query_id:r},
    written_rows, written_bytes, type, query_kind, query, database, "table", exception_code, exception, log_comment))
    FROM (SELECT * FROM system.query_log_rows ORDER BY rowid) r HAVING count(*) > 0;

DROP TABLE system.query_log_rows;

DROP VIEW IF EXISTS system.asynchronous_insert_log_block_rows;

CREATE VIEW system.asynchronous_insert_log_block_rows AS SELECT r.value ->> 0 AS flush_id, b.base_us + (r.value ->> 1) AS event_us,
    r.value ->> 2 AS query_id, r.value ->> 3 AS bytes, r.value ->> 4 AS rows, r.value ->> 5 AS shape, r.value ->> 6 AS exception,
    r.value ->> 7 AS status, r.value ->> 8 AS data_kind, r.value ->> 9 AS log_comment
    FROM system.asynchronous_insert_log_blocks b, json_each(b.data) r;

DROP VIEW IF EXISTS system.query_log_block_rows;

CREATE VIEW system.query_log_block_rows AS SELECT r.value ->> 0 AS shape, b.base_us + (r.value ->> 1) AS event_us,
    b.base_us + (r.value ->> 2) AS start_us, r.value ->> 3 AS query_id, r.value ->> 4 AS written_rows,
    r.value ->> 5 AS written_bytes, r.value ->> 6 AS type, r.value ->> 7 AS query_kind, r.value ->> 8 AS query,
    r.value ->> 9 AS database, r.value ->> 10 AS "table", r.value ->> 11 AS exception_code, r.value ->> 12 AS exception,
    r.value ->> 13 AS log_comment
    FROM system.query_log_blocks b, json_each(b.data) r;

CREATE VIEW system.asynchronous_insert_log AS SELECT ${hostname} AS hostname,
    date(e.event_us / 1000000, 'unixepoch') AS event_date,
    datetime(e.event_us / 1000000, 'unixepoch') AS event_time,
    datetime(e.event_us / 1000000, 'unixepoch') || printf('.%06d', e.event_us % 1000000) AS event_time_microseconds,
    f.query AS query, f.database AS database, f."table" AS "table", f.format AS format, e.query_id AS query_id,
    e.bytes AS bytes, e.rows AS rows, CASE WHEN e.shape IS NULL THEN e.exception ELSE '' END AS exception,
    coalesce(s.status, e.status) AS status, coalesce(s.data_kind, e.data_kind) AS data_kind,
    -- An entry that failed parsing was never flushed: its flush time is 0, as in ClickHouse.
    datetime(CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us END / 1000000, 'unixepoch') AS flush_time,
    datetime(CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us END / 1000000, 'unixepoch')
        || printf('.%06d', CASE WHEN coalesce(s.status, e.status) = 'ParsingError' THEN 0 ELSE f.flush_us % 1000000 END)
        AS flush_time_microseconds,
    f.flush_query_id AS flush_query_id, f.timeout_milliseconds AS timeout_milliseconds,
    coalesce(s.log_comment, e.log_comment) AS log_comment
    FROM system.asynchronous_insert_log_block_rows e JOIN system.asynchronous_insert_log_flushes f ON e.flush_id = f.id
    LEFT JOIN system.log_shapes s ON s.id = e.shape;

CREATE TABLE IF NOT EXISTS system.part_log (hostname TEXT, query_id TEXT, event_type TEXT, event_date TEXT, event_time TEXT,
    event_time_microseconds TEXT, duration_ms INTEGER, database TEXT, "table" TEXT, part_name TEXT, rows INTEGER,
    size_in_bytes INTEGER, error INTEGER, exception TEXT);

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
    r.query_id AS query_id, coalesce(s.query, r.query) AS query,
    coalesce(s.database, r.database) AS database, coalesce(s."table", r."table") AS "table",
    r.written_rows AS written_rows, r.written_bytes AS written_bytes,
    CASE WHEN r.shape IS NULL THEN r.exception_code ELSE 0 END AS exception_code,
    CASE WHEN r.shape IS NULL THEN r.exception ELSE '' END AS exception,
    coalesce(s.log_comment, r.log_comment) AS log_comment
    FROM system.query_log_block_rows r LEFT JOIN system.log_shapes s ON s.id = r.shape);

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
    AND m.name NOT IN ('log_shapes', 'asynchronous_insert_log_flushes', 'asynchronous_insert_log_blocks',
    'asynchronous_insert_log_block_rows', 'query_log_blocks', 'query_log_block_rows');

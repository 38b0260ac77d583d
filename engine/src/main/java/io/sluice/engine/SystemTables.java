package io.sluice.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * Sluice's system tables, kept in SQLite (in memory unless {@code system_database_path} names a file)
 * and attached to one connection as the schema {@code system}, so they answer any SQLite SQL.
 *
 * <p>Log rows are collected in memory by the flush threads and written in batches: before every read (so
 * a reader always sees every log row of every completed INSERT), on {@code SYSTEM FLUSH LOGS}, and when
 * enough have gathered. Live tables ({@code asynchronous_inserts}, {@code settings}, {@code events},
 * {@code metrics}) are rebuilt when read. All access to the SQLite connection happens under one lock, so
 * a query's refresh and its result are consistent; results are copied out before the lock is released.
 */
public final class SystemTables implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SystemTables.class);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int BATCH_THRESHOLD = 10_000;

    /** What {@code system.asynchronous_insert_log} shows of one flush: the columns its entries share. */
    public record FlushLogRow(String flushQueryId, String query, String database, String table, String format, long flushMicros,
            long timeoutMillis, List<EntryLogRow> entries) {}

    /** What {@code system.asynchronous_insert_log} shows of one entry of a flush. */
    public record EntryLogRow(long eventMicros, String queryId, long bytes, long rows, String exception, String status, String dataKind,
            String logComment) {}

    /** One row of {@code system.part_log}. */
    public record PartLogRow(long eventMicros, String queryId, String database, String table, String partName, long rows, long sizeInBytes,
            long durationMillis, int error, String exception) {}

    /**
     * One row of {@code system.query_log}: a client statement when it ended, or a flush's start or end.
     *
     * @param type {@code QueryStart}, {@code QueryFinish}, {@code ExceptionBeforeStart} or {@code ExceptionWhileProcessing}
     * @param query the statement without its inline data
     * @param queryIsHead whether {@code query} is an INSERT's head as Sluice parsed it (one of few distinct texts, kept
     *     once in the log's dictionary) rather than a statement's own text (kept with its row)
     */
    public record QueryLogRow(String type, long eventMicros, long startMicros, String queryKind, String queryId, String query,
            boolean queryIsHead, String database, String table, long writtenRows, long writtenBytes, int exceptionCode,
            String exception, String logComment) {}

    /** An entry that failed at flush, kept in {@code system.asynchronous_insert_dead_letter} with its raw data. */
    public record DeadLetterRow(long eventMicros, String queryId, String flushQueryId, String database, String table, String format,
            String query, String data, long bytes, String status, String exception) {}

    /** A dead letter read back for a replay. */
    public record DeadLetter(long id, String database, String table, String format, String query, String data) {}

    /** One row of {@code system.asynchronous_inserts}. */
    public record PendingBufferRow(String query, String database, String table, String format, long firstUpdateMicros, long totalBytes,
            List<String> queryIds, List<Long> bytes) {}

    /** One row of {@code system.settings}. */
    public record SettingRow(String name, String value, boolean changed, String defaultValue, String type, String description) {}

    /** A row of a name/value/description table ({@code events}, {@code metrics}). */
    public record CounterRow(String name, long value, String description) {}

    /** One row of {@code system.plugins}. */
    public record PluginRow(String kind, String name, String version, String source, String description) {}

    /** What the live tables show at the moment of a read. */
    public interface LiveState {
        List<PendingBufferRow> pendingBuffers();

        /** What a durable buffer keeps on disk; empty for the memory buffer. */
        List<io.sluice.spi.StoredSegment> storedSegments();

        List<CounterRow> events();

        List<CounterRow> metrics();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final String hostname;
    private final long ttlMicros;
    private final long maxRows;
    private final long deadLetterMaxRows;
    private final long deadLetterMaxBytes;
    /** Most query-log and entry-log rows waiting to be written; beyond it new ones are dropped. */
    private final long maxQueuedRows;
    private final java.util.function.LongConsumer onLogRowsDropped;
    /** Query-log and entry-log rows waiting to be written (dead letters and part rows are never dropped). Under pendingLock. */
    private long queuedLogRows;
    /** Whether rows were dropped since the writer last took the pending rows. Under pendingLock. */
    private boolean dropping;
    private List<QueryLogRow> pendingQueries = new ArrayList<>();
    private List<DeadLetterRow> pendingDeadLetters = new ArrayList<>();
    private final java.util.function.LongConsumer onDeadLettersEvicted;
    private final Object pendingLock = new Object();
    private List<FlushLogRow> pendingFlushes = new ArrayList<>();
    private int pendingEntries;
    /** Whether a caller was already told to write the pending rows since they were last written. */
    private boolean writeRequested;
    private long nextFlushId;
    private List<PartLogRow> pendingParts = new ArrayList<>();
    private long lastTrimMicros = Long.MIN_VALUE;
    /** The two halves of the query id {@link QueryIds#parse} read last; used by the writer under the lock. */
    private final long[] halves = new long[2];
    /** The encoding of the entries and of the queries being written; used by the writer under the lock. */
    private final Encoded entryEncoding = new Encoded();
    private final Encoded queryEncoding = new Encoded();
    private boolean closed;
    private final LogShapes shapes = new LogShapes();
    private final LogRowWriter queriesWithShape;
    private final LogRowWriter queriesWithoutShape;
    private final LogRowWriter entriesWithShape;
    private final LogRowWriter entriesWithoutShape;

    SystemTables(String path, long ttlSeconds, long maxRows, long deadLetterMaxRows, long deadLetterMaxBytes, List<PluginRow> plugins,
            java.util.function.LongConsumer onDeadLettersEvicted) throws SQLException {
        this(path, ttlSeconds, maxRows, deadLetterMaxRows, deadLetterMaxBytes, Long.MAX_VALUE, plugins, onDeadLettersEvicted, dropped -> {});
    }

    /**
     * @param maxQueuedRows most query-log and entry-log rows waiting to be written ({@code system_log_max_size_rows})
     * @param onLogRowsDropped told how many such rows were dropped, each time some are
     */
    SystemTables(String path, long ttlSeconds, long maxRows, long deadLetterMaxRows, long deadLetterMaxBytes, long maxQueuedRows,
            List<PluginRow> plugins, java.util.function.LongConsumer onDeadLettersEvicted, java.util.function.LongConsumer onLogRowsDropped)
            throws SQLException {
        this.onDeadLettersEvicted = onDeadLettersEvicted;
        this.maxQueuedRows = maxQueuedRows;
        this.onLogRowsDropped = onLogRowsDropped;
        this.connection = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new java.util.Properties());
        this.hostname = hostname();
        this.ttlMicros = ttlSeconds * 1_000_000L;
        this.maxRows = maxRows;
        this.deadLetterMaxRows = deadLetterMaxRows;
        this.deadLetterMaxBytes = deadLetterMaxBytes;
        try (Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE '" + (path.isEmpty() ? ":memory:" : path.replace("'", "''")) + "' AS system");
            statement.execute("PRAGMA system.synchronous=OFF");
            // The logs are views over tables that hold times as integer microseconds, query ids of Sluice's form as two
            // integers (QueryIds) and the text that many rows repeat once, in system.log_shapes (LogShapes): writing
            // a row costs a few bound integers, and text is only made when read. A row with a shape holds only
            // what varies; a row without one holds every column as text, as rows written before shapes did.
            statement.execute(LogShapes.CREATE_TABLE);
            statement.execute("CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_flushes (id INTEGER PRIMARY KEY,"
                    + " flush_query_id TEXT, query TEXT, database TEXT, \"table\" TEXT, format TEXT, flush_us INTEGER,"
                    + " timeout_milliseconds INTEGER)");
            statement.execute("CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log_entries (flush_id INTEGER, event_us INTEGER,"
                    + " query_id TEXT, bytes INTEGER, rows INTEGER, exception TEXT, status TEXT, data_kind TEXT, log_comment TEXT,"
                    + " shape INTEGER, query_id_high INTEGER, query_id_low INTEGER)");
            addMissingColumns(statement, "asynchronous_insert_log_entries", "shape INTEGER", "query_id_high INTEGER", "query_id_low INTEGER");
            statement.execute("DROP VIEW IF EXISTS system.asynchronous_insert_log");
            statement.execute("CREATE VIEW system.asynchronous_insert_log AS SELECT '" + hostname.replace("'", "''") + "' AS hostname,"
                    + " date(e.event_us / 1000000, 'unixepoch') AS event_date,"
                    + " datetime(e.event_us / 1000000, 'unixepoch') AS event_time,"
                    + " datetime(e.event_us / 1000000, 'unixepoch') || printf('.%06d', e.event_us % 1000000) AS event_time_microseconds,"
                    + " f.query AS query, f.database AS database, f.\"table\" AS \"table\", f.format AS format, " + queryIdText("e") + " AS query_id,"
                    + " e.bytes AS bytes, e.rows AS rows, CASE WHEN e.shape IS NULL THEN e.exception ELSE '' END AS exception,"
                    + " coalesce(s.status, e.status) AS status, coalesce(s.data_kind, e.data_kind) AS data_kind,"
                    + " datetime(f.flush_us / 1000000, 'unixepoch') AS flush_time,"
                    + " datetime(f.flush_us / 1000000, 'unixepoch') || printf('.%06d', f.flush_us % 1000000) AS flush_time_microseconds,"
                    + " f.flush_query_id AS flush_query_id, f.timeout_milliseconds AS timeout_milliseconds,"
                    + " coalesce(s.log_comment, e.log_comment) AS log_comment"
                    + " FROM system.asynchronous_insert_log_entries e JOIN system.asynchronous_insert_log_flushes f ON e.flush_id = f.id"
                    + " LEFT JOIN system.log_shapes s ON s.id = e.shape");
            statement.execute("CREATE TABLE IF NOT EXISTS system.part_log (hostname TEXT, query_id TEXT, event_type TEXT, event_date TEXT,"
                    + " event_time TEXT, event_time_microseconds TEXT, duration_ms INTEGER, database TEXT, \"table\" TEXT,"
                    + " part_name TEXT, rows INTEGER, size_in_bytes INTEGER, error INTEGER, exception TEXT)");
            statement.execute("CREATE TABLE IF NOT EXISTS system.query_log_rows (type TEXT, event_us INTEGER, start_us INTEGER,"
                    + " query_kind TEXT, query_id TEXT, query TEXT, database TEXT, \"table\" TEXT, written_rows INTEGER,"
                    + " written_bytes INTEGER, exception_code INTEGER, exception TEXT, log_comment TEXT, shape INTEGER,"
                    + " query_id_high INTEGER, query_id_low INTEGER)");
            addMissingColumns(statement, "query_log_rows", "shape INTEGER", "query_id_high INTEGER", "query_id_low INTEGER");
            statement.execute("DROP VIEW IF EXISTS system.query_log");
            statement.execute("CREATE VIEW system.query_log AS SELECT '" + hostname.replace("'", "''") + "' AS hostname, type,"
                    + " date(event_us / 1000000, 'unixepoch') AS event_date,"
                    + " datetime(event_us / 1000000, 'unixepoch') AS event_time,"
                    + " datetime(event_us / 1000000, 'unixepoch') || printf('.%06d', event_us % 1000000) AS event_time_microseconds,"
                    + " datetime(start_us / 1000000, 'unixepoch') AS query_start_time,"
                    + " datetime(start_us / 1000000, 'unixepoch') || printf('.%06d', start_us % 1000000) AS query_start_time_microseconds,"
                    + " (event_us - start_us) / 1000 AS query_duration_ms, query_kind, query_id, query,"
                    + " CASE WHEN database = '' THEN '[]' ELSE json_array(database) END AS databases,"
                    + " CASE WHEN \"table\" = '' THEN '[]' ELSE json_array(database || '.' || \"table\") END AS tables,"
                    + " written_rows, written_bytes, exception_code, exception, log_comment FROM (SELECT coalesce(s.type, r.type) AS type,"
                    + " r.event_us AS event_us, r.start_us AS start_us, coalesce(s.query_kind, r.query_kind) AS query_kind,"
                    + " " + queryIdText("r") + " AS query_id, coalesce(s.query, r.query) AS query,"
                    + " coalesce(s.database, r.database) AS database, coalesce(s.\"table\", r.\"table\") AS \"table\","
                    + " r.written_rows AS written_rows, r.written_bytes AS written_bytes,"
                    + " CASE WHEN r.shape IS NULL THEN r.exception_code ELSE 0 END AS exception_code,"
                    + " CASE WHEN r.shape IS NULL THEN r.exception ELSE '' END AS exception,"
                    + " coalesce(s.log_comment, r.log_comment) AS log_comment"
                    + " FROM system.query_log_rows r LEFT JOIN system.log_shapes s ON s.id = r.shape)");
            statement.execute("CREATE TABLE IF NOT EXISTS system.asynchronous_insert_dead_letter (id INTEGER PRIMARY KEY,"
                    + " event_time TEXT, event_time_microseconds TEXT, query_id TEXT, flush_query_id TEXT, database TEXT, \"table\" TEXT,"
                    + " format TEXT, query TEXT, data TEXT, bytes INTEGER, status TEXT, exception TEXT, replay_attempts INTEGER,"
                    + " last_replay_time TEXT, last_replay_exception TEXT)");
            statement.execute("DROP TABLE IF EXISTS system.asynchronous_insert_wal");
            statement.execute("CREATE TABLE system.asynchronous_insert_wal (segment TEXT, entries INTEGER, bytes INTEGER,"
                    + " oldest_entry TEXT, active INTEGER)");
            statement.execute("DROP TABLE IF EXISTS system.asynchronous_inserts");
            statement.execute("CREATE TABLE system.asynchronous_inserts (query TEXT, database TEXT, \"table\" TEXT, format TEXT,"
                    + " first_update TEXT, total_bytes INTEGER, \"entries.query_id\" TEXT, \"entries.bytes\" TEXT)");
            statement.execute("DROP TABLE IF EXISTS system.settings");
            statement.execute("CREATE TABLE system.settings (name TEXT, value TEXT, changed INTEGER, \"default\" TEXT, type TEXT,"
                    + " description TEXT)");
            statement.execute("DROP TABLE IF EXISTS system.events");
            statement.execute("CREATE TABLE system.events (event TEXT, value INTEGER, description TEXT)");
            statement.execute("DROP TABLE IF EXISTS system.metrics");
            statement.execute("CREATE TABLE system.metrics (metric TEXT, value INTEGER, description TEXT)");
            statement.execute("DROP TABLE IF EXISTS system.plugins");
            statement.execute("CREATE TABLE system.plugins (kind TEXT, name TEXT, version TEXT, source TEXT, description TEXT)");
            try (ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM system.asynchronous_insert_log_flushes")) {
                nextFlushId = max.next() ? max.getLong(1) + 1 : 1;
            }
        }
        shapes.load(connection);
        queriesWithShape = new LogRowWriter(connection, "system.query_log_rows",
                "shape, event_us, start_us, query_id, query_id_high, query_id_low, written_rows, written_bytes");
        queriesWithoutShape = new LogRowWriter(connection, "system.query_log_rows", "type, event_us, start_us, query_kind, query_id,"
                + " query_id_high, query_id_low, query, database, \"table\", written_rows, written_bytes, exception_code, exception, log_comment");
        entriesWithShape = new LogRowWriter(connection, "system.asynchronous_insert_log_entries",
                "flush_id, event_us, query_id, query_id_high, query_id_low, bytes, rows, shape");
        entriesWithoutShape = new LogRowWriter(connection, "system.asynchronous_insert_log_entries",
                "flush_id, event_us, query_id, query_id_high, query_id_low, bytes, rows, exception, status, data_kind, log_comment");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.plugins VALUES (?, ?, ?, ?, ?)")) {
            for (PluginRow plugin : plugins) {
                insert.setString(1, plugin.kind());
                insert.setString(2, plugin.name());
                insert.setString(3, plugin.version());
                insert.setString(4, plugin.source());
                insert.setString(5, plugin.description());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Queues log rows; they become visible to every read that starts after this returns.
     *
     * @return whether enough rows have gathered that the caller should write them soon
     */
    public boolean log(/* nullable */ FlushLogRow flush, List<PartLogRow> parts, List<QueryLogRow> queries, List<DeadLetterRow> deadLetters) {
        long dropped = 0;
        boolean request;
        synchronized (pendingLock) {
            if (flush != null) {
                if (admit(flush.entries().size())) {
                    pendingFlushes.add(flush);
                    pendingEntries += flush.entries().size();
                } else {
                    dropped += flush.entries().size();
                }
            }
            if (admit(queries.size())) {
                pendingQueries.addAll(queries);
                pendingEntries += queries.size();
            } else {
                dropped += queries.size();
            }
            // Dead letters are data, and part rows are one per write: never dropped.
            pendingEntries += deadLetters.size();
            pendingParts.addAll(parts);
            pendingDeadLetters.addAll(deadLetters);
            request = requestWrite();
        }
        reportDropped(dropped);
        return request;
    }

    /**
     * Whether {@code rows} more query-log or entry-log rows fit under {@link #maxQueuedRows}; if so they are counted
     * as queued. Call under pendingLock.
     */
    private boolean admit(int rows) {
        if (rows == 0) {
            return true;
        }
        if (queuedLogRows + rows > maxQueuedRows) {
            if (!dropping) {
                dropping = true;
                log.warn("Sluice's system log writer is {} rows behind (system_log_max_size_rows): rows of system.query_log and"
                        + " system.asynchronous_insert_log are dropped until it catches up", queuedLogRows);
            }
            return false;
        }
        queuedLogRows += rows;
        return true;
    }

    private void reportDropped(long dropped) {
        if (dropped > 0) {
            onLogRowsDropped.accept(dropped);
        }
    }

    /**
     * Queues one {@code system.query_log} row.
     *
     * @return whether enough rows have gathered that the caller should write them soon
     */
    public boolean logQuery(QueryLogRow row) {
        synchronized (pendingLock) {
            if (admit(1)) {
                pendingQueries.add(row);
                pendingEntries++;
                return requestWrite();
            }
        }
        reportDropped(1);
        return false;
    }

    /** The dead letters of one table ({@code null}: of every table), oldest first, after writing pending ones. */
    public List<DeadLetter> deadLetters(String database, String table) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            writePending();
            String sql = "SELECT id, database, \"table\", format, query, data FROM system.asynchronous_insert_dead_letter"
                    + (table == null ? "" : " WHERE database = ? AND \"table\" = ?") + " ORDER BY id";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (table != null) {
                    select.setString(1, database);
                    select.setString(2, table);
                }
                List<DeadLetter> letters = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        letters.add(new DeadLetter(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                                rows.getString(6)));
                    }
                }
                return letters;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records a replay's outcome: a written dead letter goes, a failed one keeps the new error. */
    public void replayed(long id, long nowMicros, String error) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            if (error == null) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM system.asynchronous_insert_dead_letter WHERE id = ?")) {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                }
                return;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE system.asynchronous_insert_dead_letter SET"
                    + " replay_attempts = replay_attempts + 1, last_replay_time = ?, last_replay_exception = ? WHERE id = ?")) {
                update.setString(1, MICROS.format(instant(nowMicros)));
                update.setString(2, error);
                update.setLong(3, id);
                update.executeUpdate();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The system tables are closed", "08003");
        }
    }

    /**
     * Whether the pending rows just reached the batch size and nobody was asked to write them yet: true
     * once per batch, so writers are not woken again by every row that follows. Call under pendingLock.
     */
    private boolean requestWrite() {
        if (pendingEntries < BATCH_THRESHOLD || writeRequested) {
            return false;
        }
        writeRequested = true;
        return true;
    }

    /** Writes every queued log row ({@code SYSTEM FLUSH LOGS}) and trims the logs to their bounds. */
    public void flushLogs(long nowMicros) throws SQLException {
        lock.lock();
        try {
            writePending();
            if (lastTrimMicros == Long.MIN_VALUE || nowMicros - lastTrimMicros > 60_000_000L) {
                trim(nowMicros);
                lastTrimMicros = nowMicros;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a query on the system tables after bringing them up to date, and returns its rows detached from
     * the database.
     *
     * @param settings the reading session's settings, for {@code system.settings}
     * @param query runs the caller's statement on the connection and returns its result set (or null)
     */
    public <T> T read(LiveState live, List<SettingRow> settings, long nowMicros, SqlFunction<Connection, T> query) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            writePending();
            refresh(live, settings);
            return query.apply(connection);
        } finally {
            lock.unlock();
        }
    }

    /** A JDBC step that may fail. */
    @FunctionalInterface
    public interface SqlFunction<A, R> {
        R apply(A argument) throws SQLException;
    }

    /** Copies a result set so it can be read after the system lock is released. */
    static CachedRowSet detach(ResultSet rows) throws SQLException {
        CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
        copy.populate(rows);
        rows.close();
        return copy;
    }

    private void writePending() throws SQLException {
        List<FlushLogRow> flushes;
        List<PartLogRow> parts;
        List<QueryLogRow> queries;
        List<DeadLetterRow> deadLetters;
        synchronized (pendingLock) {
            if (pendingFlushes.isEmpty() && pendingParts.isEmpty() && pendingQueries.isEmpty() && pendingDeadLetters.isEmpty()) {
                return;
            }
            flushes = pendingFlushes;
            parts = pendingParts;
            queries = pendingQueries;
            deadLetters = pendingDeadLetters;
            pendingFlushes = new ArrayList<>();
            pendingParts = new ArrayList<>();
            // Sized like the last batch (the next one is likely as large, and growing a long list step by step
            // copies it over and over), but not like a backlog's.
            pendingQueries = new ArrayList<>(Math.min(queries.size(), Encoded.KEPT_ROWS));
            pendingDeadLetters = new ArrayList<>();
            pendingEntries = 0;
            queuedLogRows = 0;
            dropping = false;
            writeRequested = false;
        }
        long firstFlushId = nextFlushId;
        connection.setAutoCommit(false);
        try {
            int entryCount = countEntries(flushes);
            List<EntryLogRow> entries = new ArrayList<>(entryCount);
            // One boxed id per flush, shared by its entries' rows.
            Long[] entryFlushIds = new Long[entryCount];
            try (PreparedStatement flushInsert = connection.prepareStatement(
                    "INSERT INTO system.asynchronous_insert_log_flushes VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (FlushLogRow flush : flushes) {
                    long id = nextFlushId++;
                    flushInsert.setLong(1, id);
                    flushInsert.setString(2, flush.flushQueryId());
                    flushInsert.setString(3, flush.query());
                    flushInsert.setString(4, flush.database());
                    flushInsert.setString(5, flush.table());
                    flushInsert.setString(6, flush.format());
                    flushInsert.setLong(7, flush.flushMicros());
                    flushInsert.setLong(8, flush.timeoutMillis());
                    flushInsert.addBatch();
                    Long boxedId = id;
                    for (EntryLogRow entry : flush.entries()) {
                        entryFlushIds[entries.size()] = boxedId;
                        entries.add(entry);
                    }
                }
                if (!flushes.isEmpty()) {
                    flushInsert.executeBatch();
                }
            }
            Encoded encodedEntries = encodeEntries(entries);
            Encoded encodedQueries = encodeQueries(queries);
            // The new shapes first: the rows name them.
            shapes.writeNew(connection);
            writeEntries(entries, entryFlushIds, encodedEntries);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO system.part_log VALUES (?, ?, 'NewPart', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (PartLogRow row : parts) {
                    Instant event = instant(row.eventMicros());
                    insert.setString(1, hostname);
                    insert.setString(2, row.queryId());
                    insert.setString(3, DATE.format(event));
                    insert.setString(4, SECONDS.format(event));
                    insert.setString(5, MICROS.format(event));
                    insert.setLong(6, row.durationMillis());
                    insert.setString(7, row.database());
                    insert.setString(8, row.table());
                    insert.setString(9, row.partName());
                    insert.setLong(10, row.rows());
                    insert.setLong(11, row.sizeInBytes());
                    insert.setInt(12, row.error());
                    insert.setString(13, row.exception());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            writeQueries(queries, encodedQueries);
            if (!deadLetters.isEmpty()) {
                writeDeadLetters(deadLetters);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            shapes.forgetNew();
            nextFlushId = firstFlushId;
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Log rows ready to write: per row, the id of its shape in {@link LogShapes} (0: none, the row is written
     * with all its columns) and whether its query id is a UUID, kept as the two integers {@code high} and
     * {@code low}. The arrays are reused from one write to the next (the writer holds the lock), up to
     * {@link #KEPT_ROWS} rows; a larger backlog gets arrays of its own.
     */
    private static final class Encoded {
        static final int KEPT_ROWS = 1 << 16;

        int rows;
        long[] shape = new long[0];
        boolean[] uuid = new boolean[0];
        long[] high = new long[0];
        long[] low = new long[0];

        /** Readies the arrays for {@code count} rows, none with a shape or a UUID yet. */
        Encoded reset(int count) {
            rows = count;
            if (count > shape.length || shape.length > KEPT_ROWS) {
                int size = count > KEPT_ROWS ? count : Math.min(KEPT_ROWS, Math.max(count, 2 * shape.length));
                shape = new long[size];
                uuid = new boolean[size];
                high = new long[size];
                low = new long[size];
            } else {
                Arrays.fill(shape, 0, count, 0L);
                Arrays.fill(uuid, 0, count, false);
            }
            return this;
        }

        void queryId(int row, String queryId, long[] halves) {
            if (QueryIds.parse(queryId, halves)) {
                uuid[row] = true;
                high[row] = halves[0];
                low[row] = halves[1];
            }
        }

        /** Binds a row's query id to the columns query_id, query_id_high, query_id_low from {@code parameter}. */
        void bindQueryId(PreparedStatement statement, int parameter, int row, String queryId) throws SQLException {
            if (uuid[row]) {
                statement.setNull(parameter, Types.VARCHAR);
                bindLong(statement, parameter + 1, high[row]);
                bindLong(statement, parameter + 2, low[row]);
            } else {
                statement.setString(parameter, queryId);
                statement.setNull(parameter + 1, Types.BIGINT);
                statement.setNull(parameter + 2, Types.BIGINT);
            }
        }

        /** Writes the rows in their order, each run of rows with a shape and each run without one by its own writer. */
        void write(LogRowWriter withShape, LogRowWriter.Binder shaped, LogRowWriter withoutShape, LogRowWriter.Binder unshaped)
                throws SQLException {
            int from = 0;
            while (from < rows) {
                boolean hasShape = shape[from] != 0;
                int to = from + 1;
                while (to < rows && (shape[to] != 0) == hasShape) {
                    to++;
                }
                if (hasShape) {
                    withShape.write(from, to, shaped);
                } else {
                    withoutShape.write(from, to, unshaped);
                }
                from = to;
            }
        }
    }

    /**
     * Binds a number to a statement of the system database (SQLite): sqlite-jdbc's setLong boxes every value
     * anew, while setObject keeps the object it is given, here from the Long cache when the value is small.
     */
    private static void bindLong(PreparedStatement statement, int parameter, long value) throws SQLException {
        statement.setObject(parameter, Long.valueOf(value));
    }

    private static int countEntries(List<FlushLogRow> flushes) {
        int count = 0;
        for (FlushLogRow flush : flushes) {
            count += flush.entries().size();
        }
        return count;
    }

    /** A shape for entries without an exception; an exception's message is the entry's own. */
    private Encoded encodeEntries(List<EntryLogRow> entries) {
        Encoded encoded = entryEncoding.reset(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            EntryLogRow entry = entries.get(i);
            encoded.queryId(i, entry.queryId(), halves);
            if ("".equals(entry.exception()) && entry.status() != null && entry.dataKind() != null && entry.logComment() != null) {
                encoded.shape[i] = shapes.entryShape(entry.status(), entry.dataKind(), entry.logComment());
            }
        }
        return encoded;
    }

    /** A shape for rows of an INSERT's head without an exception; any other statement's text is the row's own. */
    private Encoded encodeQueries(List<QueryLogRow> queries) {
        Encoded encoded = queryEncoding.reset(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            QueryLogRow row = queries.get(i);
            encoded.queryId(i, row.queryId(), halves);
            if (row.queryIsHead() && row.exceptionCode() == 0 && "".equals(row.exception()) && row.type() != null && row.queryKind() != null
                    && row.query() != null && row.database() != null && row.table() != null && row.logComment() != null) {
                encoded.shape[i] = shapes.queryShape(row.type(), row.queryKind(), row.query(), row.database(), row.table(),
                        row.logComment());
            }
        }
        return encoded;
    }

    private void writeEntries(List<EntryLogRow> entries, Long[] flushIds, Encoded encoded) throws SQLException {
        encoded.write(entriesWithShape, (statement, parameter, i) -> {
            EntryLogRow entry = entries.get(i);
            statement.setObject(parameter + 1, flushIds[i]);
            bindLong(statement, parameter + 2, entry.eventMicros());
            encoded.bindQueryId(statement, parameter + 3, i, entry.queryId());
            bindLong(statement, parameter + 6, entry.bytes());
            bindLong(statement, parameter + 7, entry.rows());
            bindLong(statement, parameter + 8, encoded.shape[i]);
        }, entriesWithoutShape, (statement, parameter, i) -> {
            EntryLogRow entry = entries.get(i);
            statement.setObject(parameter + 1, flushIds[i]);
            bindLong(statement, parameter + 2, entry.eventMicros());
            encoded.bindQueryId(statement, parameter + 3, i, entry.queryId());
            bindLong(statement, parameter + 6, entry.bytes());
            bindLong(statement, parameter + 7, entry.rows());
            statement.setString(parameter + 8, entry.exception());
            statement.setString(parameter + 9, entry.status());
            statement.setString(parameter + 10, entry.dataKind());
            statement.setString(parameter + 11, entry.logComment());
        });
    }

    private void writeQueries(List<QueryLogRow> queries, Encoded encoded) throws SQLException {
        encoded.write(queriesWithShape, (statement, parameter, i) -> {
            QueryLogRow row = queries.get(i);
            bindLong(statement, parameter + 1, encoded.shape[i]);
            bindLong(statement, parameter + 2, row.eventMicros());
            bindLong(statement, parameter + 3, row.startMicros());
            encoded.bindQueryId(statement, parameter + 4, i, row.queryId());
            bindLong(statement, parameter + 7, row.writtenRows());
            bindLong(statement, parameter + 8, row.writtenBytes());
        }, queriesWithoutShape, (statement, parameter, i) -> {
            QueryLogRow row = queries.get(i);
            statement.setString(parameter + 1, row.type());
            bindLong(statement, parameter + 2, row.eventMicros());
            bindLong(statement, parameter + 3, row.startMicros());
            statement.setString(parameter + 4, row.queryKind());
            encoded.bindQueryId(statement, parameter + 5, i, row.queryId());
            statement.setString(parameter + 8, row.query());
            statement.setString(parameter + 9, row.database());
            statement.setString(parameter + 10, row.table());
            bindLong(statement, parameter + 11, row.writtenRows());
            bindLong(statement, parameter + 12, row.writtenBytes());
            statement.setObject(parameter + 13, row.exceptionCode());
            statement.setString(parameter + 14, row.exception());
            statement.setString(parameter + 15, row.logComment());
        });
    }

    /** Writes dead letters, then pushes out the oldest beyond the row and byte bounds. */
    private void writeDeadLetters(List<DeadLetterRow> deadLetters) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.asynchronous_insert_dead_letter (event_time,"
                + " event_time_microseconds, query_id, flush_query_id, database, \"table\", format, query, data, bytes, status, exception,"
                + " replay_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            for (DeadLetterRow row : deadLetters) {
                Instant event = instant(row.eventMicros());
                insert.setString(1, SECONDS.format(event));
                insert.setString(2, MICROS.format(event));
                insert.setString(3, row.queryId());
                insert.setString(4, row.flushQueryId());
                insert.setString(5, row.database());
                insert.setString(6, row.table());
                insert.setString(7, row.format());
                insert.setString(8, row.query());
                insert.setString(9, row.data());
                insert.setLong(10, row.bytes());
                insert.setString(11, row.status());
                insert.setString(12, row.exception());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        int evicted;
        try (Statement statement = connection.createStatement()) {
            evicted = statement.executeUpdate("DELETE FROM system.asynchronous_insert_dead_letter WHERE id <= (SELECT max(id) FROM"
                    + " system.asynchronous_insert_dead_letter) - " + deadLetterMaxRows);
            evicted += statement.executeUpdate("DELETE FROM system.asynchronous_insert_dead_letter WHERE id <= (SELECT id FROM"
                    + " (SELECT id, sum(bytes) OVER (ORDER BY id DESC) AS newer FROM system.asynchronous_insert_dead_letter)"
                    + " WHERE newer > " + deadLetterMaxBytes + " ORDER BY id DESC LIMIT 1)");
        }
        if (evicted > 0) {
            onDeadLettersEvicted.accept(evicted);
        }
    }

    private void trim(long nowMicros) throws SQLException {
        long cutoffMicros = nowMicros - ttlMicros;
        String cutoff = MICROS.format(instant(cutoffMicros));
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system.asynchronous_insert_log_entries WHERE event_us < " + cutoffMicros);
            statement.execute("DELETE FROM system.asynchronous_insert_log_entries WHERE rowid <= (SELECT max(rowid) FROM"
                    + " system.asynchronous_insert_log_entries) - " + maxRows);
            statement.execute("DELETE FROM system.asynchronous_insert_log_flushes WHERE id < (SELECT coalesce(min(flush_id), "
                    + Long.MAX_VALUE + ") FROM system.asynchronous_insert_log_entries)");
            statement.execute("DELETE FROM system.part_log WHERE event_time_microseconds < '" + cutoff + "'");
            statement.execute("DELETE FROM system.part_log WHERE rowid <= (SELECT max(rowid) FROM system.part_log) - " + maxRows);
            statement.execute("DELETE FROM system.query_log_rows WHERE event_us < " + cutoffMicros);
            statement.execute("DELETE FROM system.query_log_rows WHERE rowid <= (SELECT max(rowid) FROM system.query_log_rows) - " + maxRows);
        }
        shapes.collect(connection, "system.query_log_rows", "system.asynchronous_insert_log_entries");
    }

    /** Adds the columns that a system database file written by an earlier Sluice lacks; its rows keep NULL in them. */
    private static void addMissingColumns(Statement statement, String table, String... columns) throws SQLException {
        java.util.Set<String> present = new java.util.HashSet<>();
        try (ResultSet info = statement.executeQuery("PRAGMA system.table_info(" + table + ")")) {
            while (info.next()) {
                present.add(info.getString("name"));
            }
        }
        for (String column : columns) {
            if (!present.contains(column.substring(0, column.indexOf(' ')))) {
                statement.execute("ALTER TABLE system." + table + " ADD COLUMN " + column);
            }
        }
    }

    /** The text of a log table's query id: the {@code query_id} column, or the UUID its two integer columns hold. */
    private static String queryIdText(String alias) {
        return "CASE WHEN " + alias + ".query_id_low IS NULL THEN " + alias + ".query_id ELSE "
                + QueryIds.sqlText(alias + ".query_id_high", alias + ".query_id_low") + " END";
    }

    private void refresh(LiveState live, List<SettingRow> settings) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system.asynchronous_inserts");
            statement.execute("DELETE FROM system.settings");
            statement.execute("DELETE FROM system.events");
            statement.execute("DELETE FROM system.metrics");
            statement.execute("DELETE FROM system.asynchronous_insert_wal");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.asynchronous_insert_wal VALUES (?, ?, ?, ?, ?)")) {
                for (io.sluice.spi.StoredSegment segment : live.storedSegments()) {
                    insert.setString(1, segment.name());
                    insert.setLong(2, segment.entries());
                    insert.setLong(3, segment.bytes());
                    insert.setString(4, segment.oldestEntryEpochMicros() == 0 ? null : MICROS.format(instant(segment.oldestEntryEpochMicros())));
                    insert.setInt(5, segment.active() ? 1 : 0);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.asynchronous_inserts VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (PendingBufferRow row : live.pendingBuffers()) {
                    insert.setString(1, row.query());
                    insert.setString(2, row.database());
                    insert.setString(3, row.table());
                    insert.setString(4, row.format());
                    insert.setString(5, MICROS.format(instant(row.firstUpdateMicros())));
                    insert.setLong(6, row.totalBytes());
                    insert.setString(7, jsonStrings(row.queryIds()));
                    insert.setString(8, row.bytes().toString().replace(" ", ""));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.settings VALUES (?, ?, ?, ?, ?, ?)")) {
                for (SettingRow row : settings) {
                    insert.setString(1, row.name());
                    insert.setString(2, row.value());
                    insert.setInt(3, row.changed() ? 1 : 0);
                    insert.setString(4, row.defaultValue());
                    insert.setString(5, row.type());
                    insert.setString(6, row.description());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            insertCounters("events", live.events());
            insertCounters("metrics", live.metrics());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void insertCounters(String table, List<CounterRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system." + table + " VALUES (?, ?, ?)")) {
            for (CounterRow row : rows) {
                insert.setString(1, row.name());
                insert.setLong(2, row.value());
                insert.setString(3, row.description());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String jsonStrings(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return json.append(']').toString();
    }

    private static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                writePending();
            } catch (SQLException ignored) {
                // Closing anyway: log rows of an in-memory system database die with it.
            }
            closed = true;
            try (queriesWithShape; queriesWithoutShape; entriesWithShape; entriesWithoutShape) {
                // Each writer's statements close here, before their connection.
            } catch (SQLException ignored) {
                // The connection closes anyway.
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is unusable either way.
            }
        } finally {
            lock.unlock();
        }
    }
}

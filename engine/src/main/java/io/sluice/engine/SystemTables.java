package io.sluice.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
final class SystemTables implements AutoCloseable {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int BATCH_THRESHOLD = 10_000;

    /** One row of {@code system.asynchronous_insert_log}. */
    record InsertLogRow(long eventMicros, String query, String database, String table, String format, String queryId, long bytes,
            long rows, String exception, String status, String dataKind, long flushMicros, String flushQueryId,
            long timeoutMillis, String logComment) {}

    /** One row of {@code system.part_log}. */
    record PartLogRow(long eventMicros, String queryId, String database, String table, String partName, long rows, long sizeInBytes,
            long durationMillis, int error, String exception) {}

    /** One row of {@code system.asynchronous_inserts}. */
    record PendingBufferRow(String query, String database, String table, String format, long firstUpdateMicros, long totalBytes,
            List<String> queryIds, List<Long> bytes) {}

    /** One row of {@code system.settings}. */
    record SettingRow(String name, String value, boolean changed, String defaultValue, String type, String description) {}

    /** A row of a name/value/description table ({@code events}, {@code metrics}). */
    record CounterRow(String name, long value, String description) {}

    /** One row of {@code system.plugins}. */
    record PluginRow(String kind, String name, String version, String source, String description) {}

    /** What the live tables show at the moment of a read. */
    interface LiveState {
        List<PendingBufferRow> pendingBuffers();

        List<CounterRow> events();

        List<CounterRow> metrics();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final String hostname;
    private final long ttlMicros;
    private final long maxRows;
    private final Object pendingLock = new Object();
    private List<InsertLogRow> pendingInserts = new ArrayList<>();
    private List<PartLogRow> pendingParts = new ArrayList<>();
    private long lastTrimMicros = Long.MIN_VALUE;
    private boolean closed;

    SystemTables(String path, long ttlSeconds, long maxRows, List<PluginRow> plugins) throws SQLException {
        this.connection = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new java.util.Properties());
        this.hostname = hostname();
        this.ttlMicros = ttlSeconds * 1_000_000L;
        this.maxRows = maxRows;
        try (Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE '" + (path.isEmpty() ? ":memory:" : path.replace("'", "''")) + "' AS system");
            statement.execute("PRAGMA system.synchronous=OFF");
            statement.execute("CREATE TABLE IF NOT EXISTS system.asynchronous_insert_log (hostname TEXT, event_date TEXT, event_time TEXT,"
                    + " event_time_microseconds TEXT, query TEXT, database TEXT, \"table\" TEXT, format TEXT, query_id TEXT,"
                    + " bytes INTEGER, rows INTEGER, exception TEXT, status TEXT, data_kind TEXT, flush_time TEXT,"
                    + " flush_time_microseconds TEXT, flush_query_id TEXT, timeout_milliseconds INTEGER, log_comment TEXT)");
            statement.execute("CREATE TABLE IF NOT EXISTS system.part_log (hostname TEXT, query_id TEXT, event_type TEXT, event_date TEXT,"
                    + " event_time TEXT, event_time_microseconds TEXT, duration_ms INTEGER, database TEXT, \"table\" TEXT,"
                    + " part_name TEXT, rows INTEGER, size_in_bytes INTEGER, error INTEGER, exception TEXT)");
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
        }
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
    boolean log(List<InsertLogRow> inserts, List<PartLogRow> parts) {
        synchronized (pendingLock) {
            pendingInserts.addAll(inserts);
            pendingParts.addAll(parts);
            return pendingInserts.size() >= BATCH_THRESHOLD;
        }
    }

    /** Writes every queued log row ({@code SYSTEM FLUSH LOGS}) and trims the logs to their bounds. */
    void flushLogs(long nowMicros) throws SQLException {
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
    <T> T read(LiveState live, List<SettingRow> settings, long nowMicros, SqlFunction<Connection, T> query) throws SQLException {
        lock.lock();
        try {
            if (closed) {
                throw new SQLException("The system tables are closed", "08003");
            }
            writePending();
            refresh(live, settings);
            return query.apply(connection);
        } finally {
            lock.unlock();
        }
    }

    /** A JDBC step that may fail. */
    @FunctionalInterface
    interface SqlFunction<A, R> {
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
        List<InsertLogRow> inserts;
        List<PartLogRow> parts;
        synchronized (pendingLock) {
            if (pendingInserts.isEmpty() && pendingParts.isEmpty()) {
                return;
            }
            inserts = pendingInserts;
            parts = pendingParts;
            pendingInserts = new ArrayList<>();
            pendingParts = new ArrayList<>();
        }
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO system.asynchronous_insert_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (InsertLogRow row : inserts) {
                    Instant event = instant(row.eventMicros());
                    insert.setString(1, hostname);
                    insert.setString(2, DATE.format(event));
                    insert.setString(3, SECONDS.format(event));
                    insert.setString(4, MICROS.format(event));
                    insert.setString(5, row.query());
                    insert.setString(6, row.database());
                    insert.setString(7, row.table());
                    insert.setString(8, row.format());
                    insert.setString(9, row.queryId());
                    insert.setLong(10, row.bytes());
                    insert.setLong(11, row.rows());
                    insert.setString(12, row.exception());
                    insert.setString(13, row.status());
                    insert.setString(14, row.dataKind());
                    Instant flush = instant(row.flushMicros());
                    insert.setString(15, SECONDS.format(flush));
                    insert.setString(16, MICROS.format(flush));
                    insert.setString(17, row.flushQueryId());
                    insert.setLong(18, row.timeoutMillis());
                    insert.setString(19, row.logComment());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
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
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void trim(long nowMicros) throws SQLException {
        String cutoff = MICROS.format(instant(nowMicros - ttlMicros));
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("asynchronous_insert_log", "part_log")) {
                statement.execute("DELETE FROM system." + table + " WHERE event_time_microseconds < '" + cutoff + "'");
                statement.execute("DELETE FROM system." + table + " WHERE rowid <= (SELECT max(rowid) FROM system." + table + ") - " + maxRows);
            }
        }
    }

    private void refresh(LiveState live, List<SettingRow> settings) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system.asynchronous_inserts");
            statement.execute("DELETE FROM system.settings");
            statement.execute("DELETE FROM system.events");
            statement.execute("DELETE FROM system.metrics");
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

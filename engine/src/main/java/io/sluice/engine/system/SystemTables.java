package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * Sluice's system tables, kept in SQLite (in memory unless {@code system_database_path} names a file)
 * and attached to one connection as the schema {@code system}, so they answer any SQLite SQL. What the
 * engine calls: queue log rows, write them, read and mark dead letters, and run a query.
 *
 * <p>Log rows are queued in memory ({@link LogQueue}) by flush threads and sessions and written in batches
 * ({@link LogWriter}): before every read (so a reader always sees every log row of every completed
 * INSERT), on {@code SYSTEM FLUSH LOGS}, and when enough have gathered. A live table ({@link LiveTable})
 * is rebuilt by a read that names it, and only then: a query on the logs gathers no live state, and so
 * takes no key lock. All access to the SQLite connection happens under one lock, so a query's refresh
 * and its result are consistent; results are copied out before the lock is released. Thread-safe.
 */
public final class SystemTables implements AutoCloseable {
    /** What {@code system.asynchronous_insert_log} shows of one flush: the columns its entries share. */
    public record FlushLogRow(String flushQueryId, String query, String database, String table, String format, long flushMicros,
            long timeoutMillis, List<EntryLogRow> entries) {}

    /**
     * What {@code system.asynchronous_insert_log} shows of one entry of a flush.
     *
     * @param uuidId whether the buffer gave the query id as a UUID's halves, {@code idHigh} and {@code idLow}, which
     *     then are what the log keeps; otherwise the log reads {@code queryId}
     */
    public record EntryLogRow(long eventMicros, String queryId, long bytes, long rows, String exception, String status, String dataKind,
            String logComment, boolean uuidId, long idHigh, long idLow) {
        /** An entry whose query id the log reads from its text. */
        public EntryLogRow(long eventMicros, String queryId, long bytes, long rows, String exception, String status, String dataKind,
                String logComment) {
            this(eventMicros, queryId, bytes, rows, exception, status, dataKind, logComment, false, 0, 0);
        }
    }

    /**
     * The entries of one flush for {@code system.asynchronous_insert_log}, read where the flush keeps them, once, when
     * they are queued: no row object is made per entry. Indexes run from 0 to {@link #size()}.
     */
    public interface EntryLogSource {
        int size();

        long eventMicros(int entry);

        String queryId(int entry);

        /** Whether the query id is known as a UUID's halves, {@link #idHigh} and {@link #idLow}. */
        boolean uuidId(int entry);

        long idHigh(int entry);

        long idLow(int entry);

        long bytes(int entry);

        long rows(int entry);

        /** The entry's error, or "" for none. */
        String exception(int entry);

        String status(int entry);

        String dataKind(int entry);

        String logComment(int entry);

        /** The entry as a row, for the few the queue keeps whole. */
        default EntryLogRow row(int entry) {
            return new EntryLogRow(eventMicros(entry), queryId(entry), bytes(entry), rows(entry), exception(entry), status(entry),
                    dataKind(entry), logComment(entry), uuidId(entry), idHigh(entry), idLow(entry));
        }
    }

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
            String query, String data, long bytes, String status, String exception, List<String> columns) {}

    /**
     * A dead letter read back for a replay: the structured fields an INSERT is rebuilt from, never its stored text.
     *
     * @param columns the columns its data fills, or {@code null} when the row does not say (kept by an earlier version)
     */
    public record DeadLetter(long id, String database, String table, String format, /* nullable */ List<String> columns, String data) {}

    /** One row of {@code system.asynchronous_inserts}. */
    public record PendingBufferRow(String query, String database, String table, String format, long firstUpdateMicros, long totalBytes,
            List<String> queryIds, List<Long> bytes) {}

    /** One row of {@code system.settings}. */
    public record SettingRow(String name, String value, boolean changed, String defaultValue, String type, String description) {}

    /** A row of a name/value/description table ({@code events}, {@code metrics}). */
    public record CounterRow(String name, long value, String description) {}

    /** One row of {@code system.plugins}. */
    public record PluginRow(String kind, String name, String version, String source, String description) {}

    /** What the engine's live tables show at the moment of a read; each method is called only for the table that shows it. */
    public interface LiveState {
        /** For {@code asynchronous_inserts}; may take every key's lock. */
        List<PendingBufferRow> pendingBuffers();

        /** What a durable buffer keeps on disk ({@code asynchronous_insert_wal}); empty for the memory buffer. */
        List<io.sluice.spi.StoredSegment> storedSegments();

        List<CounterRow> events();

        List<CounterRow> metrics();
    }

    /** A JDBC step that may fail. */
    @FunctionalInterface
    public interface SqlFunction<A, R> {
        R apply(A argument) throws SQLException;
    }

    /** The live tables, each rebuilt only by a read that names it. */
    private static final List<LiveTable<?>> LIVE_TABLES = List.of(new AsynchronousInsertsTable(), new AsynchronousInsertWalTable(),
            new SettingsTable(), new EventsTable(), new MetricsTable());

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final LogQueue queue;
    private final DeadLetterStore deadLetters;
    private final LogWriter writer;
    private final MetricLog metricLog = new MetricLog();
    private final long ttlMicros;
    private final long maxRows;
    private long lastTrimMicros = Long.MIN_VALUE;
    private boolean closed;

    /** With no bound on the rows waiting to be written. */
    public SystemTables(String path, long ttlSeconds, long maxRows, long deadLetterMaxRows, long deadLetterMaxBytes, List<PluginRow> plugins,
            LongConsumer onDeadLettersEvicted) throws SQLException {
        this(path, ttlSeconds, maxRows, deadLetterMaxRows, deadLetterMaxBytes, Long.MAX_VALUE, plugins, onDeadLettersEvicted, dropped -> {});
    }

    /**
     * @param maxQueuedRows most query-log and entry-log rows waiting to be written ({@code system_log_max_size_rows})
     * @param onLogRowsDropped told how many such rows were dropped, each time some are
     */
    public SystemTables(String path, long ttlSeconds, long maxRows, long deadLetterMaxRows, long deadLetterMaxBytes, long maxQueuedRows,
            List<PluginRow> plugins, LongConsumer onDeadLettersEvicted, LongConsumer onLogRowsDropped) throws SQLException {
        this.queue = new LogQueue(maxQueuedRows, onLogRowsDropped);
        this.ttlMicros = ttlSeconds > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : ttlSeconds * 1_000_000L;
        this.maxRows = maxRows;
        this.connection = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new java.util.Properties());
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ATTACH DATABASE '" + (path.isEmpty() ? ":memory:" : path.replace("'", "''")) + "' AS system");
                statement.execute("PRAGMA system.synchronous=OFF");
            }
            String hostname = hostname();
            SystemSchema.create(connection, hostname);
            this.deadLetters = new DeadLetterStore(connection, deadLetterMaxRows, deadLetterMaxBytes, onDeadLettersEvicted);
            this.writer = new LogWriter(connection, hostname, ttlSeconds, maxRows, deadLetters);
            new PluginsTable().fill(connection, plugins);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Queues log rows; they become visible to every read that starts after this returns.
     *
     * @return whether enough rows have gathered that the caller should write them soon ({@link #flushLogs})
     */
    public boolean log(/* nullable */ FlushLogRow flush, List<PartLogRow> parts, List<QueryLogRow> queries, List<DeadLetterRow> deadLetterRows) {
        return queue.add(flush, null, parts, queries, deadLetterRows);
    }

    /**
     * Queues a flush's log rows as {@link #log} does, its entries read from {@code entries} (those of {@code flush} are
     * not read); they become visible to every read that starts after this returns.
     *
     * @return whether enough rows have gathered that the caller should write them soon ({@link #flushLogs})
     */
    public boolean log(FlushLogRow flush, EntryLogSource entries, List<PartLogRow> parts, List<QueryLogRow> queries,
            List<DeadLetterRow> deadLetterRows) {
        return queue.add(flush, entries, parts, queries, deadLetterRows);
    }

    /**
     * Queues one {@code system.query_log} row.
     *
     * @return whether enough rows have gathered that the caller should write them soon ({@link #flushLogs})
     */
    public boolean logQuery(QueryLogRow row) {
        return queue.addQuery(row);
    }

    /**
     * Queues the {@code system.query_log} row of a statement that finished without an exception and whose query is
     * its INSERT's head: the same row as {@link #logQuery} with type {@code QueryFinish}, queued without making it
     * when the previous row had the same text columns.
     *
     * @return whether enough rows have gathered that the caller should write them soon ({@link #flushLogs})
     */
    public boolean logFinishedInsert(long eventMicros, long startMicros, String queryKind, String queryId, String head, String database,
            String table, long writtenRows, long writtenBytes, String logComment) {
        return queue.addFinishedInsert(eventMicros, startMicros, queryKind, queryId, head, database, table, writtenRows, writtenBytes, logComment);
    }

    /** Samples every event and metric into {@code system.metric_log}; cheap, for the timer's thread. */
    public void sampleMetrics(long nowMicros, Metrics metrics) {
        metricLog.sample(nowMicros, metrics);
    }

    /** The dead letters of one table ({@code null}: of every table), oldest first, after writing queued ones. */
    public List<DeadLetter> deadLetters(String database, String table) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            writePending();
            return deadLetters.read(database, table);
        } finally {
            lock.unlock();
        }
    }

    /** Removes the dead letters of one client INSERT, after a retry of it was written. */
    public void withdrawDeadLetter(String queryId) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            writePending();
            deadLetters.withdraw(queryId);
        } finally {
            lock.unlock();
        }
    }

    /** Records a replay's outcome: a written dead letter goes, a failed one keeps the new error. */
    public void replayed(long id, long nowMicros, String error) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            deadLetters.replayed(id, nowMicros, error);
        } finally {
            lock.unlock();
        }
    }

    /** Writes every queued log row ({@code SYSTEM FLUSH LOGS}) and, at most once a minute, trims the logs to their bounds. */
    public void flushLogs(long nowMicros) throws SQLException {
        lock.lock();
        try {
            writePending();
            if (lastTrimMicros == Long.MIN_VALUE || nowMicros - lastTrimMicros > 60_000_000L) {
                writer.trim(nowMicros);
                MetricLog.trim(connection, nowMicros - ttlMicros, maxRows);
                lastTrimMicros = nowMicros;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a query on the system tables after writing the queued log rows and rebuilding the live tables it
     * names, and only those.
     *
     * @param tables the names (lower case) of the system tables the query names, as the parser found them
     * @param settings the reading session's settings, for {@code system.settings}
     * @param query runs the caller's statement on the connection and returns its result, detached
     */
    public <T> T read(Set<String> tables, LiveState live, Supplier<List<SettingRow>> settings, SqlFunction<Connection, T> query)
            throws SQLException {
        lock.lock();
        try {
            checkOpen();
            writePending();
            refresh(tables, new LiveSources(live, settings));
            // The user's statement runs on a connection that cannot write: query_only holds for every database
            // attached to it, whatever the statement turns out to be (a DELETE behind WITH, a RETURNING).
            setQueryOnly(true);
            try {
                return query.apply(connection);
            } finally {
                setQueryOnly(false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses what is not a query before it reaches the system database: only {@code SELECT}, {@code WITH}
     * (whose writing forms the read-only connection refuses) and {@code VALUES} do; {@code PRAGMA} never does,
     * as it can change the database and the connection.
     *
     * @throws SluiceSqlException {@code TABLE_IS_READ_ONLY} naming the statement
     */
    public static void checkQuery(String sql) throws io.sluice.spi.SluiceSqlException {
        String first = io.sluice.parser.SqlText.firstWord(sql).toLowerCase(java.util.Locale.ROOT);
        if (!first.equals("select") && !first.equals("with") && !first.equals("values")) {
            throw new io.sluice.spi.SluiceSqlException(io.sluice.spi.ErrorCode.TABLE_IS_READ_ONLY, "The system tables are read-only:"
                    + " only queries (SELECT, WITH … SELECT, VALUES) run on them, not " + (first.isEmpty() ? "this statement" : first.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private void setQueryOnly(boolean on) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = " + (on ? 1 : 0));
        }
    }

    /** Copies a result set so it can be read after the system lock is released. */
    public static CachedRowSet detach(ResultSet rows) throws SQLException {
        CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
        copy.populate(rows);
        rows.close();
        return copy;
    }

    /** Rebuilds the named live tables in one transaction, so a query joining two sees them at one moment. */
    private void refresh(Set<String> tables, LiveSources sources) throws SQLException {
        boolean any = false;
        for (LiveTable<?> table : LIVE_TABLES) {
            if (!tables.contains(table.name())) {
                continue;
            }
            if (!any) {
                connection.setAutoCommit(false);
                any = true;
            }
            try {
                table.refresh(connection, sources);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                connection.setAutoCommit(true);
                throw e;
            }
        }
        if (any) {
            try {
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private void writePending() throws SQLException {
        LogQueue.Taken taken = queue.take();
        if (taken != null) {
            try {
                writer.write(taken);
            } catch (SQLException | RuntimeException e) {
                // The write rolled back: its rows, dead letters first of all, wait for the next one.
                queue.putBack(taken);
                throw e;
            }
            queue.recycle(taken);
        }
        metricLog.write(connection);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new io.sluice.spi.SluiceSqlException(io.sluice.spi.ErrorCode.ABORTED, "The system tables are closed");
        }
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
                writer.close();
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

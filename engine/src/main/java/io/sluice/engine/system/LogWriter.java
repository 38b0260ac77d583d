package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.EntryLogRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes what the {@link LogQueue} held to the log tables ({@code asynchronous_insert_log}, {@code part_log},
 * {@code query_log}, and the dead letters through the {@link DeadLetterStore}), in one transaction, and
 * trims the logs to their bounds. Repeated text goes to {@link LogShapes}, query ids of Sluice's form are
 * written as two integers ({@link QueryIds}). Not thread-safe: used under the system lock.
 */
final class LogWriter implements AutoCloseable {
    private final Connection connection;
    private final String hostname;
    private final long ttlMicros;
    private final long maxRows;
    private final DeadLetterStore deadLetters;
    private final LogShapes shapes = new LogShapes();
    private final EncodedRows entryEncoding = new EncodedRows();
    /** One per stripe of query-log rows a write takes, kept for the next. */
    private final List<EncodedRows> queryEncodings = new java.util.ArrayList<>();
    private final LogBlocks queryBlocks;
    private final LogBlocks entryBlocks;
    private long nextFlushId;

    LogWriter(Connection connection, String hostname, long ttlSeconds, long maxRows, DeadLetterStore deadLetters) throws SQLException {
        this.connection = connection;
        this.hostname = hostname;
        this.ttlMicros = ttlSeconds * 1_000_000L;
        this.maxRows = maxRows;
        this.deadLetters = deadLetters;
        try (Statement statement = connection.createStatement();
                ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM system.asynchronous_insert_log_flushes")) {
            nextFlushId = max.next() ? max.getLong(1) + 1 : 1;
        }
        shapes.load(connection);
        queryBlocks = new LogBlocks(connection, "system.query_log_blocks", false);
        entryBlocks = new LogBlocks(connection, "system.asynchronous_insert_log_blocks", true);
    }

    /** Writes one batch the queue handed over, all of it or (on an error) none of it. */
    void write(LogQueue.Taken taken) throws SQLException {
        long firstFlushId = nextFlushId;
        connection.setAutoCommit(false);
        try {
            QueuedEntries entries = taken.entries();
            List<QueuedQueries> queries = taken.queries();
            entries.ids.resolve(entries.size);
            long[] flushIds = writeFlushes(entries.flushes);
            EncodedRows encodedEntries = encodeEntries(entries);
            EncodedRows[] encodedQueries = new EncodedRows[queries.size()];
            for (int i = 0; i < encodedQueries.length; i++) {
                encodedQueries[i] = encodeQueries(queries.get(i), i);
            }
            // The new shapes first: the rows name them.
            shapes.writeNew(connection);
            writeEntries(entries, flushIds, encodedEntries);
            writeParts(taken.parts());
            writeQueries(queries, encodedQueries);
            if (!taken.deadLetters().isEmpty()) {
                deadLetters.write(taken.deadLetters());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            shapes.forgetNew();
            queryBlocks.reset();
            entryBlocks.reset();
            nextFlushId = firstFlushId;
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Writes the flushes' shared columns, each with the next id; returns the ids by flush. */
    private long[] writeFlushes(List<FlushLogRow> flushes) throws SQLException {
        long[] ids = new long[flushes.size()];
        if (flushes.isEmpty()) {
            return ids;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system.asynchronous_insert_log_flushes VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ids.length; i++) {
                FlushLogRow flush = flushes.get(i);
                long id = nextFlushId++;
                ids[i] = id;
                insert.setLong(1, id);
                insert.setString(2, flush.flushQueryId());
                insert.setString(3, flush.query());
                insert.setString(4, flush.database());
                insert.setString(5, flush.table());
                insert.setString(6, flush.format());
                insert.setLong(7, flush.flushMicros());
                insert.setLong(8, flush.timeoutMillis());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return ids;
    }

    private void writeParts(List<PartLogRow> parts) throws SQLException {
        if (parts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system.part_log VALUES (?, ?, 'NewPart', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PartLogRow row : parts) {
                String event = Times.micros(row.eventMicros());
                insert.setString(1, hostname);
                insert.setString(2, row.queryId());
                insert.setString(3, event.substring(0, 10));
                insert.setString(4, event.substring(0, 19));
                insert.setString(5, event);
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
    }

    /**
     * The shape of each entry: looked up once per distinct text of the batch; an entry with an exception has
     * none (its message is its own).
     */
    private EncodedRows encodeEntries(QueuedEntries entries) {
        EncodedRows encoded = entryEncoding.reset(entries.size);
        long[] shared = new long[entries.shapes.size()];
        for (int i = 0; i < shared.length; i++) {
            EntryLogRow entry = entries.shapes.get(i);
            shared[i] = shapes.entryShape(entry.status(), entry.dataKind(), entry.logComment());
        }
        for (int i = 0; i < entries.size; i++) {
            int text = entries.text[i];
            if (text >= 0) {
                encoded.shape[i] = shared[text];
            } else {
                EntryLogRow entry = entries.others.get(-text - 1);
                if (QueuedEntries.shareable(entry)) {
                    encoded.shape[i] = shapes.entryShape(entry.status(), entry.dataKind(), entry.logComment());
                }
            }
        }
        return encoded;
    }

    /**
     * The shape of each row: looked up once per distinct text of the batch; any statement's text other than an
     * INSERT head, and an exception, is the row's own.
     */
    private EncodedRows encodeQueries(QueuedQueries queries, int part) {
        while (queryEncodings.size() <= part) {
            queryEncodings.add(new EncodedRows());
        }
        EncodedRows encoded = queryEncodings.get(part).reset(queries.size);
        long[] shared = new long[queries.shapes.size()];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = queryShape(queries.shapes.get(i));
        }
        for (int i = 0; i < queries.size; i++) {
            int text = queries.text[i];
            if (text >= 0) {
                encoded.shape[i] = shared[text];
            } else {
                QueryLogRow row = queries.others.get(-text - 1);
                if (QueuedQueries.shareable(row)) {
                    encoded.shape[i] = queryShape(row);
                }
            }
        }
        return encoded;
    }

    private long queryShape(QueryLogRow row) {
        return shapes.queryShape(row.type(), row.queryKind(), row.query(), row.database(), row.table(), row.logComment());
    }

    /**
     * Writes the entries into blocks: a row with a shape holds flush_id, event_us, query_id, bytes, rows, shape; one
     * without also exception, status, data_kind, log_comment.
     */
    private void writeEntries(QueuedEntries entries, long[] flushIds, EncodedRows encoded) throws SQLException {
        QueryIdColumn ids = entries.ids;
        for (int i = 0; i < entries.size; i++) {
            long event = entries.eventMicros[i];
            LogBlocks row = entryBlocks.row(event).flushId(flushIds[entries.flush[i]]).time(event);
            queryId(row, ids, i).number(entries.bytes[i]).number(entries.rows[i]);
            long shape = encoded.shape[i];
            if (shape != 0) {
                row.number(shape);
            } else {
                EntryLogRow entry = entries.entry(i);
                row.nil().text(entry.exception()).text(entry.status()).text(entry.dataKind()).text(entry.logComment());
            }
            row.end();
        }
        entryBlocks.finish();
    }

    /**
     * Writes the query-log rows into blocks, the stripes' rows merged in the order they were queued: a row with a
     * shape holds shape, event_us, start_us, query_id, written_rows, written_bytes; one without also type, query_kind,
     * query, database, table, exception_code, exception, log_comment.
     */
    private void writeQueries(List<QueuedQueries> parts, EncodedRows[] encoded) throws SQLException {
        QueuedQueries.inOrder(parts, (part, row) -> writeQuery(parts.get(part), encoded[part], row));
        queryBlocks.finish();
    }

    private void writeQuery(QueuedQueries queries, EncodedRows encoded, int i) throws SQLException {
        long shape = encoded.shape[i];
        long event = queries.eventMicros[i];
        LogBlocks row = queryBlocks.row(event);
        if (shape != 0) {
            row.number(shape);
        } else {
            row.nil();
        }
        row.time(event).time(queries.startMicros[i]);
        queryId(row, queries.ids, i).number(queries.writtenRows[i]).number(queries.writtenBytes[i]);
        if (shape == 0) {
            QueryLogRow logged = queries.row(i);
            row.text(logged.type()).text(logged.queryKind()).text(logged.query()).text(logged.database()).text(logged.table())
                    .number(logged.exceptionCode()).text(logged.exception()).text(logged.logComment());
        }
        row.end();
    }

    private static LogBlocks queryId(LogBlocks row, QueryIdColumn ids, int i) {
        String text = ids.text[i];
        return text == null ? row.uuid(ids.high[i], ids.low[i]) : row.text(text);
    }

    /** Deletes log rows older than the TTL and beyond the row bound, then the flushes and the shapes no row names. */
    void trim(long nowMicros) throws SQLException {
        long cutoffMicros = nowMicros - ttlMicros;
        String cutoff = Times.micros(cutoffMicros);
        entryBlocks.trim(connection, cutoffMicros, maxRows);
        queryBlocks.trim(connection, cutoffMicros, maxRows);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system.asynchronous_insert_log_flushes WHERE id < (SELECT coalesce(min(min_flush_id), "
                    + Long.MAX_VALUE + ") FROM system.asynchronous_insert_log_blocks)");
            statement.execute("DELETE FROM system.part_log WHERE event_time_microseconds < '" + cutoff + "'");
            statement.execute("DELETE FROM system.part_log WHERE rowid <= (SELECT max(rowid) FROM system.part_log) - " + maxRows);
        }
        shapes.collect(connection, "system.query_log_block_rows", "system.asynchronous_insert_log_block_rows");
    }

    @Override
    public void close() throws SQLException {
        try (queryBlocks; entryBlocks) {
            // Each writer's statements close here, before their connection.
        }
    }
}

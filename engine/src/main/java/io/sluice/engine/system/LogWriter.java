package io.sluice.engine.system;

import static io.sluice.engine.system.EncodedRows.bindLong;

import io.sluice.engine.system.SystemTables.EntryLogRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
    private final EncodedRows queryEncoding = new EncodedRows();
    private final LogRowWriter queriesWithShapeAndNumbers;
    private final LogRowWriter queriesWithShape;
    private final LogRowWriter queriesWithoutShape;
    private final LogRowWriter entriesWithShapeAndNumbers;
    private final LogRowWriter entriesWithShape;
    private final LogRowWriter entriesWithoutShape;
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
        // A row with a shape and a query id of Sluice's form binds neither the id's text column nor anything it leaves
        // NULL: each bound value is a JNI call and a value to store.
        queriesWithShapeAndNumbers = new LogRowWriter(connection, "system.query_log_rows",
                "shape, event_us, start_us, query_id_high, query_id_low, written_rows, written_bytes");
        queriesWithShape = new LogRowWriter(connection, "system.query_log_rows",
                "shape, event_us, start_us, query_id, query_id_high, query_id_low, written_rows, written_bytes");
        queriesWithoutShape = new LogRowWriter(connection, "system.query_log_rows", "type, event_us, start_us, query_kind, query_id,"
                + " query_id_high, query_id_low, query, database, \"table\", written_rows, written_bytes, exception_code, exception, log_comment");
        entriesWithShapeAndNumbers = new LogRowWriter(connection, "system.asynchronous_insert_log_entries",
                "flush_id, event_us, query_id_high, query_id_low, bytes, rows, shape");
        entriesWithShape = new LogRowWriter(connection, "system.asynchronous_insert_log_entries",
                "flush_id, event_us, query_id, query_id_high, query_id_low, bytes, rows, shape");
        entriesWithoutShape = new LogRowWriter(connection, "system.asynchronous_insert_log_entries",
                "flush_id, event_us, query_id, query_id_high, query_id_low, bytes, rows, exception, status, data_kind, log_comment");
    }

    /** Writes one batch the queue handed over, all of it or (on an error) none of it. */
    void write(LogQueue.Taken taken) throws SQLException {
        long firstFlushId = nextFlushId;
        connection.setAutoCommit(false);
        try {
            QueuedEntries entries = taken.entries();
            QueuedQueries queries = taken.queries();
            entries.ids.resolve(entries.size);
            // One boxed id per flush, shared by its entries' rows.
            Long[] flushIds = writeFlushes(entries.flushes);
            EncodedRows encodedEntries = encodeEntries(entries);
            EncodedRows encodedQueries = encodeQueries(queries);
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
            nextFlushId = firstFlushId;
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Writes the flushes' shared columns, each with the next id; returns the ids, boxed, by flush. */
    private Long[] writeFlushes(List<FlushLogRow> flushes) throws SQLException {
        Long[] ids = new Long[flushes.size()];
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
                Instant event = Times.instant(row.eventMicros());
                insert.setString(1, hostname);
                insert.setString(2, row.queryId());
                insert.setString(3, Times.DATE.format(event));
                insert.setString(4, Times.SECONDS.format(event));
                insert.setString(5, Times.MICROS.format(event));
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
    private EncodedRows encodeQueries(QueuedQueries queries) {
        EncodedRows encoded = queryEncoding.reset(queries.size);
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

    private void writeEntries(QueuedEntries entries, Long[] flushIds, EncodedRows encoded) throws SQLException {
        encoded.write(entries.ids, entriesWithShapeAndNumbers, (statement, parameter, i) -> {
            statement.setObject(parameter + 1, flushIds[entries.flush[i]]);
            bindLong(statement, parameter + 2, entries.eventMicros[i]);
            bindLong(statement, parameter + 3, entries.ids.high[i]);
            bindLong(statement, parameter + 4, entries.ids.low[i]);
            bindLong(statement, parameter + 5, entries.bytes[i]);
            bindLong(statement, parameter + 6, entries.rows[i]);
            bindLong(statement, parameter + 7, encoded.shape[i]);
        }, entriesWithShape, (statement, parameter, i) -> {
            statement.setObject(parameter + 1, flushIds[entries.flush[i]]);
            bindLong(statement, parameter + 2, entries.eventMicros[i]);
            entries.ids.bind(statement, parameter + 3, i);
            bindLong(statement, parameter + 6, entries.bytes[i]);
            bindLong(statement, parameter + 7, entries.rows[i]);
            bindLong(statement, parameter + 8, encoded.shape[i]);
        }, entriesWithoutShape, (statement, parameter, i) -> {
            EntryLogRow entry = entries.entry(i);
            statement.setObject(parameter + 1, flushIds[entries.flush[i]]);
            bindLong(statement, parameter + 2, entries.eventMicros[i]);
            entries.ids.bind(statement, parameter + 3, i);
            bindLong(statement, parameter + 6, entries.bytes[i]);
            bindLong(statement, parameter + 7, entries.rows[i]);
            statement.setString(parameter + 8, entry.exception());
            statement.setString(parameter + 9, entry.status());
            statement.setString(parameter + 10, entry.dataKind());
            statement.setString(parameter + 11, entry.logComment());
        });
    }

    private void writeQueries(QueuedQueries queries, EncodedRows encoded) throws SQLException {
        encoded.write(queries.ids, queriesWithShapeAndNumbers, (statement, parameter, i) -> {
            bindLong(statement, parameter + 1, encoded.shape[i]);
            bindLong(statement, parameter + 2, queries.eventMicros[i]);
            bindLong(statement, parameter + 3, queries.startMicros[i]);
            bindLong(statement, parameter + 4, queries.ids.high[i]);
            bindLong(statement, parameter + 5, queries.ids.low[i]);
            bindLong(statement, parameter + 6, queries.writtenRows[i]);
            bindLong(statement, parameter + 7, queries.writtenBytes[i]);
        }, queriesWithShape, (statement, parameter, i) -> {
            bindLong(statement, parameter + 1, encoded.shape[i]);
            bindLong(statement, parameter + 2, queries.eventMicros[i]);
            bindLong(statement, parameter + 3, queries.startMicros[i]);
            queries.ids.bind(statement, parameter + 4, i);
            bindLong(statement, parameter + 7, queries.writtenRows[i]);
            bindLong(statement, parameter + 8, queries.writtenBytes[i]);
        }, queriesWithoutShape, (statement, parameter, i) -> {
            QueryLogRow row = queries.row(i);
            statement.setString(parameter + 1, row.type());
            bindLong(statement, parameter + 2, queries.eventMicros[i]);
            bindLong(statement, parameter + 3, queries.startMicros[i]);
            statement.setString(parameter + 4, row.queryKind());
            queries.ids.bind(statement, parameter + 5, i);
            statement.setString(parameter + 8, row.query());
            statement.setString(parameter + 9, row.database());
            statement.setString(parameter + 10, row.table());
            bindLong(statement, parameter + 11, queries.writtenRows[i]);
            bindLong(statement, parameter + 12, queries.writtenBytes[i]);
            statement.setObject(parameter + 13, row.exceptionCode());
            statement.setString(parameter + 14, row.exception());
            statement.setString(parameter + 15, row.logComment());
        });
    }

    /** Deletes log rows older than the TTL and beyond the row bound, then the shapes no row names. */
    void trim(long nowMicros) throws SQLException {
        long cutoffMicros = nowMicros - ttlMicros;
        String cutoff = Times.micros(cutoffMicros);
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

    @Override
    public void close() throws SQLException {
        try (queriesWithShapeAndNumbers; queriesWithShape; queriesWithoutShape; entriesWithShapeAndNumbers; entriesWithShape; entriesWithoutShape) {
            // Each writer's statements close here, before their connection.
        }
    }
}

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
import java.util.ArrayList;
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
    private final LogRowWriter queriesWithShape;
    private final LogRowWriter queriesWithoutShape;
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
        queriesWithShape = new LogRowWriter(connection, "system.query_log_rows",
                "shape, event_us, start_us, query_id, query_id_high, query_id_low, written_rows, written_bytes");
        queriesWithoutShape = new LogRowWriter(connection, "system.query_log_rows", "type, event_us, start_us, query_kind, query_id,"
                + " query_id_high, query_id_low, query, database, \"table\", written_rows, written_bytes, exception_code, exception, log_comment");
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
            int entryCount = countEntries(taken.flushes());
            List<EntryLogRow> entries = new ArrayList<>(entryCount);
            // One boxed id per flush, shared by its entries' rows.
            Long[] entryFlushIds = new Long[entryCount];
            writeFlushes(taken.flushes(), entries, entryFlushIds);
            EncodedRows encodedEntries = encodeEntries(entries);
            EncodedRows encodedQueries = encodeQueries(taken.queries());
            // The new shapes first: the rows name them.
            shapes.writeNew(connection);
            writeEntries(entries, entryFlushIds, encodedEntries);
            writeParts(taken.parts());
            writeQueries(taken.queries(), encodedQueries);
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

    private void writeFlushes(List<FlushLogRow> flushes, List<EntryLogRow> entries, Long[] entryFlushIds) throws SQLException {
        if (flushes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system.asynchronous_insert_log_flushes VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FlushLogRow flush : flushes) {
                long id = nextFlushId++;
                insert.setLong(1, id);
                insert.setString(2, flush.flushQueryId());
                insert.setString(3, flush.query());
                insert.setString(4, flush.database());
                insert.setString(5, flush.table());
                insert.setString(6, flush.format());
                insert.setLong(7, flush.flushMicros());
                insert.setLong(8, flush.timeoutMillis());
                insert.addBatch();
                Long boxedId = id;
                for (EntryLogRow entry : flush.entries()) {
                    entryFlushIds[entries.size()] = boxedId;
                    entries.add(entry);
                }
            }
            insert.executeBatch();
        }
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

    private static int countEntries(List<FlushLogRow> flushes) {
        int count = 0;
        for (FlushLogRow flush : flushes) {
            count += flush.entries().size();
        }
        return count;
    }

    /** A shape for entries without an exception; an exception's message is the entry's own. */
    private EncodedRows encodeEntries(List<EntryLogRow> entries) {
        EncodedRows encoded = entryEncoding.reset(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            EntryLogRow entry = entries.get(i);
            encoded.queryId(i, entry.queryId());
            if ("".equals(entry.exception()) && entry.status() != null && entry.dataKind() != null && entry.logComment() != null) {
                encoded.shape[i] = shapes.entryShape(entry.status(), entry.dataKind(), entry.logComment());
            }
        }
        return encoded;
    }

    /** A shape for rows of an INSERT's head without an exception; any other statement's text is the row's own. */
    private EncodedRows encodeQueries(List<QueryLogRow> queries) {
        EncodedRows encoded = queryEncoding.reset(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            QueryLogRow row = queries.get(i);
            encoded.queryId(i, row.queryId());
            if (row.queryIsHead() && row.exceptionCode() == 0 && "".equals(row.exception()) && row.type() != null && row.queryKind() != null
                    && row.query() != null && row.database() != null && row.table() != null && row.logComment() != null) {
                encoded.shape[i] = shapes.queryShape(row.type(), row.queryKind(), row.query(), row.database(), row.table(),
                        row.logComment());
            }
        }
        return encoded;
    }

    private void writeEntries(List<EntryLogRow> entries, Long[] flushIds, EncodedRows encoded) throws SQLException {
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

    private void writeQueries(List<QueryLogRow> queries, EncodedRows encoded) throws SQLException {
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
        try (queriesWithShape; queriesWithoutShape; entriesWithShape; entriesWithoutShape) {
            // Each writer's statements close here, before their connection.
        }
    }
}

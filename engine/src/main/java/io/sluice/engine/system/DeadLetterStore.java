package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.DeadLetter;
import io.sluice.engine.system.SystemTables.DeadLetterRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * {@code system.asynchronous_insert_dead_letter}: entries that failed at flush, with their raw data, bounded
 * by rows and bytes (the oldest go first), read back and marked by {@code SYSTEM REPLAY ASYNC INSERT DEAD
 * LETTER}. Not thread-safe: used under the system lock.
 */
final class DeadLetterStore {
    private final Connection connection;
    private final long maxRows;
    private final long maxBytes;
    private final LongConsumer onEvicted;

    DeadLetterStore(Connection connection, long maxRows, long maxBytes, LongConsumer onEvicted) {
        this.connection = connection;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.onEvicted = onEvicted;
    }

    /** Writes dead letters, then pushes out the oldest beyond the row and byte bounds. Runs in the log writer's transaction. */
    void write(List<DeadLetterRow> deadLetters) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.asynchronous_insert_dead_letter (event_time,"
                + " event_time_microseconds, query_id, flush_query_id, database, \"table\", format, query, data, bytes, status, exception,"
                + " replay_attempts, \"columns\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
            for (DeadLetterRow row : deadLetters) {
                String event = Times.micros(row.eventMicros());
                insert.setString(1, event.substring(0, 19));
                insert.setString(2, event);
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
                insert.setString(13, row.columns() == null ? null : DeadLetters.columnsText(row.columns()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        int evicted;
        try (Statement statement = connection.createStatement()) {
            evicted = statement.executeUpdate("DELETE FROM system.asynchronous_insert_dead_letter WHERE id <= (SELECT max(id) FROM"
                    + " system.asynchronous_insert_dead_letter) - " + maxRows);
            evicted += statement.executeUpdate("DELETE FROM system.asynchronous_insert_dead_letter WHERE id <= (SELECT id FROM"
                    + " (SELECT id, sum(bytes) OVER (ORDER BY id DESC) AS newer FROM system.asynchronous_insert_dead_letter)"
                    + " WHERE newer > " + maxBytes + " ORDER BY id DESC LIMIT 1)");
        }
        if (evicted > 0) {
            onEvicted.accept(evicted);
        }
    }

    /** The dead letters of one table ({@code null}: of every table), oldest first. */
    List<DeadLetter> read(String database, String table) throws SQLException {
        String sql = "SELECT id, database, \"table\", format, \"columns\", data FROM system.asynchronous_insert_dead_letter"
                + (table == null ? "" : " WHERE database = ? AND \"table\" = ?") + " ORDER BY id";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (table != null) {
                select.setString(1, database);
                select.setString(2, table);
            }
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    String columns = rows.getString(5);
                    letters.add(new DeadLetter(id, rows.getString(2), rows.getString(3), rows.getString(4),
                            columns == null ? null : DeadLetters.parseColumns(columns), rows.getString(6)));
                }
            }
            return letters;
        }
    }

    /** Removes the dead letters of one client INSERT. */
    void withdraw(String queryId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM system.asynchronous_insert_dead_letter WHERE query_id = ?")) {
            delete.setString(1, queryId);
            delete.executeUpdate();
        }
    }

    /** Records a replay's outcome: a written dead letter goes, a failed one keeps the new error. */
    void replayed(long id, long nowMicros, String error) throws SQLException {
        if (error == null) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM system.asynchronous_insert_dead_letter WHERE id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE system.asynchronous_insert_dead_letter SET"
                + " replay_attempts = replay_attempts + 1, last_replay_time = ?, last_replay_exception = ? WHERE id = ?")) {
            update.setString(1, Times.micros(nowMicros));
            update.setString(2, error);
            update.setLong(3, id);
            update.executeUpdate();
        }
    }
}

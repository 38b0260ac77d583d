package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.PendingBufferRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code system.asynchronous_inserts}: the open buffers, one row per buffer key; gathering them takes each key's lock. */
final class AsynchronousInsertsTable extends LiveTable<PendingBufferRow> {
    AsynchronousInsertsTable() {
        super("asynchronous_inserts", 8);
    }

    @Override
    List<PendingBufferRow> rows(LiveSources sources) {
        return sources.engine().pendingBuffers();
    }

    @Override
    void bind(PreparedStatement insert, PendingBufferRow row) throws SQLException {
        insert.setString(1, row.query());
        insert.setString(2, row.database());
        insert.setString(3, row.table());
        insert.setString(4, row.format());
        insert.setString(5, Times.micros(row.firstUpdateMicros()));
        insert.setLong(6, row.totalBytes());
        insert.setString(7, jsonStrings(row.queryIds()));
        insert.setString(8, row.bytes().toString().replace(" ", ""));
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
}

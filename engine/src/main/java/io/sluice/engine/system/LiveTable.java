package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A system table that shows the engine's state at the moment of a read, rebuilt only when a query names
 * it: what it costs to gather (the key locks for {@code asynchronous_inserts}, the buffer's segments for
 * {@code asynchronous_insert_wal}) is paid only by the queries that want it.
 *
 * @param <R> the row type
 */
abstract class LiveTable<R> extends RowsTable<R> {
    LiveTable(String name, int columns) {
        super(name, columns);
    }

    /** The rows the table shows now, gathered from the engine or the reading session. */
    abstract List<R> rows(LiveSources sources);

    /** Rebuilds the table from the current state. */
    final void refresh(Connection connection, LiveSources sources) throws SQLException {
        fill(connection, rows(sources));
    }
}

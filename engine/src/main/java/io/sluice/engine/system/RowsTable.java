package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A system table whose rows Sluice writes whole, replacing what it held: the live tables when a query
 * names them, {@code system.plugins} once at start. A subclass names the table and binds one row.
 *
 * @param <R> the row type
 */
abstract class RowsTable<R> {
    private final String name;
    private final int columns;

    /**
     * @param name the table's name in the {@code system} schema, lower case, as queries name it
     * @param columns how many columns a row binds
     */
    RowsTable(String name, int columns) {
        this.name = name;
        this.columns = columns;
    }

    final String name() {
        return name;
    }

    /** Binds one row's values to parameters 1 to {@code columns}. */
    abstract void bind(PreparedStatement insert, R row) throws SQLException;

    /** Replaces the table's rows; runs in the caller's transaction, if any. */
    final void fill(Connection connection, List<R> rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM system." + name);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system." + name + " VALUES (?" + ", ?".repeat(columns - 1) + ")")) {
            for (R row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}

package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Appends rows to one table of the system database, in order, with INSERT statements of {@link #CHUNK}
 * rows each (one execution per chunk) and single-row ones for the rest (one batch, fewer than a chunk's rows).
 * Every bound value is a JNI call in sqlite-jdbc, and so are the
 * reset and the step of a statement: a multi-row statement saves those two per row. Both statements are
 * prepared once and kept with the connection. Batches run with {@code executeLargeBatch}: sqlite-jdbc's
 * {@code executeBatch} is the same call plus a copy of the counts, which nobody reads here.
 *
 * <p>Not thread-safe: the system tables use it under their lock, in a transaction of theirs.
 */
final class LogRowWriter implements AutoCloseable {
    /** Rows per multi-row statement. */
    static final int CHUNK = 64;

    /** Binds the values of one row: {@code parameter + 1} is its first column's parameter index. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement, int parameter, int row) throws SQLException;
    }

    private final int columns;
    private final PreparedStatement chunk;
    private final PreparedStatement single;

    /**
     * @param table the qualified table name
     * @param columnList the columns each row gives, comma-separated
     */
    LogRowWriter(Connection connection, String table, String columnList) throws SQLException {
        this.columns = columnList.split(",").length;
        String tuple = "(?" + ", ?".repeat(columns - 1) + ")";
        String insert = "INSERT INTO " + table + " (" + columnList + ") VALUES ";
        this.chunk = connection.prepareStatement(insert + (tuple + ", ").repeat(CHUNK - 1) + tuple);
        this.single = connection.prepareStatement(insert + tuple);
    }

    /** Writes rows {@code from} (inclusive) to {@code to} (exclusive), in that order, bound by {@code binder}. */
    void write(int from, int to, Binder binder) throws SQLException {
        try {
            int row = from;
            for (; to - row >= CHUNK; row += CHUNK) {
                for (int i = 0; i < CHUNK; i++) {
                    binder.bind(chunk, i * columns, row + i);
                }
                // One chunk per execution: sqlite-jdbc keeps a batch's values in one array, as large as the largest
                // batch it ever held, and clears all of it after each execution; a backlog's write would leave every
                // later write clearing the backlog's size.
                chunk.addBatch();
                chunk.executeLargeBatch();
            }
            if (row < to) {
                for (; row < to; row++) {
                    binder.bind(single, 0, row);
                    single.addBatch();
                }
                single.executeLargeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            // The statements outlive this write: rows bound but not executed must not go with the next one.
            chunk.clearBatch();
            single.clearBatch();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            chunk.close();
        } finally {
            single.close();
        }
    }
}

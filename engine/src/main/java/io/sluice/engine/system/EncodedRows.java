package io.sluice.engine.system;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Log rows ready to write: per row, the id of its shape in {@link LogShapes} (0: none, the row is written
 * with all its columns). The array is reused from one write to the next (the writer holds the system lock), up to
 * {@link #KEPT_ROWS} rows; a larger backlog gets an array of its own. Not thread-safe.
 */
final class EncodedRows {
    static final int KEPT_ROWS = 1 << 16;

    int rows;
    long[] shape = new long[0];

    /** Readies the array for {@code count} rows, none with a shape yet. */
    EncodedRows reset(int count) {
        rows = count;
        if (count > shape.length || shape.length > KEPT_ROWS) {
            int size = count > KEPT_ROWS ? count : Math.min(KEPT_ROWS, Math.max(count, 2 * shape.length));
            shape = new long[size];
        } else {
            Arrays.fill(shape, 0, count, 0L);
        }
        return this;
    }

    /**
     * Writes the rows in their order, each run of rows of one kind by its own writer: with a shape and a query id
     * of two numbers, with a shape and a query id of text, without a shape.
     */
    void write(QueryIdColumn ids, LogRowWriter withShapeAndNumbers, LogRowWriter.Binder shapedNumbers, LogRowWriter withShape,
            LogRowWriter.Binder shaped, LogRowWriter withoutShape, LogRowWriter.Binder unshaped) throws SQLException {
        int from = 0;
        while (from < rows) {
            int kind = kind(ids, from);
            int to = from + 1;
            while (to < rows && kind(ids, to) == kind) {
                to++;
            }
            switch (kind) {
                case 2 -> withShapeAndNumbers.write(from, to, shapedNumbers);
                case 1 -> withShape.write(from, to, shaped);
                default -> withoutShape.write(from, to, unshaped);
            }
            from = to;
        }
    }

    /** 0: no shape; 1: a shape and a query id of text; 2: a shape and a query id of two numbers (no text to bind). */
    private int kind(QueryIdColumn ids, int row) {
        return shape[row] == 0 ? 0 : ids.text[row] == null ? 2 : 1;
    }

    /**
     * Binds a number to a statement of the system database (SQLite): sqlite-jdbc's setLong boxes every value
     * anew, while setObject keeps the object it is given, here from the Long cache when the value is small.
     */
    static void bindLong(PreparedStatement statement, int parameter, long value) throws SQLException {
        statement.setObject(parameter, Long.valueOf(value));
    }
}

package io.sluice.engine.system;

import java.util.Arrays;

/**
 * Log rows ready to write: per row, the id of its shape in {@link LogShapes} (0: none, the row is written
 * with all its columns). The array is reused from one write to the next (the writer holds the system lock), up to
 * {@link #KEPT_ROWS} rows; a larger backlog gets an array of its own. Not thread-safe.
 */
final class EncodedRows {
    static final int KEPT_ROWS = 1 << 16;

    long[] shape = new long[0];

    /** Readies the array for {@code count} rows, none with a shape yet. */
    EncodedRows reset(int count) {
        if (count > shape.length || shape.length > KEPT_ROWS) {
            int size = count > KEPT_ROWS ? count : Math.min(KEPT_ROWS, Math.max(count, 2 * shape.length));
            shape = new long[size];
        } else {
            Arrays.fill(shape, 0, count, 0L);
        }
        return this;
    }
}

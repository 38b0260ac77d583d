package io.sluice.engine.insert;

import java.util.List;

/**
 * The one estimate of what typed rows weigh, in bytes of data as an INSERT's text would carry them: a
 * text value its characters plus quotes, a blob its bytes, any other value 8, each row 2 for its
 * parentheses. It sizes a prepared INSERT against {@code async_insert_max_data_size} and the byte budget,
 * and bounds the rows a synchronous INSERT holds before it writes a block.
 */
public final class RowBytes {
    private RowBytes() {}

    /** What one row weighs. */
    public static long of(Object[] row) {
        long bytes = 2;
        for (Object value : row) {
            if (value instanceof String text) {
                bytes += text.length() + 2;
            } else if (value instanceof byte[] blob) {
                bytes += blob.length;
            } else {
                bytes += 8;
            }
        }
        return bytes;
    }

    /** What the rows weigh together, at most {@link Integer#MAX_VALUE}. */
    public static int of(List<Object[]> rows) {
        long bytes = 0;
        for (Object[] row : rows) {
            bytes += of(row);
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}

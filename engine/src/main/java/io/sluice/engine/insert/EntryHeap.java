package io.sluice.engine.insert;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a buffered INSERT costs on the heap while it waits: its data and everything kept to keep it, the
 * amount charged against {@code async_insert_max_buffered_bytes} so that the bound is a bound on memory,
 * not on data alone (a 13-byte row once cost about 330 bytes of heap, and a bound counting only data let the
 * JVM run out of memory long before it was reached).
 *
 * <p>Sizes assume a 64-bit HotSpot JVM with compressed references (heaps under 32 GB: 12-byte object
 * headers, 4-byte references, 8-byte alignment); with larger heaps references are 8 bytes and the estimate
 * switches to those. Per entry, measured with the bench's heap scenario and checked by hand:
 * <ul>
 *   <li>the {@code BufferEntry} record: header, two longs, two ints, six references: 64 bytes;
 *   <li>its {@link PendingInsert} (a {@code CompletableFuture} with two fields of its own): 32 bytes;
 *   <li>its slots in the batch's and the buffer's lists, each grown by half when full: 16 bytes;
 *   <li>each string it owns (data, query id, deduplication token, log comment): a 24-byte {@code String},
 *       a 16-byte array header and its characters, one byte each when all are Latin-1, two otherwise;
 *   <li>typed rows: the list, one array per row, and one box per value (16 bytes for a number, the string or
 *       array for text and blobs, more for decimals and date-times).
 * </ul>
 * Parsing at flush time is not counted: it holds one batch at a time per table lane and is transient.
 */
public final class EntryHeap {
    private static final boolean WIDE_REFERENCES = Runtime.getRuntime().maxMemory() >= 32L << 30;
    private static final int REFERENCE = WIDE_REFERENCES ? 8 : 4;
    private static final int HEADER = WIDE_REFERENCES ? 16 : 12;
    private static final int ARRAY_HEADER = 16;
    /** The {@code BufferEntry}: two longs, two ints and six references. */
    static final long ENTRY = align(HEADER + 8 + 8 + 4 + 4 + 6L * REFERENCE);
    /** The {@link PendingInsert}: the future's result and stack, its entry and durability stage. */
    static final long PENDING = align(HEADER + 4L * REFERENCE);
    /** A reference in the batch's list and one in the buffer's, each list half empty at worst after growing. */
    static final long LIST_SLOTS = 2 * (REFERENCE + REFERENCE / 2 + 2);
    /** What a boxed number, a {@code java.sql.Date} or a small object costs. */
    private static final long BOX = 16;

    private EntryHeap() {}

    /**
     * The heap cost of one entry.
     *
     * @param data the text the entry keeps ({@code null} for typed rows)
     * @param rows typed rows ({@code null} for text)
     */
    public static long of(/* nullable */ String data, /* nullable */ List<Object[]> rows, String queryId, String deduplicationToken,
            String logComment) {
        long cost = ENTRY + PENDING + LIST_SLOTS + string(data) + string(queryId) + string(deduplicationToken) + string(logComment);
        if (rows != null) {
            cost += rows(rows);
        }
        return cost;
    }

    /** A string the entry alone holds; an empty one is shared and costs nothing. */
    static long string(/* nullable */ String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return align(HEADER + 4 + 1 + 1 + REFERENCE) + align(ARRAY_HEADER + (long) text.length() * (latin1(text) ? 1 : 2));
    }

    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static long rows(List<Object[]> rows) {
        long cost = align(HEADER + 8 + REFERENCE) + align(ARRAY_HEADER + (long) rows.size() * REFERENCE);
        for (Object[] row : rows) {
            cost += align(ARRAY_HEADER + (long) row.length * REFERENCE);
            for (Object value : row) {
                cost += value(value);
            }
        }
        return cost;
    }

    private static long value(/* nullable */ Object value) {
        if (value == null || value instanceof Boolean) {
            return 0;
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof byte[] blob) {
            return align(ARRAY_HEADER + blob.length);
        }
        if (value instanceof BigDecimal decimal) {
            // The decimal, its BigInteger and the magnitude's ints, about 10 digits per int.
            return align(HEADER + 4 + 4 + 8 + 2L * REFERENCE) + align(HEADER + 6 * 4 + REFERENCE)
                    + align(ARRAY_HEADER + 4L * (decimal.precision() / 9 + 1));
        }
        if (value instanceof Number || value instanceof java.util.Date) {
            // java.sql.Timestamp adds its nanos to the Date's fields, still within 32.
            return value instanceof java.sql.Timestamp ? 32 : BOX + (value instanceof Long || value instanceof Double ? 8 : 0);
        }
        // LocalDateTime, OffsetDateTime and the like: a few small objects.
        return 4 * BOX + 16;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}

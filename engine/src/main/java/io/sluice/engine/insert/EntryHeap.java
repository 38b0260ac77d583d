package io.sluice.engine.insert;

import io.sluice.spi.BufferEntry;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a buffered INSERT costs on the heap at most: the amount charged against
 * {@code async_insert_max_buffered_bytes} so that the bound is a bound on memory, not on data alone (a 13-byte
 * row once cost about 330 bytes of heap, and a bound counting only data let the JVM run out of memory long
 * before it was reached).
 *
 * <p>An entry costs most during its flush: the flush holds it as a {@code BufferEntry} object (the memory
 * buffer rebuilds the objects from its compact pages when drained, a durable buffer keeps them all along) and
 * a few slots per entry of the flush's arrays, for as long as its write is retried. That peak is what is
 * charged, from the entry's append to its flush's end: {@link #held} and {@link #FLUSH}, and for a caller
 * that waits its {@link PendingInsert} and a list slot. While it only waits in the memory buffer, an entry
 * takes far less (its data, or its typed rows encoded a tag per value, and 28 bytes of page slots; see the
 * memory buffer's {@code CompactEntries}): the drain rebuilds rows with their boxes, which the charge counts.
 *
 * <p>Sizes assume a 64-bit HotSpot JVM with compressed references (heaps under 32 GB: 12-byte object
 * headers, 4-byte references, 8-byte alignment); with larger heaps references are 8 bytes and the estimate
 * switches to those. Per entry held as an object, checked against a class histogram:
 * <ul>
 *   <li>the {@code BufferEntry} record: header, two longs, two ints, six references: 64 bytes;
 *   <li>its slot in the list that holds it, grown by half when full: 8 bytes;
 *   <li>each string it owns (data, query id, deduplication token, log comment): a 24-byte {@code String},
 *       a 16-byte array header and its characters, one byte each when all are Latin-1, two otherwise;
 *   <li>typed rows: the list, one array per row, and one box per value (16 bytes for a number, the string or
 *       array for text and blobs, more for decimals and date-times).
 * </ul>
 * Per-key and per-batch structures are not counted, nor the rows a flush parses: it parses one batch at a
 * time per table lane.
 */
public final class EntryHeap {
    private static final boolean WIDE_REFERENCES = Runtime.getRuntime().maxMemory() >= 32L << 30;
    private static final int REFERENCE = WIDE_REFERENCES ? 8 : 4;
    private static final int HEADER = WIDE_REFERENCES ? 16 : 12;
    private static final int ARRAY_HEADER = 16;
    /** The {@code BufferEntry}: two longs, two ints and six references. */
    static final long ENTRY = align(HEADER + 8 + 8 + 4 + 4 + 6L * REFERENCE);
    /**
     * A waiting caller's {@link PendingInsert}: the future's result and stack, its sequence, durability stage
     * and batch, two flags.
     */
    static final long PENDING = align(HEADER + 2L * REFERENCE + 8 + 2L * REFERENCE + 3);
    /** A reference in a list, the list half empty at worst after growing. */
    static final long LIST_SLOT = REFERENCE + REFERENCE / 2 + 2;
    /** The flush's per-entry slots: row count, row start, error, status, ledger id, caller, two flags, duplicate rows. */
    static final long FLUSH = 8 + 4 + 4L * REFERENCE + 1 + 1 + 8;
    /** What a boxed number, a {@code java.sql.Date} or a small object costs. */
    private static final long BOX = 16;

    private EntryHeap() {}

    /** What an entry is charged from its append to its flush's end; {@code waits} when its caller waits for the flush. */
    public static long of(BufferEntry entry, boolean waits) {
        return of(entry.data(), entry.rows(), entry.queryId(), entry.deduplicationToken(), entry.logComment(), waits);
    }

    /**
     * {@link #of(BufferEntry, boolean)} of the entry these would make.
     *
     * @param data the text the entry keeps ({@code null} for typed rows)
     * @param rows typed rows ({@code null} for text)
     */
    public static long of(/* nullable */ String data, /* nullable */ List<Object[]> rows, String queryId, String deduplicationToken,
            String logComment, boolean waits) {
        return held(data, rows, queryId, deduplicationToken, logComment) + FLUSH + (waits ? PENDING + LIST_SLOT : 0);
    }

    /** The heap cost of an entry held as an object: the record, its strings and rows, and its slot in a list. */
    public static long held(BufferEntry entry) {
        return held(entry.data(), entry.rows(), entry.queryId(), entry.deduplicationToken(), entry.logComment());
    }

    private static long held(/* nullable */ String data, /* nullable */ List<Object[]> rows, String queryId, String deduplicationToken,
            String logComment) {
        long cost = ENTRY + LIST_SLOT + string(data) + string(queryId) + string(deduplicationToken) + string(logComment);
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

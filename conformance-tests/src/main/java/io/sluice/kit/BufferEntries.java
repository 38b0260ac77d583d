package io.sluice.kit;

import io.sluice.spi.BufferEntry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BufferEntry} fixtures, and a way to compare entries by content (a record compares its row
 * arrays by identity, so two equal entries read back from disk would not be {@code equals}).
 */
public final class BufferEntries {
    /** The wall time the fixtures' entries were accepted at: 2026-01-01T00:00:00Z, the kit clock's start. */
    public static final long ENQUEUED_EPOCH_MICROS = 1_767_225_600_000_000L;

    private BufferEntries() {}

    /**
     * An entry of raw inline data, as an {@code INSERT … VALUES} holds it: the statement text, with the
     * data starting after {@code VALUES }.
     *
     * @param sequence the engine's sequence number
     * @param keyId the buffer key
     * @param values the inline data, e.g. {@code (1, 'a')}
     * @return the entry
     */
    public static BufferEntry raw(long sequence, String keyId, String values) {
        String head = "INSERT INTO kit_table VALUES ";
        String data = head + values;
        return new BufferEntry(sequence, keyId, "kit-query-" + sequence, ENQUEUED_EPOCH_MICROS + sequence, data, head.length(), null,
                values.length(), "", "");
    }

    /**
     * An entry as the engine builds one for an {@code INSERT … VALUES} it buffers: the inline data alone
     * (starting at 0), a UUID query id, no deduplication token or log comment.
     *
     * @param sequence the engine's sequence number
     * @param keyId the buffer key
     * @param values the inline data, e.g. {@code (1, 'a')}
     * @return the entry
     */
    public static BufferEntry inline(long sequence, String keyId, String values) {
        String queryId = new java.util.UUID(sequence * 0x9E3779B97F4A7C15L, ~sequence).toString();
        return new BufferEntry(sequence, keyId, queryId, ENQUEUED_EPOCH_MICROS + sequence, values, 0, null, values.length(), "", "");
    }

    /**
     * An entry of typed rows, as a prepared statement's parameters give them.
     *
     * @param sequence the engine's sequence number
     * @param keyId the buffer key
     * @param rows the rows; the entry keeps the list, not a copy
     * @return the entry
     */
    public static BufferEntry typed(long sequence, String keyId, List<Object[]> rows) {
        int bytes = 0;
        for (Object[] row : rows) {
            bytes += Arrays.deepToString(row).length();
        }
        return new BufferEntry(sequence, keyId, "kit-query-" + sequence, ENQUEUED_EPOCH_MICROS + sequence, null, 0, rows, bytes,
                "token-" + sequence, "comment " + sequence);
    }

    /**
     * A typed entry holding one row of every Java type a row may carry: {@code Long}, {@code Double},
     * {@code String} (with characters outside ASCII), {@code BigDecimal}, {@code byte[]} and {@code null}.
     *
     * @param sequence the engine's sequence number
     * @param keyId the buffer key
     * @return the entry
     */
    public static BufferEntry typedOfEveryKind(long sequence, String keyId) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {sequence, 2.5, "zürich ✓", new BigDecimal("12345678901234567890.125"), new byte[] {0, 1, (byte) 0xff}, null});
        rows.add(new Object[] {-sequence, -0.0, "", BigDecimal.ZERO, new byte[0], null});
        return typed(sequence, keyId, rows);
    }

    /**
     * Every component of an entry as text, rows element by element, for comparing entries by content.
     *
     * @param entry the entry
     * @return a one-line description
     */
    public static String describe(BufferEntry entry) {
        return "BufferEntry[sequence=" + entry.sequence() + ", keyId=" + entry.keyId() + ", queryId=" + entry.queryId()
                + ", enqueuedEpochMicros=" + entry.enqueuedEpochMicros() + ", data=" + entry.data() + ", dataStart=" + entry.dataStart()
                + ", rows=" + (entry.rows() == null ? "null" : describeRows(entry.rows())) + ", bytes=" + entry.bytes()
                + ", deduplicationToken=" + entry.deduplicationToken() + ", logComment=" + entry.logComment() + "]";
    }

    /**
     * {@link #describe} of each entry, in order.
     *
     * @param entries the entries
     * @return one description per entry
     */
    public static List<String> describeAll(List<BufferEntry> entries) {
        return entries.stream().map(BufferEntries::describe).toList();
    }

    private static String describeRows(List<Object[]> rows) {
        List<String> rendered = new ArrayList<>();
        for (Object[] row : rows) {
            List<String> values = new ArrayList<>();
            for (Object value : row) {
                values.add(value == null ? "null"
                        : value instanceof byte[] bytes ? "byte[]" + Arrays.toString(bytes)
                        : value.getClass().getSimpleName() + ":" + value);
            }
            rendered.add(values.toString());
        }
        return rendered.toString();
    }
}

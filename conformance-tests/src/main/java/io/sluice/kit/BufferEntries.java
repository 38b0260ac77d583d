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

    private static final String PREPARED_SQL = "INSERT INTO kit_table (a, b, c) VALUES (?, ?, ?)";

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
     * An entry as the engine builds one for a prepared statement's parameters: typed rows, the statement's text
     * with its data start after {@code VALUES}, a UUID query id, no deduplication token or log comment, and the
     * engine's estimate as its byte count.
     *
     * @param sequence the engine's sequence number
     * @param keyId the buffer key
     * @param rows the rows; the entry keeps the list, not a copy
     * @return the entry
     */
    public static BufferEntry prepared(long sequence, String keyId, List<Object[]> rows) {
        String queryId = new java.util.UUID(sequence * 0x9E3779B97F4A7C15L, ~sequence).toString();
        return new BufferEntry(sequence, keyId, queryId, ENQUEUED_EPOCH_MICROS + sequence, PREPARED_SQL, PREPARED_SQL.indexOf("(?"), rows,
                200 + 37 * rows.size(), "", "");
    }

    /**
     * The values a driver's setters bind, one of each class typed rows carry ({@code setLong}, {@code setInt},
     * {@code setTimestamp}, {@code setObject(LocalDate)}…), with edges of each: extreme numbers, a double with a
     * NaN payload and a negative zero, text in Latin-1, beyond it and with a lone surrogate, decimals of any scale.
     *
     * @param seed varies the values
     * @return a row of them
     */
    public static Object[] valuesOfEveryClass(long seed) {
        java.sql.Timestamp timestamp = java.sql.Timestamp.valueOf("2026-01-15 10:20:30.123456789");
        timestamp.setTime(timestamp.getTime() + seed * 1000);
        timestamp.setNanos((int) (seed % 1_000_000_000L));
        return new Object[] {seed, Long.MIN_VALUE, (int) seed, Integer.MAX_VALUE, (short) -3, (byte) 7, seed * 0.5, -0.0,
            Double.longBitsToDouble(0x7FF8_0000_0000_0001L), 1.25f, seed % 2 == 0, "name " + seed, "zürich ✓ 🚀 " + seed, "lone \uD800",
            "", new BigDecimal(seed + ".0500"), new BigDecimal("-1E+30"), new java.math.BigInteger("-123456789012345678901234567890"),
            new byte[] {(byte) seed, 0, (byte) 0xff}, new byte[0], 'q', timestamp, java.sql.Date.valueOf("1969-07-20"),
            java.sql.Time.valueOf("23:59:58"), java.time.LocalDate.of(2026, 2, 28).plusDays(seed % 400),
            java.time.LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1).plusSeconds(seed), java.time.LocalTime.of(12, 0, 0, 999),
            java.time.OffsetDateTime.of(2026, 6, 1, 8, 30, 0, 5, java.time.ZoneOffset.ofHoursMinutes(5, 45)),
            java.time.Instant.ofEpochSecond(-seed, 7), new java.util.UUID(seed, -seed), null};
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
            if (row == null) {
                rendered.add("null row");
                continue;
            }
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

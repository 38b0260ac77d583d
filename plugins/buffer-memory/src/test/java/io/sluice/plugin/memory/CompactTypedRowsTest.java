package io.sluice.plugin.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.BufferEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Typed rows kept in the memory buffer's byte blocks come back as equal values of the same classes. */
class CompactTypedRowsTest {
    private static final long EPOCH_MICROS = 1_767_225_600_000_000L;

    private static final String SQL = "INSERT INTO t (a, b, c) VALUES (?, ?, ?)";

    private static BufferEntry typed(long sequence, List<Object[]> rows, int bytes) {
        return typed(sequence, SQL, rows, bytes);
    }

    /** An entry as the engine builds one for a prepared statement: its text passed along, the data starting after VALUES. */
    private static BufferEntry typed(long sequence, String sql, List<Object[]> rows, int bytes) {
        return new BufferEntry(sequence, "k", new UUID(sequence * 0x9E3779B97F4A7C15L, ~sequence).toString(), EPOCH_MICROS + sequence * 17,
                sql, sql == null ? 0 : sql.indexOf("(?"), rows, bytes, "", "");
    }

    private static BufferEntry inline(long sequence, String values) {
        return new BufferEntry(sequence, "k", new UUID(sequence, sequence).toString(), EPOCH_MICROS + sequence, values, 0, null,
                values.length(), "", "");
    }

    /** One value of every class the engine's typed rows hold, with the edges of each encoding. */
    static List<Object> everyValue() {
        java.sql.Timestamp nanos = java.sql.Timestamp.valueOf("2026-03-29 02:30:00.123456789");
        java.sql.Timestamp beforeEpoch = new java.sql.Timestamp(-1_234_567L);
        beforeEpoch.setNanos(999_999_999);
        List<Object> values = new ArrayList<>(Arrays.asList(null, 0L, Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0, Integer.MIN_VALUE,
                Integer.MAX_VALUE, (short) -32768, (short) 7, (byte) -128, (byte) 127, 2.5, -0.0, Double.longBitsToDouble(0x7FF8_0000_0000_0123L),
                Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1.5f, Float.intBitsToFloat(0x7FC0_0123), -0.0f, true, false, "", "plain ascii",
                "zürich é ÿ", "✓ ж 🚀", "lone \uD800 surrogate", "\uDC00", "x".repeat(70_000), new BigDecimal("12345678901234567890.125"),
                new BigDecimal("-0.000"), new BigDecimal(new BigInteger("-987654321987654321987654321"), -12), BigDecimal.ZERO,
                new BigInteger("-340282366920938463463374607431768211457"), BigInteger.ZERO, new byte[0], new byte[] {0, 1, (byte) 0xff},
                'a', '\uD83D', (char) 0xFFFF, nanos, beforeEpoch, new java.sql.Timestamp(0), java.sql.Date.valueOf("1969-12-31"),
                new java.sql.Date(1_767_225_600_123L), java.sql.Time.valueOf("23:59:59"), new java.sql.Time(-5L),
                LocalDateTime.of(2026, 10, 25, 2, 30, 0, 1), LocalDateTime.MIN, LocalDateTime.MAX, LocalDate.of(1, 1, 1), LocalDate.MAX,
                LocalTime.MIDNIGHT, LocalTime.MAX, OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(-9, -30)),
                OffsetDateTime.MIN, OffsetDateTime.MAX, Instant.ofEpochSecond(-1, 999_999_999), Instant.MAX, Instant.MIN,
                new UUID(Long.MIN_VALUE, -1L), UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        return values;
    }

    private static void assertSameValues(List<Object[]> actual, List<Object[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            Object[] want = expected.get(r);
            Object[] got = actual.get(r);
            if (want == null) {
                assertThat(got).as("row %d", r).isNull();
                continue;
            }
            assertThat(got).as("row %d", r).hasSameSizeAs(want);
            for (int c = 0; c < want.length; c++) {
                Object w = want[c];
                Object g = got[c];
                String where = "row " + r + " column " + c + " (" + (w == null ? "null" : w.getClass().getSimpleName()) + ")";
                if (w == null) {
                    assertThat(g).as(where).isNull();
                } else if (w instanceof byte[] bytes) {
                    assertThat(g).as(where).isInstanceOf(byte[].class);
                    assertThat((byte[]) g).as(where).containsExactly(bytes);
                } else {
                    assertThat(g).as(where).isNotNull();
                    assertThat(g.getClass()).as(where).isEqualTo(w.getClass());
                    assertThat(g).as(where).isEqualTo(w);
                    assertThat(g.toString()).as(where).isEqualTo(w.toString());
                    if (w instanceof Double d) {
                        assertThat(Double.doubleToRawLongBits((Double) g)).as(where).isEqualTo(Double.doubleToRawLongBits(d));
                    } else if (w instanceof Float f) {
                        assertThat(Float.floatToRawIntBits((Float) g)).as(where).isEqualTo(Float.floatToRawIntBits(f));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("every value class comes back equal and of its class, from rows rebuilt out of the byte blocks, not the rows given")
    void everyValueClassRoundTrips() {
        List<Object> values = everyValue();
        List<Object[]> rows = new ArrayList<>();
        rows.add(values.toArray());
        for (Object value : values) {
            rows.add(new Object[] {value});
        }
        rows.add(null);
        rows.add(new Object[0]);
        BufferEntry entry = typed(5, rows, 123_456);
        CompactEntries store = new CompactEntries("k");
        store.add(entry);

        List<BufferEntry> entries = store.entries();
        assertThat(entries).hasSize(1);
        BufferEntry back = entries.get(0);
        assertThat(back.rows()).as("rebuilt from the blocks, not kept").isNotSameAs(rows);
        assertThat(back.rows().get(0)).isNotSameAs(rows.get(0));
        assertSameValues(back.rows(), rows);
        assertThat(new BufferEntry(back.sequence(), back.keyId(), back.queryId(), back.enqueuedEpochMicros(), back.data(), back.dataStart(),
                entry.rows(), back.bytes(), back.deduplicationToken(), back.logComment())).isEqualTo(entry);
        // A peek leaves the store as it was: a second look rebuilds the same rows.
        assertSameValues(store.entries().get(0).rows(), rows);
    }

    @Test
    @DisplayName("typed and inline entries interleaved over many blocks, large rows among them, come back in order")
    void typedAndInlineInterleaved() {
        CompactEntries store = new CompactEntries("k");
        List<BufferEntry> appended = new ArrayList<>();
        List<Object> values = everyValue();
        for (int i = 1; i <= 3000; i++) {
            BufferEntry entry;
            if (i % 3 == 0) {
                entry = inline(i, "(" + i + ", '" + "y".repeat(i % 300) + "')");
            } else if (i % 500 == 1) {
                entry = typed(i, List.<Object[]>of(new Object[] {(long) i, "z".repeat(100_000 + i)}), -i);
            } else if (i % 7 == 0) {
                // Statement texts that are equal but not the same string, other texts, and none.
                String sql = i % 5 == 0 ? null : new String(i % 2 == 0 ? SQL : "INSERT INTO t (c, b, a) VALUES (?, ?, ?)");
                entry = typed(i, sql, List.<Object[]>of(new Object[] {(long) i, "other " + i}), i);
            } else {
                entry = typed(i, List.<Object[]>of(new Object[] {(long) i, values.get(i % values.size()), "name " + i},
                        new Object[] {i, null, java.sql.Timestamp.valueOf("2026-01-01 00:00:00." + i)}), i * 40);
            }
            store.add(entry);
            appended.add(entry);
        }
        List<BufferEntry> back = store.entries();
        assertThat(back).hasSameSizeAs(appended);
        for (int i = 0; i < appended.size(); i++) {
            BufferEntry want = appended.get(i);
            BufferEntry got = back.get(i);
            assertThat(List.of(got.sequence(), got.queryId(), got.enqueuedEpochMicros(), got.bytes(), String.valueOf(got.data()), got.dataStart()))
                    .as("entry %d", i)
                    .isEqualTo(List.of(want.sequence(), want.queryId(), want.enqueuedEpochMicros(), want.bytes(), String.valueOf(want.data()),
                            want.dataStart()));
            if (want.rows() == null) {
                assertThat(got.rows()).isNull();
            } else {
                assertThat(got.rows()).isNotSameAs(want.rows());
                assertSameValues(got.rows(), want.rows());
            }
        }
    }

    /** A decimal of its own class, which the encoding would rebuild as a plain BigDecimal. */
    private static final class OwnDecimal extends BigDecimal {
        private static final long serialVersionUID = 1L;

        OwnDecimal(String value) {
            super(value);
        }
    }

    @Test
    @DisplayName("rows holding a value of a class not encoded, or entries with a token or a query id not a UUID, are kept as given")
    void otherEntriesKeptWhole() {
        CompactEntries store = new CompactEntries("k");
        List<Object[]> zoned = List.<Object[]>of(new Object[] {1L, ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris"))});
        List<Object[]> subclass = List.<Object[]>of(new Object[] {new OwnDecimal("1.5")});
        List<Object[]> plain = List.<Object[]>of(new Object[] {1L, "a"});
        BufferEntry token = new BufferEntry(3, "k", new UUID(3, 3).toString(), EPOCH_MICROS, null, 0, plain, 10, "token", "");
        BufferEntry namedQuery = new BufferEntry(4, "k", "my-query", EPOCH_MICROS, null, 0, plain, 10, "", "");
        List<BufferEntry> appended = new ArrayList<>(List.of(typed(1, zoned, 10), typed(2, subclass, 10), token, namedQuery));
        // One key's statements share a few texts; past CompactEntries.MAX_TEXTS distinct ones an entry is kept as given.
        for (int i = 0; i <= CompactEntries.MAX_TEXTS; i++) {
            appended.add(typed(10 + i, "INSERT INTO t" + i + " VALUES (?, ?)", plain, 10));
        }
        appended.add(typed(100, "INSERT INTO t0 VALUES (?, ?)", plain, 10));
        appended.forEach(store::add);
        List<BufferEntry> back = store.entries();
        List<Integer> whole = new ArrayList<>();
        for (int i = 0; i < appended.size(); i++) {
            assertThat(back.get(i).data()).as("entry %d", i).isEqualTo(appended.get(i).data());
            assertSameValues(back.get(i).rows(), appended.get(i).rows());
            if (back.get(i) == appended.get(i)) {
                whole.add(i);
            }
        }
        assertThat(whole).containsExactly(0, 1, 2, 3, 4 + CompactEntries.MAX_TEXTS);
    }

    @Test
    @DisplayName("a query id is kept as two numbers only in UUID.toString's form; every other id comes back as it was given")
    void queryIdsComeBackExactly() {
        CompactEntries store = new CompactEntries("k");
        String[] ids = {new UUID(-1L, Long.MIN_VALUE).toString(), "00000000-0000-0000-0000-000000000000", "FEDCBA98-7654-4321-8FED-CBA987654321",
                "fedcba98-7654-4321-8fed-cba98765432g", "fedcba98_7654-4321-8fed-cba987654321", "fedcba98-7654-4321-8fed-cba98765432",
                "fedcba98-7654-4321-8fed-cba9876543210", "fedcba98-7654-4321-8fed-cba98765432\u0661", "{edcba98-7654-4321-8fed-cba9876543}", ""};
        List<BufferEntry> appended = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            appended.add(new BufferEntry(i, "k", ids[i], EPOCH_MICROS + i, "(" + i + ")", 0, null, 3, "", ""));
            appended.add(new BufferEntry(100 + i, "k", ids[i], EPOCH_MICROS + i, SQL, SQL.indexOf("(?"),
                    List.<Object[]>of(new Object[] {(long) i, "a", null}), 10, "", ""));
        }
        appended.forEach(store::add);
        List<BufferEntry> back = store.entries();
        List<Integer> whole = new ArrayList<>();
        for (int i = 0; i < appended.size(); i++) {
            assertThat(back.get(i).queryId()).as("entry %d", i).isEqualTo(appended.get(i).queryId());
            assertThat(back.get(i).data()).as("entry %d", i).isEqualTo(appended.get(i).data());
            if (back.get(i) == appended.get(i)) {
                whole.add(i);
            }
        }
        // The first two ids are UUIDs: their entries are rebuilt; every entry of another id is kept as given.
        assertThat(whole).containsExactly(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }
}

package io.sluice.plugin.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Typed rows (a prepared statement's parameters) as bytes, one tag per value, and back: the values come back
 * equal to the ones encoded, of the same class. Integers are zig-zag varints, doubles and floats their raw
 * bits, text Latin-1 (one byte a character), UTF-8, or UTF-16 code units for text with a lone surrogate;
 * {@code java.sql.Timestamp}, {@code Date} and {@code Time} their instant (milliseconds, and the timestamp's
 * nanoseconds), so that the rebuilt value is the same instant and renders the same in any time zone, as the
 * original would; {@code java.time} values their fields.
 *
 * <pre>
 * rows  = varint row count, then per row: varint 0 for a null row, else varint column count + 1 and one value
 *         per column
 * value = tag byte and its body (see the TAG_ constants)
 * </pre>
 *
 * Only the classes listed are encoded, matched exactly (a subclass of {@code BigDecimal} or
 * {@code Timestamp} would not come back as itself): {@link #encodable} says whether every value is one of them.
 * Stateless apart from the {@link Out} a caller passes.
 */
final class TypedRows {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INTEGER = 2;
    private static final byte SHORT = 3;
    private static final byte BYTE = 4;
    private static final byte DOUBLE = 5;
    private static final byte FLOAT = 6;
    private static final byte TRUE = 7;
    private static final byte FALSE = 8;
    private static final byte LATIN1 = 9;
    private static final byte UTF8 = 10;
    private static final byte UTF16 = 11;
    private static final byte DECIMAL = 12;
    private static final byte BIG_INTEGER = 13;
    private static final byte BYTES = 14;
    private static final byte CHARACTER = 15;
    private static final byte SQL_TIMESTAMP = 16;
    private static final byte SQL_DATE = 17;
    private static final byte SQL_TIME = 18;
    private static final byte LOCAL_DATE_TIME = 19;
    private static final byte LOCAL_DATE = 20;
    private static final byte LOCAL_TIME = 21;
    private static final byte OFFSET_DATE_TIME = 22;
    private static final byte INSTANT = 23;
    private static final byte UUID_VALUE = 24;

    private TypedRows() {}

    /** Whether every row is null or an array of values of the classes encoded here (or null). */
    static boolean encodable(List<Object[]> rows) {
        for (int r = 0, n = rows.size(); r < n; r++) {
            Object[] row = rows.get(r);
            if (row == null) {
                continue;
            }
            for (Object value : row) {
                if (!encodable(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean encodable(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        return type == Long.class || type == Integer.class || type == String.class || type == Double.class || type == BigDecimal.class
                || type == byte[].class || type == Boolean.class || type == java.sql.Timestamp.class || type == LocalDateTime.class
                || type == LocalDate.class || type == java.sql.Date.class || type == Short.class || type == Byte.class || type == Float.class
                || type == BigInteger.class || type == Character.class || type == java.sql.Time.class || type == LocalTime.class
                || type == OffsetDateTime.class || type == Instant.class || type == UUID.class;
    }

    /** Appends {@code rows}, all {@link #encodable}, to {@code out}. */
    static void encode(List<Object[]> rows, Out out) {
        out.varint(rows.size());
        for (int r = 0, n = rows.size(); r < n; r++) {
            Object[] row = rows.get(r);
            if (row == null) {
                out.varint(0);
                continue;
            }
            out.varint(row.length + 1L);
            for (Object value : row) {
                value(value, out);
            }
        }
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies Latin-1 text without a temporary array
    private static void value(Object value, Out out) {
        if (value == null) {
            out.i8(NULL);
        } else if (value instanceof Long l) {
            out.i8(LONG);
            out.zigzag(l);
        } else if (value instanceof Integer i) {
            out.i8(INTEGER);
            out.zigzag(i);
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Double d) {
            out.i8(DOUBLE);
            out.i64(Double.doubleToRawLongBits(d));
        } else if (value instanceof BigDecimal d) {
            out.i8(DECIMAL);
            out.zigzag(d.scale());
            out.blob(d.unscaledValue().toByteArray());
        } else if (value instanceof byte[] b) {
            out.i8(BYTES);
            out.blob(b);
        } else if (value instanceof Boolean b) {
            out.i8(b ? TRUE : FALSE);
        } else if (value instanceof java.sql.Timestamp t) {
            out.i8(SQL_TIMESTAMP);
            out.zigzag(Math.floorDiv(t.getTime(), 1000L));
            out.varint(t.getNanos());
        } else if (value instanceof LocalDateTime t) {
            out.i8(LOCAL_DATE_TIME);
            out.zigzag(t.toLocalDate().toEpochDay());
            out.varint(t.toLocalTime().toNanoOfDay());
        } else if (value instanceof LocalDate d) {
            out.i8(LOCAL_DATE);
            out.zigzag(d.toEpochDay());
        } else if (value instanceof java.sql.Date d) {
            out.i8(SQL_DATE);
            out.zigzag(d.getTime());
        } else {
            rarer(value, out);
        }
    }

    private static void rarer(Object value, Out out) {
        if (value instanceof Short s) {
            out.i8(SHORT);
            out.zigzag(s);
        } else if (value instanceof Byte b) {
            out.i8(BYTE);
            out.i8(b);
        } else if (value instanceof Float f) {
            out.i8(FLOAT);
            out.i32(Float.floatToRawIntBits(f));
        } else if (value instanceof BigInteger i) {
            out.i8(BIG_INTEGER);
            out.blob(i.toByteArray());
        } else if (value instanceof Character c) {
            out.i8(CHARACTER);
            out.varint(c);
        } else if (value instanceof java.sql.Time t) {
            out.i8(SQL_TIME);
            out.zigzag(t.getTime());
        } else if (value instanceof LocalTime t) {
            out.i8(LOCAL_TIME);
            out.varint(t.toNanoOfDay());
        } else if (value instanceof OffsetDateTime t) {
            out.i8(OFFSET_DATE_TIME);
            out.zigzag(t.toLocalDate().toEpochDay());
            out.varint(t.toLocalTime().toNanoOfDay());
            out.zigzag(t.getOffset().getTotalSeconds());
        } else if (value instanceof Instant t) {
            out.i8(INSTANT);
            out.zigzag(t.getEpochSecond());
            out.varint(t.getNano());
        } else if (value instanceof UUID u) {
            out.i8(UUID_VALUE);
            out.i64(u.getMostSignificantBits());
            out.i64(u.getLeastSignificantBits());
        } else {
            throw new IllegalArgumentException("not encodable: " + value.getClass().getName());
        }
    }

    @SuppressWarnings("deprecation")
    private static void string(String s, Out out) {
        int n = s.length();
        boolean latin1 = true;
        boolean wellFormed = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                latin1 = false;
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                    } else {
                        wellFormed = false;
                        break;
                    }
                }
            }
        }
        if (latin1) {
            out.i8(LATIN1);
            out.varint(n);
            out.ensure(n);
            s.getBytes(0, n, out.bytes, out.length);
            out.length += n;
        } else if (wellFormed) {
            out.i8(UTF8);
            out.blob(s.getBytes(StandardCharsets.UTF_8));
        } else {
            // UTF-8 would turn a lone surrogate into '?': the exact code units instead.
            out.i8(UTF16);
            out.varint(n);
            out.ensure(2 * n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                out.bytes[out.length++] = (byte) (c >>> 8);
                out.bytes[out.length++] = (byte) c;
            }
        }
    }

    /** The rows encoded at {@code in}'s position, rebuilt; {@code in} is left after them. */
    static List<Object[]> decode(In in) {
        int count = (int) in.varint();
        if (count == 1) {
            // A PreparedStatement's executeUpdate: one row, one object for its list.
            return Collections.singletonList(row(in));
        }
        Object[][] rows = new Object[count][];
        for (int r = 0; r < count; r++) {
            rows[r] = row(in);
        }
        return Collections.unmodifiableList(Arrays.asList(rows));
    }

    private static Object[] row(In in) {
        int columns = (int) in.varint() - 1;
        if (columns < 0) {
            return null;
        }
        Object[] row = new Object[columns];
        for (int c = 0; c < columns; c++) {
            row[c] = in.value();
        }
        return row;
    }

    /** A growing byte array that values are appended to. */
    static final class Out {
        byte[] bytes;
        int length;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        void ensure(int more) {
            if (bytes.length - length < more) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) bytes.length * 2, (long) length + more)));
            }
        }

        void i8(int value) {
            ensure(1);
            bytes[length++] = (byte) value;
        }

        void i32(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void i64(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[length++] = (byte) (value & 0x7F | 0x80);
                value >>>= 7;
            }
            bytes[length++] = (byte) value;
        }

        void zigzag(long value) {
            varint(value << 1 ^ value >> 63);
        }

        void blob(byte[] value) {
            varint(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, length, value.length);
            length += value.length;
        }
    }

    /** Reads values back from a byte array. */
    static final class In {
        private final byte[] bytes;
        int position;

        In(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        long varint() {
            long value = 0;
            for (int shift = 0;; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        private long zigzag() {
            long value = varint();
            return value >>> 1 ^ -(value & 1);
        }

        private long i64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (bytes[position++] & 0xFF);
            }
            return value;
        }

        private int i32() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                value = value << 8 | (bytes[position++] & 0xFF);
            }
            return value;
        }

        private byte[] blob() {
            int length = (int) varint();
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }

        Object value() {
            byte tag = bytes[position++];
            return switch (tag) {
                case NULL -> null;
                case LONG -> zigzag();
                case INTEGER -> (int) zigzag();
                case SHORT -> (short) zigzag();
                case BYTE -> bytes[position++];
                case DOUBLE -> Double.longBitsToDouble(i64());
                case FLOAT -> Float.intBitsToFloat(i32());
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case LATIN1 -> text(StandardCharsets.ISO_8859_1);
                case UTF8 -> text(StandardCharsets.UTF_8);
                case UTF16 -> {
                    char[] units = new char[(int) varint()];
                    for (int i = 0; i < units.length; i++) {
                        units[i] = (char) ((bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF);
                        position += 2;
                    }
                    yield new String(units);
                }
                case DECIMAL -> {
                    int scale = (int) zigzag();
                    yield new BigDecimal(new BigInteger(blob()), scale);
                }
                case BIG_INTEGER -> new BigInteger(blob());
                case BYTES -> blob();
                case CHARACTER -> (char) varint();
                case SQL_TIMESTAMP -> {
                    java.sql.Timestamp timestamp = new java.sql.Timestamp(zigzag() * 1000L);
                    timestamp.setNanos((int) varint());
                    yield timestamp;
                }
                case SQL_DATE -> new java.sql.Date(zigzag());
                case SQL_TIME -> new java.sql.Time(zigzag());
                case LOCAL_DATE_TIME -> localDateTime();
                case LOCAL_DATE -> LocalDate.ofEpochDay(zigzag());
                case LOCAL_TIME -> LocalTime.ofNanoOfDay(varint());
                case OFFSET_DATE_TIME -> {
                    LocalDateTime local = localDateTime();
                    yield OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds((int) zigzag()));
                }
                case INSTANT -> {
                    long seconds = zigzag();
                    yield Instant.ofEpochSecond(seconds, varint());
                }
                case UUID_VALUE -> {
                    long most = i64();
                    yield new UUID(most, i64());
                }
                default -> throw new IllegalStateException("unknown value tag " + tag + " at " + (position - 1));
            };
        }

        private LocalDateTime localDateTime() {
            LocalDate date = LocalDate.ofEpochDay(zigzag());
            return LocalDateTime.of(date, LocalTime.ofNanoOfDay(varint()));
        }

        private String text(java.nio.charset.Charset charset) {
            int length = (int) varint();
            String text = new String(bytes, position, length, charset);
            position += length;
            return text;
        }
    }
}

package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Encodes rows in PostgreSQL's COPY text format, UTF-8: columns separated by a tab, rows ended by a
 * newline, SQL NULL as {@code \N}, and in values a backslash, newline, carriage return and tab escaped with
 * a backslash, so that an empty string stays distinct from NULL and no value can end a row or the data.
 * {@code bytea} values are written in hex ({@code \\x0aff}: the backslash of bytea's hex form is itself
 * escaped). Not thread-safe: one encoder per COPY. Hot path: writes bytes into one growing array.
 */
final class CopyTextEncoder {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int size;

    CopyTextEncoder(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** The encoded bytes are {@code buffer()[0, size())}. */
    byte[] buffer() {
        return buffer;
    }

    int size() {
        return size;
    }

    /** Forgets what was encoded, keeping the array. */
    void reset() {
        size = 0;
    }

    /** Appends one row: the values at positions {@code written} of {@code row}. */
    void row(Object[] row, int[] written, java.util.List<ColumnInfo> columns) {
        for (int i = 0; i < written.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(row[written[i]], columns.get(written[i]));
        }
        put((byte) '\n');
    }

    /** Appends one value in the text form PostgreSQL's input function for {@code column}'s type reads. */
    void value(Object value, ColumnInfo column) {
        if (value == null) {
            put(NULL);
        } else if (value instanceof Long number) {
            if (column.type() == ValueType.BOOLEAN) {
                put(number != 0 ? (byte) 't' : (byte) 'f');
            } else {
                ascii(Long.toString(number));
            }
        } else if (value instanceof String text) {
            text(text);
        } else if (value instanceof Double number) {
            // NUMERIC keeps the decimal the value was written as (0.1, not 0.1000000000000000055…).
            ascii(column.type() == ValueType.NUMERIC ? BigDecimal.valueOf(number).toString() : Double.toString(number));
        } else if (value instanceof BigDecimal number) {
            ascii(number.toString());
        } else if (value instanceof byte[] bytes) {
            bytea(bytes);
        } else if (value instanceof Boolean bool) {
            put(bool ? (byte) 't' : (byte) 'f');
        } else {
            text(value.toString());
        }
    }

    private void bytea(byte[] bytes) {
        ensure(3 + 2 * bytes.length);
        buffer[size++] = '\\';
        buffer[size++] = '\\';
        buffer[size++] = 'x';
        for (byte b : bytes) {
            buffer[size++] = HEX[(b >> 4) & 0xf];
            buffer[size++] = HEX[b & 0xf];
        }
    }

    /** Text escaped for COPY and encoded as UTF-8 (an unpaired surrogate becomes {@code ?}, as String.getBytes does). */
    private void text(String text) {
        int length = text.length();
        // Worst case: 3 bytes per char (BMP) or 2 per escaped ASCII char; a surrogate pair takes 4 for 2 chars.
        ensure(3 * length);
        byte[] out = buffer;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        out[at++] = '\\';
                        out[at++] = '\\';
                    }
                    case '\n' -> {
                        out[at++] = '\\';
                        out[at++] = 'n';
                    }
                    case '\r' -> {
                        out[at++] = '\\';
                        out[at++] = 'r';
                    }
                    case '\t' -> {
                        out[at++] = '\\';
                        out[at++] = 't';
                    }
                    default -> out[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out[at++] = (byte) (0xf0 | (codePoint >> 18));
                out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (codePoint & 0x3f));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        size = at;
    }

    private void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}

package io.sluice.engine.system;

import io.sluice.spi.UuidQueryIds;

/**
 * Query ids: new ones ({@link #newQueryId}), and how the system log stores them. An id in the form {@link #newQueryId} gives, a UUID
 * written as 32 lowercase hexadecimal digits in groups of 8-4-4-4-12, is kept as two 64-bit integers, which
 * cost SQLite less to bind and to store than 36 characters of text; the log's views turn them back into the
 * same text with {@link #sqlText}. Any other id (a caller may choose any text) is kept as text.
 */
public final class QueryIds {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private QueryIds() {}

    /** A new query id: a random (version 4) UUID ({@link UuidQueryIds#generate}). */
    public static String newQueryId() {
        return UuidQueryIds.generate();
    }

    /**
     * Reads a lowercase 8-4-4-4-12 UUID ({@link UuidQueryIds#read}, which answers the id this thread made last from its
     * halves without reading its text).
     *
     * @param halves receives the most significant 64 bits at 0 and the least significant at 1, on success only
     * @return whether {@code text} is exactly such a UUID; uppercase digits, braces or any other text are not
     */
    static boolean parse(String text, long[] halves) {
        return UuidQueryIds.read(text, halves);
    }

    /**
     * Writes the id whose halves {@link #parse} read as its text, 36 ASCII bytes from {@code at}: a log block holds
     * it as a JSON string, cheaper to write than two 19-digit numbers and read back without a conversion.
     */
    static void text(long high, long low, byte[] into, int at) {
        hex(high >>> 32, 8, into, at);
        into[at + 8] = '-';
        hex(high >>> 16, 4, into, at + 9);
        into[at + 13] = '-';
        hex(high, 4, into, at + 14);
        into[at + 18] = '-';
        hex(low >>> 48, 4, into, at + 19);
        into[at + 23] = '-';
        hex(low, 12, into, at + 24);
    }

    private static void hex(long value, int digits, byte[] into, int at) {
        for (int i = digits - 1; i >= 0; i--) {
            into[at + i] = HEX[(int) value & 15];
            value >>>= 4;
        }
    }

    /**
     * The SQLite expression that writes two integer columns as the UUID text {@link #parse} read. Each group is
     * masked to a non-negative number before {@code printf} pads it, so halves with the sign bit set come out
     * right.
     */
    static String sqlText(String high, String low) {
        return "printf('%08x-%04x-%04x-%04x-%012x', (" + high + " >> 32) & 4294967295, (" + high + " >> 16) & 65535, " + high
                + " & 65535, (" + low + " >> 48) & 65535, " + low + " & 281474976710655)";
    }
}

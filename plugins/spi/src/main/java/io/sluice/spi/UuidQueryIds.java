package io.sluice.spi;

/**
 * An optional ability of the list {@link Buffer#drain} returns: the query id of an entry whose id is a UUID in the
 * form {@code java.util.UUID.toString()} gives, as the UUID's two halves, so that the engine's system log, which
 * keeps such ids as two numbers, need not read them back from their text. Found with {@code instanceof}; a buffer
 * whose lists lack it costs the engine that reading only.
 *
 * <p>Indexes are those of the list. Safe to call from the thread that reads the list.
 */
@Experimental("the entries' ids in another layout may suit other buffers better")
public interface UuidQueryIds {
    /**
     * Whether entry {@code index}'s query id is known here as a UUID in {@code UUID.toString()}'s form; when not, the
     * id may still be one, read from its text.
     */
    boolean hasUuidQueryId(int index);

    /** The most significant half of entry {@code index}'s query id; meaningful when {@link #hasUuidQueryId}. */
    long queryIdHigh(int index);

    /** The least significant half of entry {@code index}'s query id; meaningful when {@link #hasUuidQueryId}. */
    long queryIdLow(int index);

    /**
     * A new query id: a random (version 4) UUID in the form {@code UUID.toString()} gives, made without
     * {@code UUID.randomUUID}'s shared secure random. {@link #read} answers the id the calling thread made last from
     * its halves, without reading its text: the engine makes an INSERT's id and a buffer reads it on the same thread.
     */
    static String generate() {
        return RecentQueryIds.generate();
    }

    /**
     * Reads a query id in the form {@code UUID.toString()} gives (32 lower-case hexadecimal digits in groups of
     * 8-4-4-4-12), the form whose halves {@link #queryIdHigh} and {@link #queryIdLow} answer: the one reader of that
     * text for the engine and for buffers.
     *
     * @param halves receives the most significant 64 bits at 0 and the least significant at 1, on success only
     * @return whether {@code text} is exactly such a UUID; upper-case digits, braces or any other text are not
     */
    static boolean read(String text, long[] halves) {
        RecentQueryIds.Recent recent = RecentQueryIds.RECENT.get();
        if (text == recent.text && text != null) {
            halves[0] = recent.high;
            halves[1] = recent.low;
            return true;
        }
        if (text == null || text.length() != 36 || text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            return false;
        }
        // The groups of RFC 4122: time_low, time_mid, time_hi_and_version, clock_seq, node; a group holding anything
        // but lower-case digits reads as -1.
        long timeLow = hex(text, 0, 8);
        long timeMid = hex(text, 9, 13);
        long timeHigh = hex(text, 14, 18);
        long clockSequence = hex(text, 19, 23);
        long node = hex(text, 24, 36);
        if ((timeLow | timeMid | timeHigh | clockSequence | node) < 0) {
            return false;
        }
        halves[0] = timeLow << 32 | timeMid << 16 | timeHigh;
        halves[1] = clockSequence << 48 | node;
        return true;
    }

    /** The value of at most 12 lower-case hexadecimal digits, or -1 when a character is not one. */
    private static long hex(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }
}

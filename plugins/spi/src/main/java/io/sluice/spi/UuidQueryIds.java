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
}

package io.sluice.spi;

/**
 * An immutable snapshot of one open buffer, handed to a {@link FlushPolicy}. Built by the engine under
 * the buffer key's lock; every getter returns the same value on every call, from any thread. A policy
 * may keep no reference to it after {@link FlushPolicy#decide} returns: the engine builds a new view
 * for every decision. Tests build views through the plugin kit's fixtures.
 */
public interface BufferView {
    /** The target database, as {@link TableInfo#database()} names it. */
    String database();

    /** The target table, as {@link TableInfo#name()} names it. */
    String table();

    /** The format of the buffer's entries ({@code Values}, {@code CSV}, …). */
    String format();

    /** Entries in the buffer; 0 for a buffer that was just emptied. */
    int entries();

    /** Bytes in the buffer, as {@link BufferEntry#bytes()} counts them; 0 when {@link #entries()} is 0. */
    long bytes();

    /**
     * When the buffer's first entry arrived, on the engine's monotonic clock (the clock of
     * {@link PluginContext#clock()}, whose origin is arbitrary: the value may be negative).
     */
    long openedAtNanos();

    /**
     * When the table's previous entry arrived, before this buffer's first one (for a view handed to
     * {@link StatefulFlushPolicy#onAppend}: before the entry being appended), or {@link Long#MIN_VALUE}.
     */
    long previousAppendNanos();

    /**
     * For a {@link StatefulFlushPolicy}: the table's state right after this buffer's first entry arrived;
     * 0 for other policies.
     */
    @Experimental("follows StatefulFlushPolicy")
    default long stateAtOpen() {
        return 0;
    }

    /**
     * Entries of this buffer whose callers are blocked waiting for its flush ({@code wait_for_async_insert = 1});
     * 0 when the engine does not count them.
     */
    default int waitingEntries() {
        return 0;
    }

    /**
     * Callers inside an INSERT of this buffer's key right now: entered the buffered-insert path and not yet
     * returned, waiting or not, whichever buffer of the key holds their entry. Every caller that could still
     * add to this buffer soon is among them. 0 when the engine does not count them.
     */
    default int activeInserters() {
        return 0;
    }

    /** The effective settings of the buffer's key. */
    SettingsView settings();

    /** Recent results of writing to this table. */
    StorageFeedback feedback();
}

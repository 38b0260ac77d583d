package io.sluice.spi;

/**
 * An immutable snapshot of one open buffer, handed to a {@link FlushPolicy}.
 */
public interface BufferView {
    /** The target database. */
    String database();

    /** The target table. */
    String table();

    /** The format of the buffer's entries ({@code Values}, {@code CSV}, …). */
    String format();

    /** Entries in the buffer; 0 for a buffer that was just emptied. */
    int entries();

    /** Bytes in the buffer, as {@link BufferEntry#bytes()} counts them. */
    long bytes();

    /** When the buffer's first entry arrived, on the engine's monotonic clock. */
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
    default long stateAtOpen() {
        return 0;
    }

    /** The effective settings of the buffer's key. */
    SettingsView settings();

    /** Recent results of writing to this table. */
    StorageFeedback feedback();
}

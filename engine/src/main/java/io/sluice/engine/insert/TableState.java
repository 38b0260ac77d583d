package io.sluice.engine.insert;

/**
 * What the accumulator keeps per table across its keys: when the table's last entry came, and a stateful flush
 * policy's state. Guarded by its own monitor, taken under a key's lock (never the other way round): with one
 * key per table, the common case, it is never contended.
 */
final class TableState {
    final Lane lane;
    final FlushBacklog backlog;
    /** When the table's last entry was appended (any key), or {@link Long#MIN_VALUE}. */
    long lastAppendNanos = Long.MIN_VALUE;
    /** A stateful flush policy's state for this table, {@link Long#MIN_VALUE} before the first append. */
    long policyState = Long.MIN_VALUE;

    TableState(Lane lane, long backlogEntries) {
        this.lane = lane;
        this.backlog = new FlushBacklog(backlogEntries);
    }
}

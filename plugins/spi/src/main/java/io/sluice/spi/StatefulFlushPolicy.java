package io.sluice.spi;

/**
 * An optional ability of a {@link FlushPolicy}: keeping one number of state per table, updated on every
 * append to that table. The engine stores the state and hands it back, so the policy itself stays free
 * of mutable state and deterministic: the same state, view and time give the same answer. The state a
 * table had when a buffer's first entry arrived is that buffer's {@link BufferView#stateAtOpen()}.
 *
 * <p>The engine calls {@link #onAppend} for one table on one thread at a time, under the table's lock;
 * calls for different tables run at once. Both methods must be cheap and must not block.
 *
 * <p>Found with {@code instanceof}; a policy without it costs the insert path nothing.
 */
@Experimental("the shape of per-table policy state may change once more policies use it")
public interface StatefulFlushPolicy extends FlushPolicy {
    /**
     * The table's state after one more append.
     *
     * @param state the table's state before the append; {@link #initialState} for the first one
     * @param buffer a view of the table just before the append: its settings, its
     *     {@link BufferView#previousAppendNanos()} (the table's previous append) and its
     *     {@link BufferView#feedback()}; its entry and byte counts are 0
     * @param nowNanos the engine's monotonic time of the append
     * @return the table's new state
     */
    long onAppend(long state, BufferView buffer, long nowNanos);

    /**
     * The state of a table nothing has been appended to yet.
     *
     * @param settings the effective settings of the key of the first append
     * @return the state handed to the first {@link #onAppend}
     */
    long initialState(SettingsView settings);
}

package io.sluice.engine.insert;

import io.sluice.spi.BufferView;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StorageFeedback;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries of one buffer key between its first INSERT and its flush. Mutated only under its
 * {@link KeyQueue}'s lock until detached; after that, owned by the flush.
 */
public final class Batch {
    public final KeyQueue queue;
    final long openedAtNanos;
    public final long openedAtMicros;
    final long previousAppendNanos;
    public final List<PendingInsert> inserts = new ArrayList<>();
    /** The earliest time a check of this batch is scheduled at; {@link Long#MAX_VALUE} for none. */
    final AtomicLong nextCheckNanos = new AtomicLong(Long.MAX_VALUE);
    /** The deadline the policy gave when the batch opened, for {@code timeout_milliseconds}. */
    volatile long firstDeadlineNanos = Long.MIN_VALUE;
    /** The bytes of its entries: what the batch holds of the engine's {@link BufferedBytesLimit}. */
    public long bytes;
    /** A stateful policy's table state when this batch's first entry arrived. */
    long stateAtOpen;
    public FlushReason reason;

    /**
     * @param previousAppendNanos when the table's previous entry came, {@link Long#MIN_VALUE} for none
     */
    public Batch(KeyQueue queue, long openedAtNanos, long openedAtMicros, long previousAppendNanos) {
        this.queue = queue;
        this.openedAtNanos = openedAtNanos;
        this.openedAtMicros = openedAtMicros;
        this.previousAppendNanos = previousAppendNanos;
    }

    public void add(PendingInsert insert) {
        inserts.add(insert);
        bytes += insert.entry.bytes();
    }

    /** An immutable snapshot for the flush policy; call under the queue's lock. */
    BufferView view(StorageFeedback feedback) {
        return new View(queue.table.database(), queue.table.name(), queue.format.canonicalName(), inserts.size(), bytes,
                openedAtNanos, previousAppendNanos, stateAtOpen, queue.settings, feedback);
    }

    /** A view of a table just before an append, for {@link io.sluice.spi.StatefulFlushPolicy#onAppend}. */
    static BufferView tableView(KeyQueue queue, long nowNanos, long previousAppendNanos, StorageFeedback feedback) {
        return new View(queue.table.database(), queue.table.name(), queue.format.canonicalName(), 0, 0, nowNanos, previousAppendNanos, 0,
                queue.settings, feedback);
    }

    /** The timeout this batch was opened with, in milliseconds: 0 when a size or count limit flushed it. */
    public long timeoutMillis() {
        if (reason == FlushReason.SIZE || reason == FlushReason.COUNT || firstDeadlineNanos == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, (firstDeadlineNanos - openedAtNanos) / 1_000_000L);
    }

    private record View(String database, String table, String format, int entries, long bytes, long openedAtNanos,
            long previousAppendNanos, long stateAtOpen, SettingsView settings, StorageFeedback feedback) implements BufferView {}
}

package io.sluice.engine.insert;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferView;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StorageFeedback;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries of one buffer key between its first INSERT and its flush. Mutated only under its
 * {@link KeyQueue}'s lock until detached; after that, owned by the flush. It holds no object per entry: the
 * buffer holds the entries, the batch their count, sizes and the {@link PendingInsert}s of the callers that
 * wait (the flush finds each one's entry by its sequence among the drained entries).
 */
public final class Batch {
    public final KeyQueue queue;
    final long openedAtNanos;
    public final long openedAtMicros;
    final long previousAppendNanos;
    /** The callers that wait for this batch's flush, in append order; fire-and-forget callers are not kept. */
    public final List<PendingInsert> callers = new ArrayList<>(2);
    /** Completes once the batch's flush finished, whatever its entries' outcome: what read-your-writes waits on. */
    public final CompletableFuture<Void> flushed = new CompletableFuture<>();
    /** Entries in the batch. */
    public int entries;
    /** The entries themselves when the batch holds them (kept for another attempt); null when the buffer does. */
    public List<BufferEntry> held;
    /** The earliest time a check of this batch is scheduled at; {@link Long#MAX_VALUE} for none. */
    final AtomicLong nextCheckNanos = new AtomicLong(Long.MAX_VALUE);
    /** The check scheduled last, cancelled when the batch is closed (it would find nothing to do). */
    volatile Timer.Handle nextCheck;
    /** The deadline the policy gave when the batch opened, for {@code timeout_milliseconds}. */
    volatile long firstDeadlineNanos = Long.MIN_VALUE;
    /** The data bytes of its entries, as the flush policy sees them. */
    public long bytes;
    /** The heap its entries cost ({@link EntryHeap}): what the batch holds of the engine's {@link BufferedBytesLimit}. */
    public long heapBytes;
    /** A stateful policy's table state when this batch's first entry arrived. */
    long stateAtOpen;
    public FlushReason reason;
    /** Entries whose callers block on this batch's flush; guarded by the queue's lock while open. */
    int waiting;
    /** Callers whose entry is in this batch and who have not returned yet, waiting or not; guarded by the queue's lock. */
    int inside;
    /** Whether the batch was closed to new entries; guarded by the queue's lock. */
    boolean closed;

    /**
     * @param previousAppendNanos when the table's previous entry came, {@link Long#MIN_VALUE} for none
     */
    public Batch(KeyQueue queue, long openedAtNanos, long openedAtMicros, long previousAppendNanos) {
        this.queue = queue;
        this.openedAtNanos = openedAtNanos;
        this.openedAtMicros = openedAtMicros;
        this.previousAppendNanos = previousAppendNanos;
    }

    /** Adds an entry no caller waits on (recovered, or kept for another attempt). */
    public void addHeld(BufferEntry entry) {
        add(entry.bytes(), null, EntryHeap.of(entry, false));
    }

    /**
     * Adds an entry whose heap cost the caller already reckoned.
     *
     * @param caller the caller's insert when it waits for the flush, else null
     * @param entryHeapBytes the entry's cost ({@link EntryHeap}), its caller's included
     */
    void add(int entryBytes, /* nullable */ PendingInsert caller, long entryHeapBytes) {
        entries++;
        if (caller != null) {
            callers.add(caller);
        }
        bytes += entryBytes;
        heapBytes += entryHeapBytes;
    }

    /**
     * An immutable snapshot for the flush policy; call under the queue's lock. When the table's lane would start
     * another flush beside those running ({@link Lane#takesAnotherFlush}: a free slot, and the running flush stalled),
     * callers whose entry is already in a closed batch do not count as inserters that may still add to this one: they
     * cannot, and waiting for them to return would hold this batch back until their flush ends.
     */
    BufferView view(StorageFeedback feedback) {
        int inserters = queue.active.get() - (queue.tableState.lane.takesAnotherFlush() ? queue.settled : 0);
        return new View(queue.table.database(), queue.table.name(), queue.format.canonicalName(), entries, bytes,
                openedAtNanos, previousAppendNanos, stateAtOpen, waiting, inserters, queue.settings, feedback);
    }

    /** A view of a table just before an append, for {@link io.sluice.spi.StatefulFlushPolicy#onAppend}. */
    static BufferView tableView(KeyQueue queue, long nowNanos, long previousAppendNanos, StorageFeedback feedback) {
        return new View(queue.table.database(), queue.table.name(), queue.format.canonicalName(), 0, 0, nowNanos, previousAppendNanos, 0,
                0, queue.active.get(), queue.settings, feedback);
    }

    /** The timeout this batch was opened with, in milliseconds: 0 when a size or count limit flushed it. */
    public long timeoutMillis() {
        if (reason == FlushReason.SIZE || reason == FlushReason.COUNT || firstDeadlineNanos == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, (firstDeadlineNanos - openedAtNanos) / 1_000_000L);
    }

    private record View(String database, String table, String format, int entries, long bytes, long openedAtNanos,
            long previousAppendNanos, long stateAtOpen, int waitingEntries, int activeInserters, SettingsView settings,
            StorageFeedback feedback) implements BufferView {}
}

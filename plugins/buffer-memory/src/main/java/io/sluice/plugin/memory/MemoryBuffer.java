package io.sluice.plugin.memory;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.UuidQueryIds;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps entries on the heap, each key's in a {@link CompactEntries} (data in byte blocks, the rest in
 * primitive arrays: a few bytes more than the data per entry, no object per entry). An append is as durable
 * as it will ever be when it returns; everything not flushed is lost when the JVM dies. Thread-safe: each
 * key's store is guarded by its own monitor, so appends to different keys never contend.
 */
final class MemoryBuffer implements Buffer {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One key's entries; {@code drained} once {@link #drain} has taken them, after which appends go to a new slot. */
    private static final class Slot {
        final CompactEntries entries;
        boolean drained;

        Slot(String keyId) {
            entries = new CompactEntries(keyId);
        }
    }

    private final ConcurrentHashMap<String, Slot> byKey = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> append(BufferEntry entry) {
        // A non-capturing lookup (no lambda per append); the slot's monitor orders the append against a
        // concurrent drain of the same key, which may have taken the slot between lookup and lock: then retry.
        while (true) {
            Slot slot = byKey.computeIfAbsent(entry.keyId(), Slot::new);
            synchronized (slot) {
                if (!slot.drained) {
                    slot.entries.add(entry);
                    return DONE;
                }
            }
        }
    }

    /**
     * The key's entries, built when the list is first read rather than here: the engine drains under the key's
     * lock, on the thread of the INSERT that closed the batch, and reads the entries on its flush thread, which so
     * builds them itself, outside the lock, into its own cache. The store was taken from the key, so no append
     * reaches it any more.
     */
    @Override
    public List<BufferEntry> drain(String keyId) {
        Slot slot = byKey.remove(keyId);
        if (slot == null) {
            return new java.util.ArrayList<>();
        }
        synchronized (slot) {
            slot.drained = true;
            return new Drained(slot.entries);
        }
    }

    /**
     * Drained entries, built from their detached store on first read (their count excepted); then the store goes.
     * Unmodifiable; safe to read from any thread once handed over: the build runs once, under the list's monitor.
     * The query ids the store kept as UUIDs are answered as their halves ({@link UuidQueryIds}).
     */
    static final class Drained extends java.util.AbstractList<BufferEntry> implements java.util.RandomAccess, UuidQueryIds {
        private final int size;
        private CompactEntries store;
        private volatile List<BufferEntry> built;
        private long[] idHighs;
        private long[] idLows;
        /** Per entry, whether it was kept whole (its id known only as text). */
        private boolean[] whole;

        Drained(CompactEntries store) {
            this.store = store;
            this.size = store.size();
        }

        private synchronized List<BufferEntry> build() {
            if (built == null) {
                long[] highs = new long[size];
                long[] lows = new long[size];
                boolean[] kept = new boolean[size];
                List<BufferEntry> entries = store.entries(highs, lows, kept);
                whole = kept;
                idHighs = highs;
                idLows = lows;
                store = null;
                built = entries;
            }
            return built;
        }

        private List<BufferEntry> entries() {
            List<BufferEntry> entries = built;
            return entries != null ? entries : build();
        }

        /** Whether the entries were built yet. */
        boolean isBuilt() {
            return built != null;
        }

        @Override
        public BufferEntry get(int index) {
            return entries().get(index);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean hasUuidQueryId(int index) {
            entries();
            return !whole[index];
        }

        @Override
        public long queryIdHigh(int index) {
            entries();
            return idHighs[index];
        }

        @Override
        public long queryIdLow(int index) {
            entries();
            return idLows[index];
        }
    }

    @Override
    public List<BufferEntry> peek(String keyId) {
        Slot slot = byKey.get(keyId);
        if (slot == null) {
            return new java.util.ArrayList<>();
        }
        synchronized (slot) {
            return slot.drained ? new java.util.ArrayList<>() : slot.entries.entries();
        }
    }

    @Override
    public void release(List<BufferEntry> entries) {
        // Drained entries are no longer referenced here: nothing to forget.
    }

    @Override
    public void close() {
        byKey.clear();
    }
}

package io.sluice.plugin.memory;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps entries on the heap, one list per key. An append is as durable as it will ever be when it
 * returns; everything not flushed is lost when the JVM dies. Thread-safe: each key's list is guarded by
 * its own monitor, so appends to different keys never contend.
 */
final class MemoryBuffer implements Buffer {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One key's entries; {@code drained} once {@link #drain} has taken them, after which appends go to a new slot. */
    private static final class Slot {
        final List<BufferEntry> entries = new ArrayList<>();
        boolean drained;
    }

    private final ConcurrentHashMap<String, Slot> byKey = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> append(BufferEntry entry) {
        // A non-capturing lookup (no lambda per append); the slot's monitor orders the append against a
        // concurrent drain of the same key, which may have taken the slot between lookup and lock: then retry.
        while (true) {
            Slot slot = byKey.computeIfAbsent(entry.keyId(), key -> new Slot());
            synchronized (slot) {
                if (!slot.drained) {
                    slot.entries.add(entry);
                    return DONE;
                }
            }
        }
    }

    @Override
    public List<BufferEntry> drain(String keyId) {
        Slot slot = byKey.remove(keyId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            slot.drained = true;
            return slot.entries;
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

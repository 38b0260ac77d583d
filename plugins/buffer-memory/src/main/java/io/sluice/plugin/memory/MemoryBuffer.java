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

    private final ConcurrentHashMap<String, List<BufferEntry>> byKey = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> append(BufferEntry entry) {
        // compute() runs under the map's bin lock, so a concurrent drain of the same key cannot lose it.
        byKey.compute(entry.keyId(), (key, list) -> {
            List<BufferEntry> target = list == null ? new ArrayList<>() : list;
            target.add(entry);
            return target;
        });
        return DONE;
    }

    @Override
    public List<BufferEntry> drain(String keyId) {
        List<BufferEntry> drained = byKey.remove(keyId);
        return drained == null ? List.of() : drained;
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

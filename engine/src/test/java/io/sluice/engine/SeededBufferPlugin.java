package io.sluice.engine;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A durable buffer for engine tests: {@link #SEEDED} stands for what survived a crash on disk, and
 * {@code recover()} hands it to the engine; the ledger id of an entry is its query id. Appends are
 * kept in memory like the memory buffer's.
 */
public final class SeededBufferPlugin implements Plugin {
    /** The entries the next engine recovers; tests fill it before they connect. */
    static final List<BufferEntry> SEEDED = new ArrayList<>();
    /** What the engine released, in order. */
    static final List<BufferEntry> RELEASED = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Called with every release before it is recorded; tests look at the world at that moment. */
    static volatile java.util.function.Consumer<List<BufferEntry>> onRelease = entries -> { };

    @Override
    public List<BufferFactory> getBufferFactories() {
        return List.of(new BufferFactory() {
            @Override
            public String name() {
                return "test-seeded";
            }

            @Override
            public Buffer create(PluginConfig config, PluginContext context) {
                return new SeededBuffer();
            }
        });
    }

    private static final class SeededBuffer implements Buffer {
        private final ConcurrentHashMap<String, List<BufferEntry>> byKey = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> append(BufferEntry entry) {
            byKey.computeIfAbsent(entry.keyId(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<BufferEntry> drain(String keyId) {
            List<BufferEntry> drained = byKey.remove(keyId);
            return drained == null ? List.of() : drained;
        }

        @Override
        public void release(List<BufferEntry> entries) {
            onRelease.accept(entries);
            RELEASED.addAll(entries);
        }

        @Override
        public List<BufferEntry> recover() {
            synchronized (SEEDED) {
                List<BufferEntry> recovered = new ArrayList<>(SEEDED);
                SEEDED.clear();
                return recovered;
            }
        }

        @Override
        public String ledgerId(BufferEntry entry) {
            return entry.queryId();
        }

        @Override
        public void close() {
            byKey.clear();
        }
    }
}

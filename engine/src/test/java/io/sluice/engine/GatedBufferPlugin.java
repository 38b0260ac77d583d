package io.sluice.engine;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.StoredSegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory buffer for engine tests that can hold an append (the engine calls it under the buffer key's lock)
 * until the test opens the gate, and counts how often the engine asks for its segments and gauges (which
 * only the live system tables do).
 */
public final class GatedBufferPlugin implements Plugin {
    /** Counted down by an append that reached the gate. */
    static volatile CountDownLatch entered = new CountDownLatch(1);
    /** Appends wait for it while it is not zero. */
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static final AtomicInteger SEGMENTS_ASKED = new AtomicInteger();
    static final AtomicInteger GAUGES_ASKED = new AtomicInteger();

    /** Makes the next appends wait at the gate until {@link #open()}. */
    static void close() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    static void open() {
        gate.countDown();
    }

    static void reset() {
        open();
        SEGMENTS_ASKED.set(0);
        GAUGES_ASKED.set(0);
    }

    @Override
    public List<BufferFactory> getBufferFactories() {
        return List.of(new BufferFactory() {
            @Override
            public String name() {
                return "test-gated";
            }

            @Override
            public Buffer create(PluginConfig config, PluginContext context) {
                return new GatedBuffer();
            }
        });
    }

    private static final class GatedBuffer implements Buffer {
        private final ConcurrentHashMap<String, List<BufferEntry>> byKey = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> append(BufferEntry entry) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byKey.computeIfAbsent(entry.keyId(), k -> Collections.synchronizedList(new ArrayList<>())).add(entry);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<BufferEntry> drain(String keyId) {
            List<BufferEntry> drained = byKey.remove(keyId);
            return drained == null ? List.of() : drained;
        }

        @Override
        public void release(List<BufferEntry> entries) {
            // Nothing is kept beyond the drain.
        }

        @Override
        public List<StoredSegment> storedSegments() {
            SEGMENTS_ASKED.incrementAndGet();
            return List.of();
        }

        @Override
        public Map<String, Long> gauges() {
            GAUGES_ASKED.incrementAndGet();
            return Map.of();
        }

        @Override
        public void close() {
            byKey.clear();
        }
    }
}

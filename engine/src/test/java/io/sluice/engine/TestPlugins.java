package io.sluice.engine;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broken and probing plugins for engine tests: the flush policy {@code test-settings-probe} records the value of
 * one setting as a buffer's view shows it and flushes at once; the flush policy {@code test-throwing} fails every
 * decision with a RuntimeException, and the buffer {@code test-throwing} every append, as a buggy third-party
 * plugin would.
 */
public final class TestPlugins implements Plugin {
    /** The setting {@code test-settings-probe} reads. */
    static final String PROBED = "sqlite_busy_timeout_ms";
    /** What {@code test-settings-probe} last saw of {@link #PROBED}. */
    static final AtomicReference<String> SEEN = new AtomicReference<>();

    @Override
    public List<FlushPolicyFactory> getFlushPolicyFactories() {
        return List.of(factory("test-settings-probe", (view, now) -> {
            SEEN.set(view.settings().get(PROBED));
            return FlushDecision.flushNow(FlushTrigger.POLICY);
        }), factory("test-throwing", (view, now) -> {
            throw new IllegalStateException("the test policy is broken");
        }));
    }

    @Override
    public List<BufferFactory> getBufferFactories() {
        return List.of(new BufferFactory() {
            @Override
            public String name() {
                return "test-throwing";
            }

            @Override
            public Buffer create(PluginConfig config, PluginContext context) {
                return new Buffer() {
                    @Override
                    public CompletionStage<Void> append(BufferEntry entry) {
                        throw new IllegalStateException("the test buffer is broken");
                    }

                    @Override
                    public List<BufferEntry> drain(String keyId) {
                        return List.of();
                    }

                    @Override
                    public void release(List<BufferEntry> entries) {}

                    @Override
                    public void close() {}
                };
            }
        });
    }

    private static FlushPolicyFactory factory(String name, FlushPolicy policy) {
        return new FlushPolicyFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public FlushPolicy create(PluginConfig config, PluginContext context) {
                return policy;
            }
        };
    }
}

package io.sluice.engine;

import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flush policies for engine tests: {@code test-settings-probe} records the value of one setting as a buffer's
 * view shows it and flushes at once; {@code test-throwing} fails every decision with a RuntimeException, as a
 * buggy third-party policy would.
 */
public final class TestPolicyPlugin implements Plugin {
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

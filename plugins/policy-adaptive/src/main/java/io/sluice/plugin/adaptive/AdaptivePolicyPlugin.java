package io.sluice.plugin.adaptive;

import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.List;

/** Offers the {@code adaptive} flush policy, the default while {@code async_insert_use_adaptive_busy_timeout} is 1. */
public final class AdaptivePolicyPlugin implements Plugin {
    @Override
    public List<FlushPolicyFactory> getFlushPolicyFactories() {
        return List.of(new FlushPolicyFactory() {
            @Override
            public String name() {
                return "adaptive";
            }

            @Override
            public String description() {
                return "ClickHouse's adaptive busy timeout, per table, plus the size and count limits";
            }

            @Override
            public FlushPolicy create(PluginConfig config, PluginContext context) {
                return new AdaptiveFlushPolicy();
            }
        });
    }
}

package io.sluice.plugin.threshold;

import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.List;

/** Offers the {@code threshold} flush policy. */
public final class ThresholdPolicyPlugin implements Plugin {
    @Override
    public List<FlushPolicyFactory> getFlushPolicyFactories() {
        return List.of(new FlushPolicyFactory() {
            @Override
            public String name() {
                return "threshold";
            }

            @Override
            public String description() {
                return "Flush on size, entry count, or the fixed busy timeout async_insert_busy_timeout_max_ms";
            }

            @Override
            public FlushPolicy create(PluginConfig config, PluginContext context) {
                return new ThresholdFlushPolicy();
            }
        });
    }
}

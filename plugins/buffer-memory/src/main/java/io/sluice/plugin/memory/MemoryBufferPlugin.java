package io.sluice.plugin.memory;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import java.util.List;

/** Offers the {@code memory} buffer. */
public final class MemoryBufferPlugin implements Plugin {
    @Override
    public List<BufferFactory> getBufferFactories() {
        return List.of(new BufferFactory() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public String description() {
                return "Entries on the heap: fast, lost on a crash";
            }

            @Override
            public Buffer create(PluginConfig config, PluginContext context) {
                return new MemoryBuffer();
            }
        });
    }
}

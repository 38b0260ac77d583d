package io.sluice.kit;

import io.sluice.spi.BufferFactory;
import org.junit.jupiter.api.DisplayName;

/** The memory buffer keeps nothing across runs: the kit checks that it says so (no DURABLE capability). */
@DisplayName("The memory buffer passes the buffer kit")
class MemoryBufferKitTest extends BufferKit {
    @Override
    protected BufferFactory factory() {
        return KitPlugins.buffer("memory");
    }
}

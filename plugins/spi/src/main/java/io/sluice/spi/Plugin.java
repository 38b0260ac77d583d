package io.sluice.spi;

import java.util.List;

/**
 * The root of every Sluice plugin, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.sluice.spi.Plugin}.
 *
 * <p>A plugin overrides the getters for the factories it offers; the others stay empty. The engine
 * calls the getters once when it starts and builds only the factories that configuration selects by
 * name, so a getter must be cheap and must not open resources. Implementations need a public
 * no-argument constructor and must be safe to call from any thread. A plugin holds no resources and has
 * no {@code close()}: what its factories build is closed by the engine.
 *
 * <p>New kinds of factory arrive as new getters with an empty default, so a plugin compiled against an
 * older SPI keeps working.
 */
public interface Plugin {
    /**
     * Flush policies this plugin offers; empty by default.
     *
     * @return the factories; never {@code null}
     */
    default List<FlushPolicyFactory> getFlushPolicyFactories() {
        return List.of();
    }

    /**
     * Buffers this plugin offers; empty by default.
     *
     * @return the factories; never {@code null}
     */
    default List<BufferFactory> getBufferFactories() {
        return List.of();
    }

    /**
     * Storages this plugin offers; empty by default.
     *
     * @return the factories; never {@code null}
     */
    default List<StorageFactory> getStorageFactories() {
        return List.of();
    }
}

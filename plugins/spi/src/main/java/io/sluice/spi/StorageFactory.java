package io.sluice.spi;

/**
 * Builds a {@link Storage}. The engine picks the storage for a target URL by asking each factory
 * whether it {@link #supportsTarget supports} it, unless configuration names one explicitly (setting
 * {@code async_insert_storage}). Thread-safety and naming as for every {@link NamedFactory}.
 */
public interface StorageFactory extends NamedFactory<Storage> {
    /**
     * Whether this storage can write to a target, e.g. {@code sqlite:/data/app.db}.
     *
     * @param target the downstream JDBC URL without its {@code jdbc:} prefix
     * @return whether {@link #create} can build a storage for it; must not connect to find out
     */
    default boolean supportsTarget(String target) {
        return false;
    }
}

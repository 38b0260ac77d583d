package io.sluice.spi;

/**
 * Builds a {@link Storage}. The engine picks the storage for a target URL by asking each factory
 * whether it {@link #supportsTarget supports} it, unless configuration names one explicitly.
 */
public interface StorageFactory extends NamedFactory<Storage> {
    /**
     * Whether this storage can write to a target, e.g. {@code sqlite:/data/app.db}.
     *
     * @param target the downstream JDBC URL without its {@code jdbc:} prefix
     */
    default boolean supportsTarget(String target) {
        return false;
    }
}

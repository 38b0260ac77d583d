package io.sluice.engine;

import io.sluice.engine.settings.Setting;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StorageFactory;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The plugins found on the class path with {@link ServiceLoader}, indexed by kind and name. Only the
 * factories configuration selects are ever asked to build anything. Immutable after construction.
 */
final class PluginRegistry {
    /** One factory found, with where it came from, for {@code system.plugins} and error messages. */
    record Found(String kind, String name, String description, String version, String source, NamedFactory<?> factory) {}

    private final Map<String, Found> policies;
    private final Map<String, Found> buffers;
    private final Map<String, Found> storages;

    private PluginRegistry(Map<String, Found> policies, Map<String, Found> buffers, Map<String, Found> storages) {
        this.policies = policies;
        this.buffers = buffers;
        this.storages = storages;
    }

    /**
     * Loads every {@link Plugin} visible to {@code loader}.
     *
     * @throws SluiceSqlException when two factories of one kind share a name, naming both sources
     */
    static PluginRegistry load(ClassLoader loader) throws SluiceSqlException {
        Map<String, Found> policies = new LinkedHashMap<>();
        Map<String, Found> buffers = new LinkedHashMap<>();
        Map<String, Found> storages = new LinkedHashMap<>();
        for (Plugin plugin : ServiceLoader.load(Plugin.class, loader)) {
            String source = source(plugin.getClass());
            String version = plugin.getClass().getPackage() == null ? null : plugin.getClass().getPackage().getImplementationVersion();
            for (FlushPolicyFactory factory : plugin.getFlushPolicyFactories()) {
                add(policies, new Found("flush_policy", factory.name(), factory.description(), version, source, factory));
            }
            for (BufferFactory factory : plugin.getBufferFactories()) {
                add(buffers, new Found("buffer", factory.name(), factory.description(), version, source, factory));
            }
            for (StorageFactory factory : plugin.getStorageFactories()) {
                add(storages, new Found("storage", factory.name(), factory.description(), version, source, factory));
            }
        }
        return new PluginRegistry(Collections.unmodifiableMap(policies), Collections.unmodifiableMap(buffers),
                Collections.unmodifiableMap(storages));
    }

    private static void add(Map<String, Found> byName, Found found) throws SluiceSqlException {
        Found previous = byName.putIfAbsent(found.name(), found);
        if (previous != null) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Two " + found.kind() + " plugins are named '" + found.name()
                    + "': " + previous.factory().getClass().getName() + " from " + previous.source() + " and "
                    + found.factory().getClass().getName() + " from " + found.source());
        }
    }

    private static String source(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        URL location = code == null ? null : code.getLocation();
        return location == null ? "unknown" : location.toString();
    }

    FlushPolicyFactory policy(String name) throws SluiceSqlException {
        return (FlushPolicyFactory) select(policies, "flush policy", "async_insert_flush_policy", name).factory();
    }

    BufferFactory buffer(String name) throws SluiceSqlException {
        return (BufferFactory) select(buffers, "buffer", "async_insert_buffer", name).factory();
    }

    /** The storage named {@code name}, or when it is empty the first one that supports {@code target}. */
    StorageFactory storage(String name, String target) throws SluiceSqlException {
        if (!name.isEmpty()) {
            return (StorageFactory) select(storages, "storage", "async_insert_storage", name).factory();
        }
        for (Found found : storages.values()) {
            StorageFactory factory = (StorageFactory) found.factory();
            if (factory.supportsTarget(target)) {
                return factory;
            }
        }
        throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "No storage plugin supports the target '" + target
                + "'; available storages: " + String.join(", ", new TreeSet<>(storages.keySet())));
    }

    private static Found select(Map<String, Found> byName, String kind, String setting, String name) throws SluiceSqlException {
        Found found = byName.get(name);
        if (found == null) {
            throw new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE, "Setting " + setting + " = '" + name + "' is invalid: no "
                    + kind + " plugin has that name; available: " + String.join(", ", new TreeSet<>(byName.keySet())));
        }
        return found;
    }

    /** Every factory found, of every kind. */
    List<NamedFactory<?>> allFactories() {
        List<NamedFactory<?>> all = new ArrayList<>();
        for (Found found : found()) {
            all.add(found.factory());
        }
        return all;
    }

    /** Every plugin factory found, policies, then buffers, then storages. */
    List<Found> found() {
        List<Found> all = new ArrayList<>(policies.values());
        all.addAll(buffers.values());
        all.addAll(storages.values());
        return all;
    }
}

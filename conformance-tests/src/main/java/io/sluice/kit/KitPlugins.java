package io.sluice.kit;

import io.sluice.spi.BufferFactory;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.StorageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds plugin factories the way the engine does: every {@link Plugin} registered with
 * {@link ServiceLoader} on the class path, then the factory of the wanted kind with the wanted name.
 * A kit test uses it to test the plugin as the engine will load it, not a class it names.
 */
public final class KitPlugins {
    private KitPlugins() {}

    /**
     * The flush policy factory named {@code name}.
     *
     * @param name the name configuration selects it by
     * @return the factory
     * @throws AssertionError when no registered plugin offers one, naming the policies that are registered
     */
    public static FlushPolicyFactory flushPolicy(String name) {
        return find("flush policy", name, Plugin::getFlushPolicyFactories);
    }

    /**
     * The buffer factory named {@code name}.
     *
     * @param name the name configuration selects it by
     * @return the factory
     * @throws AssertionError when no registered plugin offers one
     */
    public static BufferFactory buffer(String name) {
        return find("buffer", name, Plugin::getBufferFactories);
    }

    /**
     * The storage factory named {@code name}.
     *
     * @param name the name configuration selects it by
     * @return the factory
     * @throws AssertionError when no registered plugin offers one
     */
    public static StorageFactory storage(String name) {
        return find("storage", name, Plugin::getStorageFactories);
    }

    /**
     * Every factory of one kind registered on the class path, in {@link ServiceLoader} order.
     *
     * @param factories the getter of that kind, e.g. {@code Plugin::getFlushPolicyFactories}
     * @param <F> the kind of factory
     * @return the factories
     */
    public static <F extends NamedFactory<?>> List<F> registered(Function<Plugin, List<F>> factories) {
        List<F> all = new ArrayList<>();
        for (Plugin plugin : ServiceLoader.load(Plugin.class, Thread.currentThread().getContextClassLoader())) {
            all.addAll(factories.apply(plugin));
        }
        return all;
    }

    private static <F extends NamedFactory<?>> F find(String kind, String name, Function<Plugin, List<F>> factories) {
        List<F> all = registered(factories);
        List<F> named = all.stream().filter(factory -> factory.name().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError(named.size() + " registered " + kind + " plugins are named '" + name + "'; registered: "
                    + new TreeSet<>(all.stream().map(NamedFactory::name).toList())
                    + ". A plugin is registered by naming its Plugin class in META-INF/services/io.sluice.spi.Plugin.");
        }
        return named.get(0);
    }
}

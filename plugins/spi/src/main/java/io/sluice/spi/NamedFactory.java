package io.sluice.spi;

import java.util.List;

/**
 * A factory selected by its {@link #name()}. Only the factory that configuration selects is asked to
 * {@link #create create}; the others are never built. Factories are returned by a {@link Plugin}'s
 * getters; every method may be called from any thread, and all but {@link #create} must be cheap and
 * open nothing. Two factories of one kind with the same name make the engine refuse to start.
 *
 * @param <T> what the factory builds
 */
public interface NamedFactory<T> {
    /**
     * The name configuration selects this factory by: lower case, stable, unique per kind.
     *
     * @return the same name on every call
     */
    String name();

    /**
     * One sentence for {@code system.plugins} and error messages.
     *
     * @return the description; empty by default
     */
    default String description() {
        return "";
    }

    /**
     * The settings this plugin reads from its {@link PluginConfig}, for validation and documentation.
     * The engine rejects an unknown plugin setting only when the plugin declares its settings. Declared
     * settings are engine-level: they come from the URL or the connection properties, and reach
     * {@link #create} in its config with their defaults filled in.
     *
     * @return the settings; empty by default
     */
    default List<SettingDefinition> settings() {
        return List.of();
    }

    /**
     * Builds one instance. Called once per engine (per statement shape for flush policies is not
     * required: the engine shares one policy across buffers). Must validate {@code config} and throw
     * {@link SluiceSqlException} with {@link ErrorCode#INVALID_SETTING_VALUE} naming the key, the value
     * and the rule when it is invalid.
     *
     * @param config the settings that reach this plugin
     * @param context the engine's clock and target
     * @return a new instance owned by the caller, who closes it
     * @throws java.sql.SQLException when the instance cannot be built
     */
    T create(PluginConfig config, PluginContext context) throws java.sql.SQLException;
}

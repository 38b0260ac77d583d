package io.sluice.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The settings that reach a plugin when it is built: immutable, safe to share between threads. The
 * engine fills in every engine-level value it knows, built-in and declared by plugins, with defaults for
 * those nobody set; values are raw text, checked by the plugin (see {@link NamedFactory#create}).
 */
public interface PluginConfig {
    /**
     * The raw value of a setting, if someone set it or it has a default.
     *
     * @param name the setting's name, exactly as declared
     * @return the value, or empty when this config does not hold the setting
     */
    Optional<String> get(String name);

    /**
     * Every setting known to this config, as name to raw value.
     *
     * @return an unmodifiable map
     */
    Map<String, String> asMap();

    /**
     * An empty config.
     *
     * @return a config holding no setting
     */
    static PluginConfig empty() {
        return of(Map.of());
    }

    /**
     * A config over a copy of {@code values}; later changes to {@code values} do not show.
     *
     * @param values names to raw values, none {@code null}
     * @return the config
     */
    static PluginConfig of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new PluginConfig() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public Map<String, String> asMap() {
                return copy;
            }
        };
    }
}

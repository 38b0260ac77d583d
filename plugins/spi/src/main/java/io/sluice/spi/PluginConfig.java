package io.sluice.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The settings that reach a plugin: immutable, safe to share between threads.
 */
public interface PluginConfig {
    /** The raw value of a setting, if someone set it or it has a default. */
    Optional<String> get(String name);

    /** Every setting known to this config, as name to raw value. */
    Map<String, String> asMap();

    /** An empty config. */
    static PluginConfig empty() {
        return of(Map.of());
    }

    /** A config over a copy of {@code values}. */
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

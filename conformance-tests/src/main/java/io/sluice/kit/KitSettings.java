package io.sluice.kit;

import io.sluice.engine.settings.Setting;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SettingsView;
import io.sluice.spi.SluiceSqlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings as the engine hands them to plugins, for tests: every built-in setting with its default
 * (taken from the engine's own table, so the kit never drifts from it), then the settings the plugin
 * under test declares with their defaults, then the test's own values.
 *
 * <p>{@link #view} behaves like the engine's settings of a buffer key: built-in values are checked and
 * made canonical as the engine does ({@code true} becomes {@code 1}), names are matched with their
 * aliases and case-insensitively, and an unknown name fails with {@link IllegalArgumentException}.
 */
public final class KitSettings {
    /** The value the kit gives {@code async_insert_threads}, whose engine default is the machine's processor count. */
    static final String THREADS = "4";

    private KitSettings() {}

    /**
     * Every built-in setting with its default value, in the engine's order.
     *
     * @return an unmodifiable map from name to default
     */
    public static Map<String, String> builtInDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            defaults.put(setting.settingName(), setting == Setting.ASYNC_INSERT_THREADS ? THREADS : setting.defaultValue());
        }
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * The settings the engine would give {@code factory}: built-in defaults, the factory's declared
     * settings with their defaults, then {@code values} (built-in values checked and made canonical).
     *
     * @param factory the plugin under test, or {@code null} for built-in settings only
     * @param values the test's values, by name or alias
     * @return name to value, in a stable order
     * @throws IllegalArgumentException when a built-in value is invalid (a mistake in the test)
     */
    public static Map<String, String> values(NamedFactory<?> factory, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(builtInDefaults());
        if (factory != null) {
            for (SettingDefinition definition : factory.settings()) {
                all.putIfAbsent(definition.name(), definition.defaultValue());
            }
        }
        for (Map.Entry<String, String> value : new TreeMap<>(values).entrySet()) {
            Setting builtin = builtIn(value.getKey());
            if (builtin == null) {
                all.put(value.getKey(), value.getValue());
                continue;
            }
            try {
                all.put(builtin.settingName(), builtin.canonicalize(value.getValue()));
            } catch (SluiceSqlException e) {
                throw new IllegalArgumentException("The test sets an invalid built-in setting: " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * The config the engine would build {@code factory} with; see {@link #values}.
     *
     * @param factory the plugin under test
     * @param values the test's values
     * @return the config
     */
    public static PluginConfig config(NamedFactory<?> factory, Map<String, String> values) {
        return PluginConfig.of(values(factory, values));
    }

    /**
     * A buffer key's settings as a flush policy sees them; see {@link #values}.
     *
     * @param factory the plugin under test, or {@code null}
     * @param values the test's values
     * @return an immutable view
     */
    public static SettingsView view(NamedFactory<?> factory, Map<String, String> values) {
        Map<String, String> all = values(factory, values);
        Map<String, String> byLowerName = new LinkedHashMap<>();
        all.forEach((name, value) -> byLowerName.put(name.toLowerCase(Locale.ROOT), value));
        Map<String, String> changed = new TreeMap<>(values);
        return new SettingsView() {
            @Override
            public String get(String name) {
                Setting builtin = builtIn(name);
                String value = byLowerName.get((builtin == null ? name : builtin.settingName()).toLowerCase(Locale.ROOT));
                if (value == null) {
                    throw new IllegalArgumentException("No setting named " + name);
                }
                return value;
            }

            @Override
            public String toString() {
                return changed.isEmpty() ? "defaults" : changed.toString();
            }
        };
    }

    /**
     * Values that break the rule of each declared setting whose type the kit understands: text for
     * numbers and durations, a negative number for unsigned ones and durations, a word for booleans.
     * Settings of type {@code String} get none: only the plugin knows its rule.
     *
     * @param definitions the settings a factory declares
     * @return setting name to invalid values; settings without any are left out
     */
    public static Map<String, List<String>> invalidValuesByType(List<SettingDefinition> definitions) {
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        for (SettingDefinition definition : definitions) {
            List<String> values = switch (definition.type().toLowerCase(Locale.ROOT)) {
                case "uint64", "uint32", "milliseconds", "seconds" -> List.of("not a number", "-1");
                case "int64", "int32", "float", "float64", "double" -> List.of("not a number");
                case "bool" -> List.of("perhaps");
                default -> List.of();
            };
            if (!values.isEmpty()) {
                invalid.put(definition.name(), values);
            }
        }
        return invalid;
    }

    private static Setting builtIn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Setting setting : Setting.values()) {
            if (setting.settingName().equals(lower) || setting.aliases().contains(lower)) {
                return setting;
            }
        }
        return null;
    }
}

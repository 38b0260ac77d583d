package io.sluice.spi;

/**
 * Documents one setting a plugin reads: its name, type, default and meaning. Immutable. The engine lists
 * it in {@code system.settings}, accepts it in URLs and connection properties, and passes its value
 * (or {@code defaultValue}) in the plugin's {@link PluginConfig}; the plugin validates it.
 *
 * @param name the setting's name, as written in a URL, a {@code SET} or a {@code SETTINGS} clause
 * @param type a short type name such as {@code UInt64}, {@code Bool}, {@code Milliseconds}, {@code String}
 * @param defaultValue the value used when no one sets it
 * @param description one sentence saying what it does
 */
public record SettingDefinition(String name, String type, String defaultValue, String description) {}

package io.sluice.spi;

import java.util.Properties;

/**
 * What the engine gives a plugin when it builds it; the same context for every plugin of one engine.
 * A plugin may keep it for its whole life. Tests build one around a {@link ManualClock}.
 *
 * @param clock the only source of time a plugin may use
 * @param target the downstream JDBC URL without its {@code jdbc:} prefix, e.g. {@code sqlite:/data/app.db}
 * @param targetProperties properties that belong to the target driver (Sluice's own settings removed);
 *     the plugin must not modify them
 */
public record PluginContext(Clock clock, String target, Properties targetProperties) {}

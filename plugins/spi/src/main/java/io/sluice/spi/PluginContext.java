package io.sluice.spi;

import java.util.Properties;
import javax.sql.DataSource;

/**
 * What the engine gives a plugin when it builds it; the same context for every plugin of one engine.
 * A plugin may keep it for its whole life. Tests build one around a {@link ManualClock}.
 *
 * @param clock the only source of time a plugin may use
 * @param target the downstream JDBC URL without its {@code jdbc:} prefix, e.g. {@code sqlite:/data/app.db}
 * @param targetProperties properties that belong to the target driver (Sluice's own settings removed);
 *     the plugin must not modify them
 * @param dataSource the application's own {@link DataSource} when Sluice wraps one
 *     ({@code SluiceDataSource.wrap}): a storage then takes its connections from it instead of opening
 *     its own; {@code null} when Sluice was given a URL. The application owns it: a plugin never closes it
 */
public record PluginContext(Clock clock, String target, Properties targetProperties, DataSource dataSource) {
    /** A context for a target given by URL. */
    public PluginContext(Clock clock, String target, Properties targetProperties) {
        this(clock, target, targetProperties, null);
    }
}

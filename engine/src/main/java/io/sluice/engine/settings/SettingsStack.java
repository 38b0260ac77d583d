package io.sluice.engine.settings;

import io.sluice.parser.SettingAssignment;
import io.sluice.spi.SluiceSqlException;
import java.util.List;

/**
 * The one place where setting layers are composed, in this order of precedence (highest first):
 *
 * <ol>
 *   <li>a statement's {@code SETTINGS} clause,
 *   <li>the session's {@code SET}s,
 *   <li>the connection's properties and URL parameters that are not engine-level,
 *   <li>the engine's layer (engine-level settings from the URL or properties, plugin settings among them),
 *   <li>the registry's defaults.
 * </ol>
 *
 * <p>Every {@link EffectiveSettings} the engine uses comes from here, so no caller can forget a layer.
 * Immutable: {@link #withConnection} and {@link #withSet} answer new stacks; a session keeps its current one.
 */
public final class SettingsStack {
    private final SettingsRegistry registry;
    private final SettingsLayer engine;
    private final SettingsLayer connection;
    private final SettingsLayer session;
    /** The stack resolved without a statement layer: what most statements of a session see. */
    private final EffectiveSettings resolved;

    private SettingsStack(SettingsRegistry registry, SettingsLayer engine, SettingsLayer connection, SettingsLayer session) {
        this.registry = registry;
        this.engine = engine;
        this.connection = connection;
        this.session = session;
        this.resolved = new EffectiveSettings(registry, engine, connection, session);
    }

    /** The engine's own stack: defaults and the engine layer. */
    public static SettingsStack ofEngine(SettingsRegistry registry, SettingsLayer engine) {
        return new SettingsStack(registry, engine, SettingsLayer.EMPTY, SettingsLayer.EMPTY);
    }

    /** This engine stack with a connection's layer on top. */
    public SettingsStack withConnection(SettingsLayer connectionLayer) {
        return new SettingsStack(registry, engine, connectionLayer, SettingsLayer.EMPTY);
    }

    /**
     * This stack with a session's {@code SET name = value} applied on top of its earlier ones.
     *
     * @throws SluiceSqlException for an unknown setting, an engine-level one, or a bad value
     */
    public SettingsStack withSet(List<SettingAssignment> assignments) throws SluiceSqlException {
        SettingsLayer next = session;
        for (SettingAssignment assignment : assignments) {
            next = next.with(SettingsLayer.statementSetting(registry, assignment.name()), assignment.value());
        }
        return new SettingsStack(registry, engine, connection, next);
    }

    /** Every layer but a statement's. */
    public EffectiveSettings resolve() {
        return resolved;
    }

    /**
     * Every layer with a statement's {@code SETTINGS} on top.
     *
     * @throws SluiceSqlException for an unknown setting, an engine-level one, or a bad value
     */
    public EffectiveSettings resolve(List<SettingAssignment> statementSettings) throws SluiceSqlException {
        if (statementSettings.isEmpty()) {
            return resolved;
        }
        return new EffectiveSettings(registry, engine, connection, session, statementLayer(statementSettings));
    }

    /**
     * Checks a statement's {@code SETTINGS} without resolving them: for a statement the target database runs.
     *
     * @throws SluiceSqlException for an unknown setting, an engine-level one, or a bad value
     */
    public void check(List<SettingAssignment> statementSettings) throws SluiceSqlException {
        statementLayer(statementSettings);
    }

    public SettingsRegistry registry() {
        return registry;
    }

    /** The engine-level layer, as given: it identifies an engine among the engines of one target. */
    public SettingsLayer engineLayer() {
        return engine;
    }

    private SettingsLayer statementLayer(List<SettingAssignment> assignments) throws SluiceSqlException {
        SettingsLayer layer = SettingsLayer.EMPTY;
        for (SettingAssignment assignment : assignments) {
            layer = layer.with(SettingsLayer.statementSetting(registry, assignment.name()), assignment.value());
        }
        return layer;
    }
}

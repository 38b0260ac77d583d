package io.sluice.engine.settings;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings given at one level (URL and connection properties, a session's {@code SET}s, or one
 * statement's {@code SETTINGS}): validated, canonical values keyed by setting index. Immutable.
 */
public final class SettingsLayer {
    public static final SettingsLayer EMPTY = new SettingsLayer(Map.of());

    private final Map<Integer, String> values;

    private SettingsLayer(Map<Integer, String> values) {
        this.values = values;
    }

    public Map<Integer, String> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** This layer with one more validated setting. */
    public SettingsLayer with(SettingsRegistry.Spec spec, String value) throws SluiceSqlException {
        Map<Integer, String> copy = new LinkedHashMap<>(values);
        copy.put(spec.index(), spec.canonicalize(value));
        return new SettingsLayer(Map.copyOf(copy));
    }

    /**
     * Validates a statement-level setting: it must exist and must not be an engine-level one.
     */
    public static SettingsRegistry.Spec statementSetting(SettingsRegistry registry, String name) throws SluiceSqlException {
        SettingsRegistry.Spec spec = registry.require(name);
        if (spec.scope() == Setting.Scope.ENGINE) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Setting " + spec.name()
                    + " applies to the whole engine and is fixed when it starts: give it in the URL or the connection properties");
        }
        return spec;
    }
}

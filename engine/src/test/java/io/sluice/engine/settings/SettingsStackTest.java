package io.sluice.engine.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.parser.SettingAssignment;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of the layers, in the one place that composes them. */
class SettingsStackTest {
    /** A plugin factory that only declares one engine-level setting. */
    private static final NamedFactory<Object> PLUGIN = new NamedFactory<>() {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public List<SettingDefinition> settings() {
            return List.of(new SettingDefinition("probe_level", "String", "default", "A plugin's setting"));
        }

        @Override
        public Object create(PluginConfig config, PluginContext context) {
            return new Object();
        }
    };

    private final SettingsRegistry registry = new SettingsRegistry(List.of(PLUGIN));

    private SettingsLayer layer(String name, String value) throws SluiceSqlException {
        return SettingsLayer.EMPTY.with(registry.require(name), value);
    }

    private static List<SettingAssignment> set(String name, String value) {
        return List.of(new SettingAssignment(name, value));
    }

    @Test
    void eachLayerOverridesTheOnesBelowIt() throws Exception {
        SettingsStack engine = SettingsStack.ofEngine(registry, layer("probe_level", "engine"));
        SettingsStack connection = engine.withConnection(layer("async_insert_max_query_number", "10"));
        assertThat(connection.resolve().getLong(Setting.ASYNC_INSERT_MAX_QUERY_NUMBER)).isEqualTo(10);
        SettingsStack session = connection.withSet(set("async_insert_max_query_number", "20"));
        assertThat(session.resolve().getLong(Setting.ASYNC_INSERT_MAX_QUERY_NUMBER)).isEqualTo(20);
        EffectiveSettings statement = session.resolve(set("async_insert_max_query_number", "30"));
        assertThat(statement.getLong(Setting.ASYNC_INSERT_MAX_QUERY_NUMBER)).isEqualTo(30);
        assertThat(connection.resolve().getLong(Setting.ASYNC_INSERT_MAX_QUERY_NUMBER)).as("stacks are immutable").isEqualTo(10);
        assertThat(statement.get("probe_level")).as("the engine layer under every other").isEqualTo("engine");
        assertThat(SettingsStack.ofEngine(registry, SettingsLayer.EMPTY).resolve().get("probe_level")).isEqualTo("default");
    }

    @Test
    void theKeySettingsLeaveOutEngineLevelAndPerEntrySettings() throws Exception {
        EffectiveSettings settings = SettingsStack.ofEngine(registry, layer("probe_level", "engine"))
                .resolve(List.of(new SettingAssignment("async_insert_max_query_number", "30"), new SettingAssignment("log_comment", "x"),
                        new SettingAssignment("async_insert_flush_policy", "threshold")));
        assertThat(settings.keySettings()).containsExactly(new SettingAssignment("async_insert_max_query_number", "30"),
                new SettingAssignment("async_insert_flush_policy", "'threshold'"));
    }

    @Test
    void aStatementCannotChangeAnEngineLevelSetting() {
        SettingsStack engine = SettingsStack.ofEngine(registry, SettingsLayer.EMPTY);
        assertThatThrownBy(() -> engine.resolve(set("probe_level", "statement"))).isInstanceOfSatisfying(SluiceSqlException.class,
                e -> assertThat(e.error()).isEqualTo(ErrorCode.BAD_ARGUMENTS));
        assertThatThrownBy(() -> engine.withSet(set("async_insert_threads", "4"))).isInstanceOfSatisfying(SluiceSqlException.class,
                e -> assertThat(e.error()).isEqualTo(ErrorCode.BAD_ARGUMENTS));
    }
}

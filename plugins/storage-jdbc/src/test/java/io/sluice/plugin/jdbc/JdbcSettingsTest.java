package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcSettingsTest {
    @Test
    @DisplayName("Defaults: a pool of 4, HikariCP's timeouts, the dialect detected, 16 MiB statements, 5 minutes for an answer")
    void defaults() {
        assertThat(JdbcSettings.defaults()).isEqualTo(new JdbcSettings(4, 30_000, 600_000, 1_800_000, "auto", 16_777_216, 300_000));
    }

    @Test
    @DisplayName("The declared settings are the ones parsed, with their defaults")
    void declared() {
        assertThat(JdbcSettings.definitions()).extracting(SettingDefinition::name).containsExactly("jdbc_pool_size",
                "jdbc_connection_timeout_ms", "jdbc_idle_timeout_ms", "jdbc_max_lifetime_ms", "jdbc_dialect", "jdbc_max_statement_bytes",
                "jdbc_network_timeout_ms");
        assertThat(JdbcSettings.definitions()).extracting(SettingDefinition::defaultValue)
                .containsExactly("4", "30000", "600000", "1800000", "auto", "16777216", "300000");
        assertThat(JdbcSettings.definitions()).allSatisfy(definition -> assertThat(definition.description()).isNotBlank());
        assertThat(new JdbcStoragePlugin.Factory().settings()).isEqualTo(JdbcSettings.definitions());
    }

    @Test
    @DisplayName("Valid values are taken, including 0 where HikariCP reads it as 'disabled'")
    void validValues() throws SluiceSqlException {
        JdbcSettings settings = JdbcSettings.parse(PluginConfig.of(Map.of("jdbc_pool_size", "16", "jdbc_connection_timeout_ms", "250",
                "jdbc_idle_timeout_ms", "0", "jdbc_max_lifetime_ms", "0", "jdbc_dialect", "MariaDB", "jdbc_max_statement_bytes", "1024",
                "jdbc_network_timeout_ms", "0")));
        assertThat(settings).isEqualTo(new JdbcSettings(16, 250, 0, 0, "mariadb", 1024, 0));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc_pool_size | 0 | must be an integer between 1 and 1000",
        "jdbc_pool_size | 1001 | must be an integer between 1 and 1000",
        "jdbc_pool_size | four | must be an integer between 1 and 1000",
        "jdbc_pool_size | '' | must be an integer between 1 and 1000",
        "jdbc_connection_timeout_ms | 249 | must be an integer between 250 and 2147483647",
        "jdbc_connection_timeout_ms | -1 | must be an integer between 250 and 2147483647",
        "jdbc_idle_timeout_ms | 9999 | must be 0 or an integer >= 10000",
        "jdbc_max_lifetime_ms | 1000 | must be 0 or an integer >= 30000",
        "jdbc_max_lifetime_ms | 1.5 | must be 0 or an integer >= 30000",
        "jdbc_dialect | oracle | must be one of auto, postgresql, mariadb, generic",
        "jdbc_max_statement_bytes | 100 | must be an integer between 1024 and 2147483647",
        "jdbc_network_timeout_ms | 999 | must be 0 or an integer between 1000 and 2147483647",
    })
    @DisplayName("An invalid value is INVALID_SETTING_VALUE naming the key, the value and the rule")
    void invalidValues(String name, String value, String rule) {
        assertThatThrownBy(() -> JdbcSettings.parse(PluginConfig.of(Map.of(name, value))))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessage("INVALID_SETTING_VALUE: Setting " + name + " = '" + value + "' is invalid: " + rule)
                .satisfies(e -> assertThat(((SluiceSqlException) e).error()).isEqualTo(ErrorCode.INVALID_SETTING_VALUE));
    }

    @Test
    @DisplayName("create() validates settings before it connects anywhere")
    void createValidatesFirst() {
        PluginContext unreachable = new PluginContext(new ManualClock(), "postgresql://127.0.0.1:1/none", new Properties());
        assertThatThrownBy(() -> new JdbcStoragePlugin.Factory().create(PluginConfig.of(Map.of("jdbc_pool_size", "0")), unreachable))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessage("INVALID_SETTING_VALUE: Setting jdbc_pool_size = '0' is invalid: must be an integer between 1 and 1000");
    }
}

package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ManualClock;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StorageFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JdbcStoragePluginTest {
    private final StorageFactory factory = new JdbcStoragePlugin.Factory();

    @Test
    @DisplayName("ServiceLoader finds the plugin and its storage factory named jdbc")
    void registered() {
        List<StorageFactory> factories = ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(plugin -> plugin instanceof JdbcStoragePlugin)
                .flatMap(plugin -> plugin.getStorageFactories().stream())
                .toList();
        assertThat(factories).extracting(StorageFactory::name).containsExactly("jdbc");
        assertThat(factories.get(0).description()).isNotBlank();
    }

    @Test
    @DisplayName("Every target but SQLite's is supported")
    void targets() {
        assertThat(factory.supportsTarget("postgresql://127.0.0.1:5432/test")).isTrue();
        assertThat(factory.supportsTarget("mariadb://127.0.0.1:3306/test")).isTrue();
        assertThat(factory.supportsTarget("mysql://db/app?useSSL=false")).isTrue();
        assertThat(factory.supportsTarget("h2:mem:test")).isTrue();
        assertThat(factory.supportsTarget("sqlserver://db;databaseName=app")).isTrue();
        assertThat(factory.supportsTarget("sqlite:/data/app.db")).isFalse();
        assertThat(factory.supportsTarget("SQLite:/data/app.db")).isFalse();
        assertThat(factory.supportsTarget("")).isFalse();
        assertThat(factory.supportsTarget("no-subprotocol")).isFalse();
    }

    @Test
    @DisplayName("Without a driver for the target, create() says so without echoing credentials")
    void noDriver() {
        PluginContext context = new PluginContext(new ManualClock(), "nosuchdb://user:secret@host/db?password=secret", new Properties());
        assertThatThrownBy(() -> factory.create(PluginConfig.empty(), context))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessageStartingWith("BAD_ARGUMENTS: No JDBC driver on the class path accepts jdbc:nosuchdb://…@host/db?…")
                .hasMessageNotContaining("secret");
    }

    @Test
    @DisplayName("An unreachable server fails create() with the driver's connection error")
    void unreachable() {
        PluginContext context = new PluginContext(new ManualClock(), "postgresql://127.0.0.1:1/test", new Properties());
        assertThatThrownBy(() -> factory.create(PluginConfig.of(java.util.Map.of("jdbc_connection_timeout_ms", "250")), context))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    }

    @Test
    @DisplayName("URLs are redacted of user info and query strings in messages")
    void redact() {
        assertThat(JdbcStorage.redact("jdbc:postgresql://db:5432/app")).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(JdbcStorage.redact("jdbc:mysql://u:p@db/app?password=x")).isEqualTo("jdbc:mysql://…@db/app?…");
        assertThat(JdbcStorage.redact("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    @DisplayName("Metadata patterns escape wildcards; names match exactly first, then ignoring case")
    void names() {
        assertThat(TableReader.pattern("a_b%c\\d", "\\")).isEqualTo("a\\_b\\%c\\\\d");
        assertThat(TableReader.match(List.of("events", "Events"), "Events")).isEqualTo("Events");
        assertThat(TableReader.match(List.of("events"), "EVENTS")).isEqualTo("events");
        assertThat(TableReader.match(List.of("EVENTS", "events"), "Events")).isEqualTo("events");
        assertThat(TableReader.match(List.of("other"), "events")).isNull();
    }

    @Test
    @DisplayName("Ledger keys longer than 255 characters are stored as their SHA-256")
    void ledgerKeys() {
        assertThat(JdbcLedger.key("short")).isEqualTo("short");
        assertThat(JdbcLedger.key("x".repeat(255))).isEqualTo("x".repeat(255));
        assertThat(JdbcLedger.key("x".repeat(256))).startsWith("sha256:").hasSize(7 + 64);
        assertThat(JdbcLedger.key("x".repeat(256))).isNotEqualTo(JdbcLedger.key("x".repeat(257)));
    }

    @Test
    @DisplayName("Dialects quote identifiers by doubling their quote character")
    void quoting() {
        assertThat(new PostgresDialect(true, 15).qualify("s\"x", "t\"); DROP TABLE t; --"))
                .isEqualTo("\"s\"\"x\".\"t\"\"); DROP TABLE t; --\"");
        assertThat(new MariaDbDialect(1024, 1024).quote("a`b\"c")).isEqualTo("`a``b\"c`");
        assertThat(new GenericDialect(false, '"', true).quote("")).isEqualTo("\"\"");
    }
}

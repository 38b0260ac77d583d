package io.sluice.plugin.jdbc;

import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.Storage;
import io.sluice.spi.StorageFactory;
import java.sql.SQLException;
import java.util.List;

/**
 * Offers the {@code jdbc} storage: any JDBC database ({@code jdbc:sluice:postgresql://…},
 * {@code jdbc:sluice:mariadb://…}, {@code jdbc:sluice:mysql://…}, any other driver's URL) through a HikariCP
 * pool, or through the application's own {@code DataSource} when Sluice wraps one, with the fastest bulk
 * path each dialect has. The target's driver is the application's. SQLite targets are left to the
 * {@code sqlite} storage.
 */
public final class JdbcStoragePlugin implements Plugin {
    @Override
    public List<StorageFactory> getStorageFactories() {
        return List.of(new Factory());
    }

    static final class Factory implements StorageFactory {
        @Override
        public String name() {
            return "jdbc";
        }

        @Override
        public String description() {
            return "Any JDBC database through a HikariCP pool: PostgreSQL COPY, MariaDB/MySQL multi-row INSERTs under"
                    + " max_allowed_packet, JDBC batches elsewhere; one transaction per part";
        }

        /** Every target but SQLite's, which the embedded {@code sqlite} storage serves. */
        @Override
        public boolean supportsTarget(String target) {
            int colon = target.indexOf(':');
            return colon > 0 && !target.regionMatches(true, 0, "sqlite:", 0, "sqlite:".length());
        }

        @Override
        public List<SettingDefinition> settings() {
            return JdbcSettings.definitions();
        }

        @Override
        public Storage create(PluginConfig config, PluginContext context) throws SQLException {
            JdbcSettings settings = JdbcSettings.parse(config);
            return new JdbcStorage(settings, context.target(), context.targetProperties(), context.dataSource());
        }
    }
}

package io.sluice.plugin.sqlite;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.StorageFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Offers the {@code sqlite} storage, the embedded default for {@code jdbc:sluice:sqlite:} URLs. */
public final class SqliteStoragePlugin implements Plugin {
    static final String JOURNAL_MODE = "sqlite_journal_mode";
    static final String SYNCHRONOUS = "sqlite_synchronous";
    static final String BUSY_TIMEOUT = "sqlite_busy_timeout_ms";

    private static final Set<String> JOURNAL_MODES = Set.of("DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF");
    private static final Set<String> SYNCHRONOUS_MODES = Set.of("OFF", "NORMAL", "FULL", "EXTRA");

    @Override
    public List<StorageFactory> getStorageFactories() {
        return List.of(new Factory());
    }

    private static final class Factory implements StorageFactory {
        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public String description() {
            return "Embedded SQLite file through sqlite-jdbc, one writer, one transaction per part";
        }

        @Override
        public boolean supportsTarget(String target) {
            return target.regionMatches(true, 0, "sqlite:", 0, "sqlite:".length());
        }

        @Override
        public List<SettingDefinition> settings() {
            return List.of(
                    new SettingDefinition(JOURNAL_MODE, "String", "WAL",
                            "Journal mode Sluice sets on the SQLite file (WAL lets readers run while a part is written)"),
                    new SettingDefinition(SYNCHRONOUS, "String", "FULL",
                            "PRAGMA synchronous of Sluice's writer connection: FULL makes every committed part durable"),
                    new SettingDefinition(BUSY_TIMEOUT, "Milliseconds", "10000",
                            "How long an SQLite connection waits for a lock held by another connection"));
        }

        @Override
        public Storage create(PluginConfig config, PluginContext context) throws SQLException {
            String journal = choice(config, JOURNAL_MODE, "WAL", JOURNAL_MODES);
            String synchronous = choice(config, SYNCHRONOUS, "FULL", SYNCHRONOUS_MODES);
            String busy = config.get(BUSY_TIMEOUT).orElse("10000");
            long busyMillis;
            try {
                busyMillis = Long.parseLong(busy);
            } catch (NumberFormatException e) {
                busyMillis = -1;
            }
            if (busyMillis < 0) {
                throw new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE,
                        "Setting " + BUSY_TIMEOUT + " = " + busy + " is invalid: must be a number of milliseconds >= 0");
            }
            return new SqliteStorage(context.target(), context.targetProperties(), journal, synchronous, busyMillis);
        }

        private static String choice(PluginConfig config, String name, String fallback, Set<String> allowed) throws SQLException {
            String value = config.get(name).orElse(fallback).toUpperCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE,
                        "Setting " + name + " = " + value + " is invalid: must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            return value;
        }
    }
}

package io.sluice.plugin.wal;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import java.sql.SQLException;
import java.util.List;

/**
 * Offers the {@code wal} buffer: entries in checksummed segment files with group-commit fsync, replayed
 * after a crash. See {@link WalStatus} and {@link WalRecoveryReport} for what it tells the engine, and the
 * package documentation for what the engine must do with it.
 */
public final class WalBufferPlugin implements Plugin {
    @Override
    public List<BufferFactory> getBufferFactories() {
        return List.of(new WalBufferFactory());
    }

    /** Builds {@code wal} buffers; cheap to construct, opens nothing until {@link #create}. */
    static final class WalBufferFactory implements BufferFactory {
        @Override
        public String name() {
            return "wal";
        }

        @Override
        public String description() {
            return "Entries in a write-ahead log on disk (CRC32C records, group-commit fsync): acknowledged once durable, replayed after a crash";
        }

        @Override
        public List<SettingDefinition> settings() {
            return WalSettings.DEFINITIONS;
        }

        /**
         * Validates the settings, takes the directory's lock, recovers what it holds and starts the writer.
         *
         * @throws SQLException {@code INVALID_SETTING_VALUE} for a bad or missing setting; {@code BAD_ARGUMENTS}
         *     when another engine holds the directory; {@code UNKNOWN_EXCEPTION} when it cannot be read or written
         */
        @Override
        public Buffer create(PluginConfig config, PluginContext context) throws SQLException {
            return WalBuffer.open(WalSettings.parse(config, context.target()), context.clock());
        }
    }
}

package io.sluice.plugin.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSettingsTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("defaults: group commit every append, 100 ms interval, 64 MiB segments, 1 GiB bound, 10 s wait")
    void defaults() throws Exception {
        WalSettings settings = WalSettings.parse(WalTesting.config(dir), "postgresql://h/db");
        assertThat(settings).isEqualTo(new WalSettings(dir.toAbsolutePath().normalize(), FsyncMode.GROUP, 100, 64L << 20, 1L << 30, 10_000));
    }

    @Test
    @DisplayName("without a directory, an SQLite target file gives one beside it; other targets give none")
    void directoryDefault() throws Exception {
        assertThat(WalSettings.parse(PluginConfig.empty(), "sqlite:" + dir.resolve("app.db") + "?foo=1").directory())
                .isEqualTo(dir.resolve("app.db.sluice-wal").toAbsolutePath().normalize());
        assertThatThrownBy(() -> WalSettings.parse(PluginConfig.empty(), "sqlite::memory:"))
                .hasMessageContaining("only an SQLite target file gives a default");
        assertThatThrownBy(() -> WalSettings.parse(PluginConfig.empty(), "postgresql://h/db"))
                .hasMessageContaining("only an SQLite target file gives a default");
    }

    @Test
    @DisplayName("values are read from the config, fsync case-insensitively")
    void values() throws Exception {
        WalSettings settings = WalSettings.parse(WalTesting.config(dir, WalSettings.FSYNC, " Interval ", WalSettings.FSYNC_INTERVAL_MS, "5",
                WalSettings.SEGMENT_BYTES, "4096", WalSettings.MAX_BYTES, "4096", WalSettings.MAX_WAIT_MS, "0"), "postgresql://h/db");
        assertThat(settings).isEqualTo(new WalSettings(dir.toAbsolutePath().normalize(), FsyncMode.INTERVAL, 5, 4096, 4096, 0));
    }

    @Test
    @DisplayName("create() fails clearly without a directory when the target is not an SQLite file")
    void missingDirectory() {
        WalBufferPlugin.WalBufferFactory factory = new WalBufferPlugin.WalBufferFactory();
        for (PluginConfig config : new PluginConfig[] {PluginConfig.empty(), PluginConfig.of(Map.of(WalSettings.DIRECTORY, " "))}) {
            assertThatThrownBy(() -> factory.create(config, new PluginContext(new ManualClock(), "postgresql://db/app", new Properties())))
                    .isInstanceOf(SluiceSqlException.class)
                    .hasMessageEndingWith("is invalid: the wal buffer needs a directory for its segment files; set async_insert_wal_directory"
                            + " (only an SQLite target file gives a default: <file>.sluice-wal beside it)")
                    .extracting(e -> ((SluiceSqlException) e).error()).isEqualTo(ErrorCode.INVALID_SETTING_VALUE);
        }
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "async_insert_wal_fsync|sometimes|expected always, group or interval",
        "async_insert_wal_fsync_interval_ms|0|must be greater than 0",
        "async_insert_wal_fsync_interval_ms|soon|expected a whole number >= 1",
        "async_insert_wal_segment_bytes|100|must be >= 1024",
        "async_insert_wal_segment_bytes|-5|must be >= 1024",
        "async_insert_wal_max_bytes|1000000|must be >= async_insert_wal_segment_bytes (67108864)",
        "async_insert_wal_max_bytes|1e9|expected a whole number >= 1",
        "async_insert_wal_max_wait_ms|-1|must be >= 0",
    })
    void invalid(String name, String value, String rule) {
        Map<String, String> values = new HashMap<>();
        values.put(WalSettings.DIRECTORY, dir.toString());
        values.put(name, value);
        assertThatThrownBy(() -> WalSettings.parse(PluginConfig.of(values), "postgresql://h/db")).isInstanceOf(SluiceSqlException.class)
                .hasMessage("INVALID_SETTING_VALUE: Setting " + name + " = '" + value + "' is invalid: " + rule)
                .extracting(e -> ((SluiceSqlException) e).getErrorCode()).isEqualTo(471);
    }
}

package io.sluice.kit;

import io.sluice.spi.BufferFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wal buffer for a target that is not an SQLite file: nothing to put the segments beside, so
 * {@code async_insert_wal_directory} is required (the kit checks that its empty default is refused, naming
 * the setting), here with {@code async_insert_wal_fsync = interval} and small segments, so that the kit's
 * many appends span several segment files.
 */
@DisplayName("The wal buffer passes the buffer kit (PostgreSQL target, directory set, interval fsync, small segments)")
class WalBufferOtherTargetKitTest extends BufferKit {
    @TempDir
    Path directory;

    @Override
    protected BufferFactory factory() {
        return KitPlugins.buffer("wal");
    }

    @Override
    protected Set<Capability> capabilities() {
        return Set.of(Capability.DURABLE);
    }

    /** The buffer never connects to its target: it only needs to know that the target has no file. */
    @Override
    protected String target() {
        return "postgresql://127.0.0.1:5432/test";
    }

    @Override
    protected Map<String, String> pluginSettings() {
        return Map.of("async_insert_wal_directory", directory.resolve("wal").toString(),
                "async_insert_wal_fsync", "interval",
                "async_insert_wal_fsync_interval_ms", "5",
                "async_insert_wal_segment_bytes", "4096");
    }

    @Override
    protected Set<String> requiredSettings() {
        return Set.of("async_insert_wal_directory");
    }

    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of("async_insert_wal_fsync", List.of("never"), "async_insert_wal_max_bytes", List.of("4095"));
    }
}

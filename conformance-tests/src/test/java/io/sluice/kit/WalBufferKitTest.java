package io.sluice.kit;

import io.sluice.spi.BufferFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wal buffer, as the engine builds it for an SQLite target file: every setting at its default, the
 * segment directory beside the database file ({@code kit.db.sluice-wal}), group-commit fsync. Every run of
 * one test shares that directory, so what a run leaves unreleased is what the next one recovers.
 */
@DisplayName("The wal buffer passes the buffer kit (SQLite target, directory beside the file)")
class WalBufferKitTest extends BufferKit {
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

    @Override
    protected String target() {
        return "sqlite:" + directory.resolve("kit.db");
    }

    /** Its fsync mode is a text setting, and its sizes have floors and an order the kit cannot guess. */
    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of(
                "async_insert_wal_fsync", List.of("sometimes"),
                "async_insert_wal_fsync_interval_ms", List.of("0", "soon", "-1"),
                "async_insert_wal_segment_bytes", List.of("1023", "big", "-1"),
                "async_insert_wal_max_bytes", List.of("1024", "-1"),
                "async_insert_wal_max_wait_ms", List.of("a while", "-1"));
    }
}

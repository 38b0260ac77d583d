package io.sluice.kit;

import io.sluice.spi.StorageFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite storage, on a real database file per test. */
@DisplayName("The SQLite storage passes the storage kit")
class SqliteStorageKitTest extends StorageKit {
    @TempDir
    Path directory;

    @Override
    protected StorageFactory factory() {
        return KitPlugins.storage("sqlite");
    }

    @Override
    protected String target() {
        return "sqlite:" + directory.resolve("kit.db");
    }

    @Override
    protected Set<Capability> capabilities() {
        return Set.of(Capability.MULTI_PART_TRANSACTION, Capability.LEDGER, Capability.LOST_WRITE_RESOLUTION);
    }

    /** Its journal and synchronous modes are text settings: the kit cannot guess an invalid value for them. */
    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of("sqlite_journal_mode", List.of("sideways"), "sqlite_synchronous", List.of("sometimes"),
                "sqlite_busy_timeout_ms", List.of("soon", "-1"));
    }
}

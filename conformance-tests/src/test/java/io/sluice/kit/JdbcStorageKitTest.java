package io.sluice.kit;

import io.sluice.spi.StorageFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jdbc storage against a real server, with every setting at its default. The kit's tables are created
 * in the server's {@code test} database with names of their own and dropped after each test; the storage's
 * ledger table stays, as it would in an application's database. Subclasses name the server
 * ({@link PostgresStorageKitTest}, {@link MariaDbStorageKitTest}) and skip, or fail on CI, when it is not
 * reachable.
 */
abstract class JdbcStorageKitTest extends StorageKit {
    @Override
    protected StorageFactory factory() {
        return KitPlugins.storage("jdbc");
    }

    @Override
    protected Set<Capability> capabilities() {
        return Set.of(Capability.MULTI_PART_TRANSACTION, Capability.LEDGER, Capability.LOST_WRITE_RESOLUTION);
    }

    /** Its dialect is a choice of names, and its numbers have ranges the kit cannot guess. */
    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of(
                "jdbc_dialect", List.of("oracle"),
                "jdbc_pool_size", List.of("0", "1001", "many"),
                "jdbc_connection_timeout_ms", List.of("249", "-1"),
                "jdbc_idle_timeout_ms", List.of("9999", "-1"),
                "jdbc_max_lifetime_ms", List.of("29999", "forever"),
                "jdbc_max_statement_bytes", List.of("1023", "-1"));
    }
}

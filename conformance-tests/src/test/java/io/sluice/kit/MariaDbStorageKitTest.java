package io.sluice.kit;

import io.sluice.conformance.TestServers;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The jdbc storage on MariaDB (multi-row INSERTs), in database {@code test}. */
@DisplayName("The jdbc storage passes the storage kit on MariaDB")
class MariaDbStorageKitTest extends JdbcStorageKitTest {
    @BeforeAll
    static void requireServer() {
        TestServers.requireMariaDb();
    }

    @Override
    protected String target() {
        return TestServers.MARIADB_TARGET;
    }

    @Override
    protected Properties targetProperties() {
        return TestServers.mariadbProperties();
    }
}

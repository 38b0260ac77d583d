package io.sluice.kit;

import io.sluice.conformance.TestServers;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The jdbc storage on PostgreSQL (COPY), in the {@code public} schema of database {@code test}. */
@DisplayName("The jdbc storage passes the storage kit on PostgreSQL")
class PostgresStorageKitTest extends JdbcStorageKitTest {
    @BeforeAll
    static void requireServer() {
        TestServers.requirePostgres();
    }

    @Override
    protected String target() {
        return TestServers.POSTGRES_TARGET;
    }

    @Override
    protected Properties targetProperties() {
        return TestServers.postgresProperties();
    }
}

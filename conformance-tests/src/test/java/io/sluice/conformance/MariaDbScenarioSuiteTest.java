package io.sluice.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** Every portable scenario on MariaDB, a new database each; skipped (failed with {@code CI=true}) without the server. */
@DisplayName("Scenarios on MariaDB")
class MariaDbScenarioSuiteTest extends ScenarioSuite {
    @BeforeAll
    static void requireServer() {
        TestServers.requireMariaDb();
    }

    @Override
    ScenarioStorage storage() {
        return ScenarioStorage.MARIADB;
    }
}

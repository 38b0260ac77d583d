package io.sluice.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** Every portable scenario on PostgreSQL, a new schema each; skipped (failed with {@code CI=true}) without the server. */
@DisplayName("Scenarios on PostgreSQL")
class PostgresScenarioSuiteTest extends ScenarioSuite {
    @BeforeAll
    static void requireServer() {
        TestServers.requirePostgres();
    }

    @Override
    ScenarioStorage storage() {
        return ScenarioStorage.POSTGRESQL;
    }
}

package io.sluice.conformance;

import org.junit.jupiter.api.DisplayName;

/** Every scenario on SQLite, a new database file each. */
@DisplayName("Scenarios on SQLite")
class ScenarioSuiteTest extends ScenarioSuite {
    @Override
    ScenarioStorage storage() {
        return ScenarioStorage.SQLITE;
    }
}

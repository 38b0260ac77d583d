package io.sluice.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The scenario format itself: what the parser accepts, and how the runner reports a failure. */
class ScenarioRunnerTest {
    @TempDir
    Path folder;

    private static Scenario parse(String text) {
        return Scenario.parse("x.sql", List.of(text.split("\n", -1)));
    }

    private void run(String text) throws Exception {
        try (ScenarioRunner runner = new ScenarioRunner(parse(text), folder)) {
            runner.run();
        }
    }

    @Nested
    @DisplayName("parsing")
    class Parsing {
        @Test
        @DisplayName("a statement ends at a line ending with ';', which is not sent")
        void statements() {
            Scenario scenario = parse("-- scenario: s\n-- url: a=1\nINSERT INTO t\nVALUES (1);\n-- expect: 0\n");
            assertThat(scenario.title()).isEqualTo("s");
            assertThat(scenario.urlParameters()).isEqualTo("a=1");
            assertThat(scenario.steps()).containsExactly(new Scenario.Sql(3, "INSERT INTO t\nVALUES (1)"),
                    new Scenario.Directive(5, "expect", "0", List.of()));
        }

        @Test
        @DisplayName("after a line ending with FORMAT <name>, the data runs to a line holding only ';', each line ended by a line break")
        void formatData() {
            Scenario scenario = parse("-- scenario: s\nINSERT INTO t FORMAT CSV\n1,\"a;\"\n-- not a comment\n;\n");
            assertThat(scenario.steps()).containsExactly(new Scenario.Sql(2, "INSERT INTO t FORMAT CSV\n1,\"a;\"\n-- not a comment\n"));
        }

        @Test
        @DisplayName("expected rows run to a blank line or the next directive; prose comments are skipped")
        void rows() {
            Scenario scenario = parse("-- scenario: s\nSELECT 1;\n-- expect:\n-- 1|a\n--\n-- await-flushes\n-- Just prose.\n");
            assertThat(scenario.steps()).containsExactly(new Scenario.Sql(2, "SELECT 1"),
                    new Scenario.Directive(3, "expect", "", List.of("1|a", "")), new Scenario.Directive(6, "await-flushes", "", List.of()));
        }

        @Test
        @DisplayName("an unknown directive is an error naming the file and line")
        void unknownDirective() {
            assertThatThrownBy(() -> parse("-- scenario: s\nSELECT 1;\n-- expct: 1\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("x.sql:3: unknown directive '-- expct'");
        }

        @Test
        @DisplayName("a statement without its ';' is an error")
        void unterminated() {
            assertThatThrownBy(() -> parse("-- scenario: s\nSELECT 1\n-- expect: 1\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("x.sql:3: the statement starting at line 2 has no terminating ';'");
        }

        @Test
        @DisplayName("'-- storages:' names the storages a scenario is written for, and why; '-- known-failure:' a storage it fails on, and why")
        void storages() {
            Scenario scenario = parse("-- scenario: s\n-- storages: sqlite, mariadb (MariaDB's own SQL)\n"
                    + "-- known-failure: mariadb (a bug, and where)\nSELECT 1;\n");
            assertThat(scenario.storages()).containsExactlyInAnyOrder(ScenarioStorage.SQLITE, ScenarioStorage.MARIADB);
            assertThat(scenario.storagesReason()).isEqualTo("MariaDB's own SQL");
            assertThat(scenario.knownFailures()).containsExactly(Map.entry(ScenarioStorage.MARIADB, "a bug, and where"));
            assertThat(parse("-- scenario: s\nSELECT 1;\n").storages()).containsExactlyInAnyOrder(ScenarioStorage.values());
            assertThatThrownBy(() -> parse("-- scenario: s\n-- storages: sqlite\n"))
                    .hasMessageStartingWith("x.sql:2: '-- storages:' takes storage names and the reason in parentheses");
            assertThatThrownBy(() -> parse("-- scenario: s\n-- storages: oracle (why not)\n"))
                    .hasMessage("x.sql:2: unknown storage 'oracle'; known: sqlite, postgresql, mariadb");
            assertThatThrownBy(() -> parse("-- scenario: s\n-- storages: sqlite (SQLite only)\n-- known-failure: mariadb (a bug)\n"))
                    .hasMessage("x.sql:1: a known failure on mariadb, which '-- storages:' leaves out");
            assertThatThrownBy(() -> parse("-- scenario: s\nSELECT 1;\n-- storages: sqlite (late)\n"))
                    .hasMessage("x.sql:3: '-- storages:' comes once, in the header after '-- scenario:'");
        }

        @Test
        @DisplayName("a file must start with its title")
        void title() {
            assertThatThrownBy(() -> parse("SELECT 1;\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("x.sql:1: the file must start with '-- scenario: <title>'");
        }
    }

    @Nested
    @DisplayName("running")
    class Running {
        @Test
        @DisplayName("a failed expectation names the file, the line, the statement, what was expected and what came")
        void mismatch() {
            assertThatThrownBy(() -> run("-- scenario: s\nSELECT 1, 'a';\n-- expect:\n-- 1|b\n"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("x.sql:3: expectation failed\n  statement (line 2): SELECT 1, 'a'\n  expected: \n    1|b\n  actual:   \n    1|a");
        }

        @Test
        @DisplayName("an error that no '-- error:' expects fails the scenario")
        void unexpectedError() {
            assertThatThrownBy(() -> run("-- scenario: s\nINSERT INTO missing VALUES (1);\nSELECT 1;\n"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("x.sql:2: unexpected error: UNKNOWN_TABLE: Table main.missing does not exist (code 60)");
        }

        @Test
        @DisplayName("'-- error:' checks the code, and the whole message when one is given")
        void errors() throws Exception {
            run("-- scenario: s\nINSERT INTO missing VALUES (1);\n-- error: UNKNOWN_TABLE\n"
                    + "INSERT INTO missing VALUES (1);\n-- error: UNKNOWN_TABLE: Table main.missing does not exist\n");
            assertThatThrownBy(() -> run("-- scenario: s\nINSERT INTO missing VALUES (1);\n-- error: UNKNOWN_TABLE: Table t does not exist\n"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected: error UNKNOWN_TABLE: Table t does not exist (code 60)");
        }

        @Test
        @DisplayName("${database} in statements, rows and errors is the scenario's database: main on SQLite")
        void databasePlaceholder() throws Exception {
            run("-- scenario: s\nCREATE TABLE t (a INTEGER);\nINSERT INTO ${database}.t SETTINGS async_insert = 0 VALUES (1);\n-- expect: 1\n"
                    + "SELECT '${database}', a FROM t;\n-- expect:\n-- main|1\n"
                    + "INSERT INTO missing VALUES (1);\n-- error: UNKNOWN_TABLE: Table ${database}.missing does not exist\n");
            assertThatThrownBy(() -> run("-- scenario: s\nSELECT 'main';\n-- expect: ${database}x\n"))
                    .hasMessageContaining("expected: \n    mainx");
        }

        @Test
        @DisplayName("values render alike on every storage: floating-point columns as Java doubles, line breaks and tabs as <LF> and <TAB>")
        void rendering() throws Exception {
            run("-- scenario: s\nCREATE TABLE t (x REAL, s TEXT);\n"
                    + "INSERT INTO t SETTINGS async_insert = 0 VALUES (-2, 'a\\nb\\tc\\rd'), (1000, 'plain'), (NULL, NULL);\n-- expect: 3\n"
                    + "SELECT x, s FROM t ORDER BY x;\n-- expect:\n-- NULL|NULL\n-- -2.0|a<LF>b<TAB>c<CR>d\n-- 1000.0|plain\n");
        }

        @Test
        @DisplayName("a known failure is skipped with what failed, and fails the suite once it passes")
        void knownFailure() {
            Scenario failing = parse("-- scenario: s\n-- known-failure: sqlite (a bug)\nSELECT 1;\n-- expect: 2\n");
            assertThatThrownBy(() -> ScenarioSuite.run(ScenarioStorage.SQLITE, failing, folder))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageStartingWith("Known failure on SQLite (a bug), failing as expected: x.sql:4: expectation failed");
            Scenario passing = parse("-- scenario: s\n-- known-failure: sqlite (a bug)\nSELECT 1;\n-- expect: 1\n");
            assertThatThrownBy(() -> ScenarioSuite.run(ScenarioStorage.SQLITE, passing, folder))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("x.sql passed on SQLite although its header lists a known failure there (a bug): remove the"
                            + " '-- known-failure: sqlite' line");
        }

        @Test
        @DisplayName("a scenario written for other storages is skipped with its reason")
        void otherStorages() {
            Scenario scenario = parse("-- scenario: s\n-- storages: postgresql (PostgreSQL's own SQL)\nSELECT 1;\n-- expect: 2\n");
            assertThatThrownBy(() -> ScenarioSuite.run(ScenarioStorage.SQLITE, scenario, folder))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("Skipped on SQLite: x.sql is written for [PostgreSQL] only (PostgreSQL's own SQL)");
        }

        @Test
        @DisplayName("every background statement must be joined")
        void backgroundMustBeJoined() {
            assertThatThrownBy(() -> run("-- scenario: s\nCREATE TABLE t (a INTEGER);\n-- background: w\nINSERT INTO t VALUES (1);\n"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("x.sql:4: background statement 'w' was never joined");
        }
    }

    @Nested
    @DisplayName("scenarios waiting for an engine change")
    class Pending {
        @Test
        @DisplayName("every file in scenarios-pending/ is a well-formed scenario")
        void wellFormed() throws Exception {
            List<Path> pending = ScenarioSuite.scenarioFiles("scenarios-pending");
            assertThat(pending).isNotEmpty();
            for (Path file : pending) {
                assertThat(ScenarioSuite.load(file).steps()).as(file.getFileName().toString()).isNotEmpty();
            }
        }

        @Test
        @DisplayName("the only-these-scenarios property keeps the files whose name holds one of its parts")
        void only() throws Exception {
            List<Path> all = ScenarioSuite.scenarioFiles("scenarios");
            assertThat(ScenarioSuite.only(all, " trigger_bytes.sql, system_events.sql")).extracting(f -> f.getFileName().toString())
                    .containsExactly("system_events.sql", "trigger_bytes.sql");
            assertThat(ScenarioSuite.only(all, "")).isEqualTo(all);
        }
    }
}

package io.sluice.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario file under {@code scenarios/} on the test class path as its own test, named after
 * the file and its {@code -- scenario:} title, on one storage: {@link ScenarioSuiteTest} (SQLite),
 * {@link PostgresScenarioSuiteTest}, {@link MariaDbScenarioSuiteTest}. A scenario written for other
 * storages only ({@code -- storages:}) shows as skipped, with its reason; so does one that fails on this
 * storage as its header says it will ({@code -- known-failure:}), while one that passes in spite of that
 * header fails, so that the header goes when the bug does. The format is described in {@link ScenarioRunner}.
 */
abstract class ScenarioSuite {
    @TempDir
    Path folder;

    /** The storage every scenario of this suite runs on. */
    abstract ScenarioStorage storage();

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        return scenarioFiles().stream().map(file -> {
            Scenario scenario;
            try {
                scenario = load(file);
            } catch (IllegalArgumentException malformed) {
                // A malformed file fails as its own test rather than hiding the others.
                return DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
                    throw malformed;
                });
            }
            return DynamicTest.dynamicTest(scenario.fileName() + " — " + scenario.title(), file.toUri(), () -> run(storage(), scenario, folder));
        });
    }

    /**
     * Runs one scenario on a fresh database of the storage, with a folder of its own; closing the runner
     * closes every engine (graceful shutdown), then the database is dropped.
     */
    static void run(ScenarioStorage storage, Scenario scenario, Path folder) throws Exception {
        Assumptions.assumeTrue(scenario.storages().contains(storage), () -> "Skipped on " + storage.displayName() + ": "
                + scenario.fileName() + " is written for " + scenario.storages().stream().map(ScenarioStorage::displayName).toList()
                + " only (" + scenario.storagesReason() + ")");
        storage.require();
        Path own = Files.createTempDirectory(folder, scenario.fileName().replace(".sql", "") + "-");
        String knownFailure = scenario.knownFailures().get(storage);
        try (ScenarioStorage.Target target = storage.open(own); ScenarioRunner runner = new ScenarioRunner(scenario, target)) {
            if (knownFailure == null) {
                runner.run();
                return;
            }
            try {
                runner.run();
            } catch (AssertionError expected) {
                // Shown as skipped, with what failed; fails as soon as the bug is fixed, so the header goes with it.
                Assumptions.abort("Known failure on " + storage.displayName() + " (" + knownFailure + "), failing as expected: "
                        + expected.getMessage());
            }
        }
        throw new AssertionError(scenario.fileName() + " passed on " + storage.displayName() + " although its header lists a known"
                + " failure there (" + knownFailure + "): remove the '-- known-failure: " + storage.id() + "' line");
    }

    /**
     * The scenario files, sorted by name; with the system property {@value #ONLY} (names or parts of names,
     * joined by commas: {@code -Dsluice.scenarios=02015_,wait_timeout}), only the files whose name holds one of them.
     */
    static List<Path> scenarioFiles() throws IOException, URISyntaxException {
        return only(scenarioFiles("scenarios"), System.getProperty(ONLY, ""));
    }

    /** The files whose name holds one of {@code only}'s comma-separated parts; all of them when it is blank. */
    static List<Path> only(List<Path> files, String only) {
        List<String> parts = only.isBlank() ? List.of() : List.of(only.trim().split("\\s*,\\s*"));
        return files.stream()
                .filter(f -> parts.isEmpty() || parts.stream().anyMatch(part -> f.getFileName().toString().contains(part)))
                .toList();
    }

    /** The system property that runs only some scenarios, while writing one. */
    static final String ONLY = "sluice.scenarios";

    /** The {@code .sql} files of a folder on the test class path, sorted by name. */
    static List<Path> scenarioFiles(String folderName) throws IOException, URISyntaxException {
        URL folder = ScenarioSuite.class.getClassLoader().getResource(folderName);
        if (folder == null) {
            throw new IllegalStateException("no " + folderName + "/ folder on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
    }

    static Scenario load(Path file) {
        try {
            return Scenario.parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}

package io.sluice.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario file under {@code scenarios/} on the test class path as its own test, named after
 * the file and its {@code -- scenario:} title. The format is described in {@link ScenarioRunner}.
 */
class ScenarioSuiteTest {
    @TempDir
    Path folder;

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
            return DynamicTest.dynamicTest(scenario.fileName() + " — " + scenario.title(), file.toUri(), () -> run(scenario));
        });
    }

    /** Runs one scenario in a folder of its own; closing the runner closes every engine (graceful shutdown). */
    private void run(Scenario scenario) throws Exception {
        Path own = Files.createTempDirectory(folder, scenario.fileName().replace(".sql", "") + "-");
        try (ScenarioRunner runner = new ScenarioRunner(scenario, own)) {
            runner.run();
        }
    }

    /** The scenario files, sorted by name. */
    static List<Path> scenarioFiles() throws IOException, URISyntaxException {
        URL folder = ScenarioSuiteTest.class.getClassLoader().getResource("scenarios");
        if (folder == null) {
            throw new IllegalStateException("no scenarios/ folder on the test class path");
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

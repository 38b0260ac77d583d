package io.sluice.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sluice as an application gets it: the reactor is deployed to a file repository under target/ (never to
 * ~/.m2), then a small application (src/test/resources/artifacts-app) is built against it with an empty
 * local repository of its own, everything else coming from ~/.m2 used as a read-only remote. The
 * application declares current HikariCP, sqlite-jdbc and SLF4J and runs Maven's dependencyConvergence
 * rule; then it runs against the resolved class path and against the all-in-one jar.
 *
 * <p>It builds the whole reactor twice over, so it runs only with {@code mvn -Partifacts} (cli/pom.xml).
 */
@EnabledIfSystemProperty(named = "sluice.artifacts", matches = "true")
class ArtifactResolutionTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("sluice.version");

    @Test
    void anApplicationResolvesSluiceFromARepositoryAndItsDependenciesConverge() throws Exception {
        Path work = ROOT.resolve("target/artifacts-test");
        deleteTree(work);
        Path repository = work.resolve("repository");
        // Not offline: the deploy plugin refuses to deploy offline, even to a file: repository.
        run(ROOT, "mvn", "-B", "-q", "deploy", "-DskipTests", "-Dmaven.install.skip=true",
                "-DaltDeploymentRepository=sluice-test::file://" + repository);

        try (Stream<Path> deployed = Files.list(repository.resolve("io/sluice"))) {
            List<String> artifacts = deployed.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(artifacts).contains("sluice-parent", "sluice-jdbc", "sluice-engine", "sluice-spi",
                    "sluice-parser", "sluice-storage-sqlite", "sluice-conformance-tests", "sluice-micrometer");
            assertThat(artifacts).doesNotContain("sluice-benchmarks", "sluice-crash-tests", "sluice-cli",
                    "sluice-grammar", "sluice-example-policy-wallclock");
        }
        Path jdbcVersion = repository.resolve("io/sluice/sluice-jdbc/" + VERSION);
        try (Stream<Path> files = Files.list(jdbcVersion)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-all.jar"));
        }

        Path app = work.resolve("app");
        copyTree(Path.of("src/test/resources/artifacts-app"), app);
        Path pom = app.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom)
                .replace("@sluice.version@", VERSION)
                .replace("@hikari.version@", System.getProperty("hikari.version"))
                .replace("@sqlite.version@", System.getProperty("sqlite.version"))
                .replace("@slf4j.version@", System.getProperty("slf4j.version")));
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.writeString(app.resolve("settings.xml"), """
                <settings>
                  <mirrors><mirror><id>local-cache</id><mirrorOf>*,!sluice-test</mirrorOf><url>file://%s</url></mirror></mirrors>
                  <profiles><profile><id>sluice</id>
                    <repositories><repository><id>sluice-test</id><url>file://%s</url>
                      <snapshots><enabled>true</enabled></snapshots></repository></repositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>sluice</activeProfile></activeProfiles>
                </settings>
                """.formatted(m2, repository));
        Path localRepository = app.resolve("m2");
        run(app, "mvn", "-B", "-q", "-s", "settings.xml", "-Dmaven.repo.local=" + localRepository,
                "package", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt");

        String classpath = Files.readString(app.resolve("classpath.txt")).trim();
        List<String> jars = List.of(classpath.split(":"));
        assertThat(jars).filteredOn(j -> j.contains("sqlite-jdbc")).singleElement().asString()
                .contains("sqlite-jdbc-" + System.getProperty("sqlite.version") + ".jar");
        assertThat(jars).anyMatch(j -> j.startsWith(localRepository.resolve("io/sluice/sluice-jdbc").toString()));

        Path database = work.resolve("app.db");
        Output thin = run(app, "java", "-cp", app.resolve("target/classes") + ":" + classpath, "app.App", database.toString());
        assertThat(thin.stdout()).contains("rows=3");

        // The all-in-one jar: Sluice with its own relocated copies, beside sqlite-jdbc and no SLF4J at all; it
        // logs to java.util.logging and prints no SLF4J warnings.
        Path all;
        try (Stream<Path> files = Files.list(localRepository.resolve("io/sluice/sluice-jdbc/" + VERSION))) {
            all = files.filter(p -> p.toString().endsWith("-all.jar")).findFirst().orElse(null);
        }
        if (all == null) {
            run(app, "mvn", "-B", "-q", "-s", "settings.xml", "-Dmaven.repo.local=" + localRepository,
                    "dependency:copy", "-Dartifact=io.sluice:sluice-jdbc:" + VERSION + ":jar:all", "-DoutputDirectory=all");
            // A snapshot is copied under its timestamped name.
            try (Stream<Path> files = Files.list(app.resolve("all"))) {
                all = files.filter(p -> p.toString().endsWith("-all.jar")).findFirst().orElseThrow();
            }
        }
        String sqliteJar = jars.stream().filter(j -> j.contains("sqlite-jdbc")).findFirst().orElseThrow();
        Output fat = run(app, "java", "-cp", all + ":" + sqliteJar + ":" + app.resolve("target/classes"), "app.Plain",
                work.resolve("all.db").toString());
        assertThat(fat.stdout()).contains("rows=3");
        assertThat(fat.stderr()).doesNotContain("SLF4J");
    }

    record Output(String stdout, String stderr) {}

    private static Output run(Path directory, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sluice-artifacts", ".out");
        Path err = Files.createTempFile("sluice-artifacts", ".err");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = process.waitFor();
        Output output = new Output(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertThat(exit).as("%s in %s exited %d:%n%s%n%s", String.join(" ", command), directory, exit,
                output.stdout(), output.stderr()).isZero();
        return output;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}

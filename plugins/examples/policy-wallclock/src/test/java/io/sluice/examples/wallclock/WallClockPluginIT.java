package io.sluice.examples.wallclock;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.examples.app.JdbcChild;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as an application meets it: a JVM of its own ({@link JdbcChild}) with the example's packaged
 * jar on its class path beside the Sluice driver, and nothing else naming the plugin. It must be found,
 * listed in {@code system.plugins} with that jar as its source, selected by name in a {@code SETTINGS}
 * clause, and obeyed: every flush lands on a wall-clock boundary, on the real clock.
 *
 * <p>Runs in the {@code integration-test} phase, after {@code package} has built the jar, which the build
 * passes in the system property {@value #JAR_PROPERTY} (see this module's pom.xml); run any earlier, it is
 * skipped.
 */
@DisplayName("The wallclock plugin jar, dropped on an application's class path")
class WallClockPluginIT {
    static final String JAR_PROPERTY = "sluice.example.jar";
    static final String CLASSES_PROPERTY = "sluice.example.classes";
    private static final long INTERVAL_MICROS = 1_000_000;
    private static final long PROCESS_LIMIT_SECONDS = 120;
    private static final DateTimeFormatter MICROSECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @TempDir
    Path folder;

    @Test
    @DisplayName("is found, listed in system.plugins with its jar as source, selected by a SETTINGS clause, and flushes on wall-clock boundaries")
    void foundSelectedAndObeyed() throws Exception {
        String jarProperty = System.getProperty(JAR_PROPERTY);
        Assumptions.assumeTrue(jarProperty != null, "runs in the integration-test phase, once the plugin jar is built (mvn verify)");
        Path jar = Path.of(jarProperty);
        assertThat(jar).as("the packaged plugin (system property %s)", JAR_PROPERTY).isRegularFile();

        String url = "jdbc:sluice:sqlite:" + folder.resolve("app.db");
        String insert = "INSERT INTO events SETTINGS async_insert_flush_policy = 'wallclock', log_comment = '%s' VALUES (%d)";
        List<String> output = runChild(jar, url,
                "CREATE TABLE events (n INTEGER)",
                "SELECT kind, name, version, source FROM system.plugins WHERE name = 'wallclock'",
                "SELECT value, \"default\", type FROM system.settings WHERE name = 'wallclock_flush_interval_ms'",
                // Each INSERT waits for its flush (wait_for_async_insert = 1), so the next one arrives just after a boundary.
                insert.formatted("first", 1),
                insert.formatted("second", 2),
                insert.formatted("third", 3),
                "SELECT log_comment, event_time_microseconds, flush_time_microseconds, flush_query_id FROM system.asynchronous_insert_log"
                        + " ORDER BY event_time_microseconds",
                "SELECT count(*) FROM events",
                "INSERT INTO events SETTINGS async_insert_flush_policy = 'no_such_policy' VALUES (4)");

        assertThat(output).as("the child's output").hasSize(12).endsWith("done");
        assertThat(output.get(0)).isEqualTo("count: 0");

        // Found through ServiceLoader in the jar, which is where system.plugins says it came from.
        assertThat(output.get(1)).startsWith("row: flush_policy|wallclock|0.1.0-SNAPSHOT|");
        String source = output.get(1).substring(output.get(1).lastIndexOf('|') + 1);
        assertThat(Path.of(new URL(source).toURI()).toRealPath()).as("source %s", source).isEqualTo(jar.toRealPath());
        // Its declared settings join Sluice's.
        assertThat(output.get(2)).isEqualTo("row: 1000|1000|Milliseconds");

        // Selected by name, and obeyed: each INSERT is flushed at the first wall-clock second after it arrived.
        assertThat(output.subList(3, 6)).containsExactly("count: 1", "count: 1", "count: 1");
        List<String[]> log = output.subList(6, 9).stream().map(line -> line.substring("row: ".length()).split("\\|", -1)).toList();
        assertThat(log).extracting(row -> row[0]).containsExactly("first", "second", "third");
        assertThat(log).extracting(row -> row[3]).doesNotHaveDuplicates();
        for (String[] row : log) {
            long enqueued = micros(row[1]);
            long flushed = micros(row[2]);
            long boundary = (Math.floorDiv(enqueued, INTERVAL_MICROS) + 1) * INTERVAL_MICROS;
            // Never before the boundary; just after it (the timer fires at it, then the flush writes). The
            // tolerance of half an interval is for a loaded machine: any built-in policy would have flushed
            // the second and third INSERTs within a few milliseconds of their arrival, long before it.
            assertThat(flushed).as("%s: enqueued %s, flushed %s, boundary %d", row[0], row[1], row[2], boundary)
                    .isGreaterThanOrEqualTo(boundary).isLessThan(boundary + INTERVAL_MICROS / 2);
        }
        assertThat(output.get(9)).isEqualTo("row: 3");

        // An unknown name fails and names the policies there are, this one among them.
        assertThat(output.get(10)).isEqualTo("error: INVALID_SETTING_VALUE: Setting async_insert_flush_policy = 'no_such_policy' is invalid:"
                + " no flush policy plugin has that name; available: adaptive, threshold, wallclock");
    }

    private static long micros(String text) {
        LocalDateTime time = LocalDateTime.parse(text, MICROSECONDS);
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    /**
     * Runs {@link JdbcChild} in a new JVM whose class path is this test's (the driver, the engine, the
     * built-in plugins, the target driver and this module's test classes) with the plugin's classes folder
     * replaced by its jar, and returns its output lines.
     */
    private List<String> runChild(Path jar, String url, String... statements) throws Exception {
        Path classes = Path.of(System.getProperty(CLASSES_PROPERTY, "target/classes")).toAbsolutePath().normalize();
        List<String> classPath = new ArrayList<>();
        classPath.add(jar.toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Path.of(entry).toAbsolutePath().normalize().equals(classes)) {
                classPath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), JdbcChild.class.getName(), url));
        command.addAll(List.of(statements));
        Path stdout = folder.resolve("child.out");
        Path stderr = folder.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            boolean exited = child.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS);
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(exited).as("the child exited within %d s; its errors: %s", PROCESS_LIMIT_SECONDS, errors).isTrue();
            assertThat(child.exitValue()).as("the child's exit code; its errors: %s", errors).isZero();
        } finally {
            child.destroyForcibly();
        }
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }
}

package io.sluice.spi.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridge in fresh JVMs whose class paths differ only in SLF4J: absent, the API without a provider (the
 * case that made SLF4J print "No SLF4J providers were found" and drop every record), and with slf4j-simple.
 */
class LoggingBridgeTest {
    private static final String API = jarOf("org.slf4j.LoggerFactory");
    private static final String SIMPLE = jarOf("org.slf4j.simple.SimpleLogger");

    record Run(String stdout, String stderr) {}

    @Test
    void withoutSlf4jWarningsAndErrorsGoToJavaUtilLoggingOnStandardError() throws Exception {
        Run run = probe(List.of());
        assertThat(run.stdout()).contains("backend=jul").contains("debugEnabled=false");
        assertThat(run.stderr())
                .contains("WARNING: a warning about the buffer")
                .contains("INFO: an info record 2 of two")
                .contains("SEVERE: an error with a stack trace here")
                .contains("java.lang.IllegalStateException: the cause")
                .contains("io.sluice.probe.Probe")
                .doesNotContain("a debug record")
                // The source is the logger's name, not the bridge's class or method found by a stack walk.
                .doesNotContain("LogProbe main")
                .doesNotContain("JulLogger");
    }

    @Test
    void slf4jWithoutAProviderIsNotUsedAndPrintsNothing() throws Exception {
        Run run = probe(List.of(API));
        assertThat(run.stdout()).contains("backend=jul");
        assertThat(run.stderr()).doesNotContain("SLF4J").contains("WARNING: a warning about the buffer");
    }

    @Test
    void slf4jWithAProviderGetsEveryRecord() throws Exception {
        Run run = probe(List.of(API, SIMPLE), "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        assertThat(run.stdout()).contains("backend=slf4j").contains("debugEnabled=true");
        assertThat(run.stderr())
                .contains("DEBUG io.sluice.probe.Probe - a debug record 1")
                .contains("WARN io.sluice.probe.Probe - a warning about the buffer")
                .contains("ERROR io.sluice.probe.Probe - an error with a stack trace here")
                .contains("java.lang.IllegalStateException: the cause")
                .doesNotContain("WARNING:");
    }

    @Test
    void theSystemPropertyForcesJavaUtilLogging() throws Exception {
        Run run = probe(List.of(API, SIMPLE), "-Dsluice.log=jul");
        assertThat(run.stdout()).contains("backend=jul");
        assertThat(run.stderr()).contains("WARNING: a warning about the buffer");
    }

    private static Run probe(List<String> extraJars, String... jvmOptions) throws Exception {
        List<String> classpath = new ArrayList<>();
        classpath.add(Path.of("target/classes").toAbsolutePath().toString());
        classpath.add(Path.of("target/test-classes").toAbsolutePath().toString());
        classpath.addAll(extraJars);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), LogProbe.class.getName()));
        Path out = Files.createTempFile("probe", ".out");
        Path err = Files.createTempFile("probe", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor()).as("probe exit status; stderr: %s", Files.readString(err)).isZero();
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the jar of " + className, e);
        }
    }
}

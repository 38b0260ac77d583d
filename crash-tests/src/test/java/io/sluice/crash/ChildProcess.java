package io.sluice.crash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a new JVM on this test's class path. */
final class ChildProcess {
    private ChildProcess() {}

    /**
     * Starts {@code main} with {@code args}; its stderr (Sluice's log) is appended to {@code stderr}, its
     * stdout and stdin are pipes to the caller.
     */
    static Process start(Class<?> main, Path stderr, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small, quick-starting JVM: the machine is shared and a child lives for a second or two.
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return builder.start();
    }
}

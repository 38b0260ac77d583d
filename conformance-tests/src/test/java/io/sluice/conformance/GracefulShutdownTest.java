package io.sluice.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown seen from outside: a second JVM ({@link ShutdownChild}) sends INSERTs that do not wait, and
 * the database file is read afterwards with plain sqlite-jdbc, not through Sluice.
 */
class GracefulShutdownTest {
    private static final long PROCESS_LIMIT_SECONDS = 120;

    @TempDir
    Path folder;

    @Test
    @DisplayName("a JVM that returns from main with buffered INSERTs has them all written by the shutdown hook")
    void shutdownHookFlushes() throws Exception {
        Path file = folder.resolve("graceful.db");
        Process child = start(file, "return");
        try {
            List<String> output = new ArrayList<>();
            CompletableFuture<Void> sent = readUntilSent(child, output);
            assertThat(child.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).as("the child exited; its output: %s", output).isTrue();
            assertThat(sent).as("the child printed 'sent'; its output: %s", output).isCompleted();
            assertThat(child.exitValue()).as("exit code; output: %s", output).isZero();
        } finally {
            child.destroyForcibly();
        }
        assertThat(rowsIn(file)).as("rows, distinct rows").containsExactly((long) ShutdownChild.ROWS, (long) ShutdownChild.ROWS);
    }

    @Test
    @DisplayName("a JVM killed with SIGKILL loses the INSERTs still buffered in memory (the memory buffer's crash behaviour)")
    void killLosesBufferedInserts() throws Exception {
        Path file = folder.resolve("killed.db");
        Process child = start(file, "hang");
        try {
            List<String> output = new ArrayList<>();
            readUntilSent(child, output).get(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS);
            child.destroyForcibly();
            assertThat(child.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).as("the killed child exited").isTrue();
        } finally {
            child.destroyForcibly();
        }
        // The deadline was ten minutes away: at least the entries after the last count-triggered flush
        // (async_insert_max_query_number, 450 by default) never reached the database.
        long[] rows = rowsIn(file);
        assertThat(rows[0]).as("rows written before the kill").isLessThan(ShutdownChild.ROWS);
        assertThat(rows[1]).as("no row written twice").isEqualTo(rows[0]);
    }

    /** Starts {@link ShutdownChild} in a new JVM on this test's class path. */
    private static Process start(Path file, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownChild.class.getName(),
                file.toString(), mode);
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder.start();
    }

    /**
     * Reads the child's output (stdout and stderr) into {@code output} on a thread of its own, completing
     * the result when the line {@code sent} arrives.
     */
    private static CompletableFuture<Void> readUntilSent(Process child, List<String> output) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.equals("sent")) {
                        sent.complete(null);
                    }
                }
                sent.completeExceptionally(new AssertionError("the child ended without printing 'sent': " + output));
            } catch (Exception e) {
                sent.completeExceptionally(e);
            }
        }, "shutdown-child-output");
        reader.setDaemon(true);
        reader.start();
        return sent;
    }

    /** {count(*), count(DISTINCT n)} of the child's table, read with plain sqlite-jdbc. */
    private static long[] rowsIn(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT n) FROM t")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }
}

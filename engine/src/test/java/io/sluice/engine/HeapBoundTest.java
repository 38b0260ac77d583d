package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code async_insert_max_buffered_bytes} bounds the heap, not just the data: a child JVM with a small heap
 * floods a table that another connection holds locked (nothing can be flushed) with tiny INSERTs from 64
 * threads. When the bound counted data only, 8 MiB of 13-byte rows meant some 600,000 entries of about
 * 250 to 330 bytes of heap each: the heap they took after GC was several times the bound, and given the time
 * the child died of OutOfMemoryError, losing everything it had acknowledged. Now the INSERTs at the bound
 * wait and are refused with MEMORY_LIMIT_EXCEEDED, what the buffered entries take of the heap stays near the
 * bound, and every accepted row is written once the lock goes. 10 s of flooding; 30 s with
 * {@code -Dsluice.heapbound.seconds=30}.
 */
class HeapBoundTest {
    private static final int SECONDS = Integer.getInteger("sluice.heapbound.seconds", 10);
    private static final int THREADS = 64;
    private static final int HEAP_MEGABYTES = 64;
    private static final long BOUND = 8L << 20;

    @TempDir
    Path folder;

    @Test
    @DisplayName("with the table locked, tiny INSERTs from 64 threads meet the heap bound: refused, never OOM, and all accepted rows land")
    void theBufferBoundHoldsTheHeap() throws Exception {
        Path database = folder.resolve("locked.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE t (a INTEGER NOT NULL, b TEXT)");
        }
        String settings = "wait_for_async_insert=0&async_insert_max_buffered_bytes=" + BOUND + "&async_insert_backpressure_timeout_ms=200"
                + "&async_insert_busy_timeout_max_ms=50&async_insert_retry_timeout_ms=600000&async_insert_retry_max_backoff_ms=200";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx" + HEAP_MEGABYTES + "m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), HeapBoundChild.class.getName(), database.toString(), Integer.toString(THREADS),
                Long.toString(SECONDS * 1000L), settings).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            } finally {
                lines.add("<end>");
            }
        });
        reader.start();
        Map<String, Long> figures;
        try (Writer toChild = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            awaitLine(lines, output, "ready");
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = lock.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                send(toChild, "go");
                awaitLine(lines, output, "inserted");
                statement.execute("COMMIT");
            }
            send(toChild, "release");
            awaitLine(lines, output, "closed");
            figures = figures(output);
        } finally {
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            reader.join(10_000);
        }
        System.out.println("HeapBoundTest child: " + figures);
        assertThat(child.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).as("output").noneMatch(line -> line.contains("OutOfMemoryError"));
        assertThat(figures.get("otherErrors")).as("errors other than MEMORY_LIMIT_EXCEEDED; output: %s", output).isZero();
        assertThat(figures.get("refused")).as("INSERTs refused at the bound").isPositive();
        assertThat(figures.get("bufferedBytes")).as("bytes held when the flood stopped").isLessThanOrEqualTo(BOUND);
        assertThat(figures.get("usedHeapAfterGc") - figures.get("baselineHeap"))
                .as("heap taken after GC by what was accepted and is still buffered; the bound is %d", BOUND).isLessThan(BOUND * 3 / 2);
        assertThat(figures.get("usedHeapAfterGc")).as("heap used after GC").isLessThan(figures.get("maxHeap") * 3 / 4);
        assertThat(count(database, "SELECT count(*) FROM t")).as("rows written").isEqualTo(figures.get("accepted"));
        assertThat(count(database, "SELECT count(DISTINCT a) FROM t")).as("distinct ids written").isEqualTo(figures.get("accepted"));
    }

    private static void awaitLine(BlockingQueue<String> lines, List<String> output, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 120L);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("<end>")) {
                throw new AssertionError("the child never printed '" + expected + "'; output: " + output);
            }
            output.add(line);
            if (line.equals(expected)) {
                return;
            }
        }
    }

    private static void send(Writer toChild, String word) throws IOException {
        toChild.write(word + "\n");
        toChild.flush();
    }

    private static Map<String, Long> figures(List<String> output) {
        for (String line : output) {
            if (line.startsWith("accepted=")) {
                Map<String, Long> figures = new HashMap<>();
                for (String pair : line.split(" ")) {
                    String[] parts = pair.split("=", 2);
                    figures.put(parts[0], Long.parseLong(parts[1]));
                }
                return figures;
            }
        }
        throw new AssertionError("no figures in the child's output: " + output);
    }

    private static long count(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

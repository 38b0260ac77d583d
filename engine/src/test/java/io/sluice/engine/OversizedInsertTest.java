package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A huge VALUES INSERT (25 MB, a million rows; 100 MB and four million rows with
 * {@code -Dsluice.oversized.megabytes=100}) in a child JVM whose heap holds the statement about three times
 * over but not its rows (about 80 bytes each once parsed): before Sluice wrote large synchronous INSERTs in
 * blocks, 25 MB needed more than 128 MB of heap and 100 MB more than 300 MB. Larger than
 * {@code async_insert_max_data_size}, it runs synchronously: checked whole first (a bad value fails it before
 * anything is written), then written in blocks inside one transaction, so memory stays bounded.
 */
class OversizedInsertTest {
    private static final int MEGABYTES = Integer.getInteger("sluice.oversized.megabytes", 25);
    /** Rows of 25 characters. */
    private static final int ROWS = MEGABYTES * 40_000;
    /** The statement, the copy made while the child builds it, and a little more; far less than its parsed rows. */
    private static final String HEAP = "-Xmx" + (3 * MEGABYTES + 21) + "m";

    @TempDir
    Path folder;

    private Path database;

    @BeforeEach
    void createTable() throws SQLException {
        database = folder.resolve("big.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (a INTEGER NOT NULL, b TEXT)");
            statement.execute("CREATE TABLE neighbour (a INTEGER)");
            statement.execute("INSERT INTO neighbour VALUES (42)");
        }
    }

    @Test
    @DisplayName("a huge VALUES INSERT runs synchronously in a heap too small for its rows and writes every row")
    void hugeInsertIsWrittenWithBoundedMemory() throws Exception {
        List<String> output = runChild("good", "");

        assertThat(output).as("child output").anySatisfy(line -> assertThat(line).isEqualTo("rows=" + ROWS));
        assertThat(sqlChars(output)).isGreaterThanOrEqualTo(MEGABYTES * 1_000_000L);
        assertThat(count("t")).isEqualTo(ROWS);
        assertThat(count("neighbour")).isEqualTo(1);
    }

    @Test
    @DisplayName("a huge VALUES INSERT with a bad value in its last row fails with that row's error, before writing anything")
    void hugeInsertWithABadLastRowWritesNothing() throws Exception {
        List<String> output = runChild("bad", "");

        assertThat(output).as("child output").anySatisfy(line -> assertThat(line)
                .isEqualTo("error=6 CANNOT_PARSE_TEXT: Cannot parse 'oops' as INTEGER for column a at row " + ROWS + ": expected an integer"));
        assertThat(count("t")).isZero();
        assertThat(count("neighbour")).isEqualTo(1);
    }

    @Test
    @DisplayName("with async_insert_max_data_size raised past it, the buffer bound (async_insert_max_buffered_bytes) refuses it at once")
    void hugeInsertOverTheBufferBoundIsRefused() throws Exception {
        List<String> output = runChild("good", "async_insert_max_data_size=1000000000&async_insert_max_buffered_bytes=10000000&wait_for_async_insert=0");

        assertThat(output).as("child output").anySatisfy(line -> assertThat(line).startsWith(
                "error=241 MEMORY_LIMIT_EXCEEDED: The INSERT's ").contains("do not fit under async_insert_max_buffered_bytes = 10000000")
                .endsWith("it alone is larger than the bound; nothing was queued"));
        assertThat(count("t")).isZero();
    }

    private static long sqlChars(List<String> output) {
        for (String line : output) {
            int at = line.indexOf("sqlChars=");
            if (at >= 0) {
                return Long.parseLong(line.substring(at + "sqlChars=".length()).trim());
            }
        }
        throw new AssertionError("no sqlChars in " + output);
    }

    private List<String> runChild(String mode, String settings) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"),
                OversizedInsertChild.class.getName(), database.toString(), Integer.toString(ROWS), mode));
        if (!settings.isEmpty()) {
            command.add(settings);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("read failed: " + e);
            }
        });
        reader.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 180 s");
        }
        reader.join();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).as("output").noneMatch(line -> line.contains("OutOfMemoryError") || line.contains("StackOverflowError"));
        return output;
    }

    private long count(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

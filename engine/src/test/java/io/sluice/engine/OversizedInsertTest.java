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
 * A 100 MB VALUES INSERT of 4 million rows, in a child JVM whose heap (300 MB) holds the statement about
 * twice over but not its rows (about 320 MB once parsed). Larger than {@code async_insert_max_data_size},
 * it runs synchronously: checked whole first (a bad value fails it before anything is written), then
 * written in blocks inside one transaction, so memory stays bounded.
 */
class OversizedInsertTest {
    private static final int ROWS = 4_000_000;
    /** The statement (100 MB, one byte per character) plus the copy made while the child builds it, and little else. */
    private static final String HEAP = "-Xmx300m";

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
    @DisplayName("100 MB of VALUES runs synchronously in a 300 MB heap and writes every row")
    void hugeInsertIsWrittenWithBoundedMemory() throws Exception {
        List<String> output = runChild("good", "");

        assertThat(output).as("child output").anySatisfy(line -> assertThat(line).isEqualTo("rows=" + ROWS));
        assertThat(sqlChars(output)).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(count("t")).isEqualTo(ROWS);
        assertThat(count("neighbour")).isEqualTo(1);
    }

    @Test
    @DisplayName("100 MB of VALUES with a bad value in its last row fails with that row's error, quickly, and writes nothing")
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
        List<String> output = runChild("good", "async_insert_max_data_size=1000000000&async_insert_max_buffered_bytes=50000000&wait_for_async_insert=0");

        assertThat(output).as("child output").anySatisfy(line -> assertThat(line).startsWith(
                "error=241 MEMORY_LIMIT_EXCEEDED: The INSERT's ").contains("do not fit under async_insert_max_buffered_bytes = 50000000")
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

package io.sluice.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction committed with {@code wait_for_async_insert = 0} and the wal buffer, its process killed with
 * SIGKILL after COMMIT returned: the next start writes the whole group, once, whether or not it was written
 * before the kill. (A group whose COMMIT did not return is in the WAL whole or not at all: {@code WalGroupTest}
 * cuts its record at every byte.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransactionCrashTest {
    private static final String SETTINGS = "async_insert_buffer=wal&wait_for_async_insert=0&sqlite_busy_timeout_ms=600000";

    @TempDir
    Path directory;

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private Path file() {
        return directory.resolve("tx.db");
    }

    private String sluiceUrl() {
        return "jdbc:sluice:sqlite:" + file() + "?" + SETTINGS;
    }

    private void createTables() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE tx_a (id INTEGER NOT NULL, payload TEXT NOT NULL)");
            statement.execute("CREATE TABLE tx_b (id INTEGER NOT NULL, payload TEXT NOT NULL)");
        }
    }

    private List<String> rows(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, payload FROM " + table + " ORDER BY id, payload")) {
            while (result.next()) {
                rows.add(result.getLong(1) + "|" + result.getString(2));
            }
        }
        return rows;
    }

    /** Runs a child until it said {@code line}, then kills it with SIGKILL. */
    private void runAndKill(String mode, long first, String line) throws Exception {
        Path log = directory.resolve("child-" + mode + ".log");
        Process child = ChildProcess.start(TransactionCrashChild.class, log, List.of(), sluiceUrl(), file().toString(), mode, Long.toString(first));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Boolean> said = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String read = out.readLine(); read != null; read = out.readLine()) {
                        if (read.equals(line)) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(said.get(120, TimeUnit.SECONDS)).as("the child said %s; its log: %s", line, Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
        } finally {
            child.toHandle().destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts Sluice on the file (which replays what the WAL kept) and waits until the replay is written. */
    private void restart() throws SQLException {
        try (Connection connection = DriverManager.getConnection(sluiceUrl()); Statement statement = connection.createStatement()) {
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        Engines.closeAll();
    }

    @Test
    @DisplayName("a group committed without waiting and killed before its write is written whole at the next start, once")
    void killedBeforeTheWrite() throws Exception {
        createTables();
        runAndKill("blocked", 100, "COMMITTED");
        assertThat(rows("tx_a")).as("the write lock was held until the kill").isEmpty();
        assertThat(rows("tx_b")).isEmpty();
        restart();
        assertThat(rows("tx_a")).containsExactly("100|a100", "101|a101", "102|a102");
        assertThat(rows("tx_b")).containsExactly("100|b100", "101|b101");
        restart();
        assertThat(rows("tx_a")).as("released after its write: not written again").hasSize(3);
        assertThat(rows("tx_b")).hasSize(2);
    }

    @Test
    @DisplayName("a group written before the kill is not written again by the next start")
    void killedAfterTheWrite() throws Exception {
        createTables();
        runAndKill("written", 200, "WRITTEN");
        restart();
        assertThat(rows("tx_a")).containsExactly("200|a200", "201|a201", "202|a202");
        assertThat(rows("tx_b")).containsExactly("200|b200", "201|b201");
    }
}

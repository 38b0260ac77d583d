package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system tables alone: what reaches their database from a user, and what survives a log write that fails. */
class SystemTablesGuardTest {
    private static final long NOW = 1_800_000_000_000_000L;

    @TempDir
    Path folder;

    private static SystemTables.DeadLetterRow letter(String queryId, List<String> columns) {
        return new SystemTables.DeadLetterRow(NOW, queryId, "flush", "main", "t", "Values", "INSERT INTO \"main\".\"t\" FORMAT Values",
                "(1)", 3, "ParsingError", "bad", columns);
    }

    @Test
    void aFailedLogWriteKeepsItsDeadLettersAndLogRowsForTheNextWrite() throws Exception {
        Path file = folder.resolve("system.db");
        try (SystemTables system = new SystemTables(file.toString(), 259_200, 1_000_000, 1_000, 1_000_000, List.of(), evicted -> {})) {
            system.log(null, List.of(), List.of(new SystemTables.QueryLogRow("QueryFinish", NOW, NOW, "Insert", "q-1", "INSERT INTO t VALUES",
                    false, "main", "t", 1, 3, 0, "", "")), List.of(letter("lost-1", List.of("id"))));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 0");
                statement.execute("BEGIN EXCLUSIVE");
                // The system database is locked by another process: the write fails.
                assertThatThrownBy(() -> system.flushLogs(NOW)).isInstanceOf(SQLException.class);
                statement.execute("ROLLBACK");
            }
            system.log(null, List.of(), List.of(), List.of(letter("later-2", List.of("id"))));
            system.flushLogs(NOW + 1);
            assertThat(SystemReads.read(system, "SELECT query_id, \"columns\" FROM system.asynchronous_insert_dead_letter ORDER BY id"))
                    .containsExactly("lost-1|['id']", "later-2|['id']");
            assertThat(SystemReads.read(system, "SELECT query_id FROM system.query_log WHERE query_id = 'q-1'")).containsExactly("q-1");
        }
    }

    @Test
    void queryRowsOfSeveralThreadsAFailedWriteTookComeBackInTheirOrderBeforeLaterOnes() throws Exception {
        Path file = folder.resolve("system.db");
        try (SystemTables system = new SystemTables(file.toString(), 259_200, 1_000_000, 1_000, 1_000_000, List.of(), evicted -> {})) {
            // Queued from three threads, one after another: the queue keeps each thread's rows in a stripe of its own.
            for (String id : List.of("q-1", "q-2", "q-3")) {
                Thread thread = new Thread(() -> system.logQuery(query(id)));
                thread.start();
                thread.join();
            }
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 0");
                statement.execute("BEGIN EXCLUSIVE");
                assertThatThrownBy(() -> system.flushLogs(NOW)).isInstanceOf(SQLException.class);
                statement.execute("ROLLBACK");
            }
            Thread later = new Thread(() -> system.logQuery(query("q-4")));
            later.start();
            later.join();
            system.flushLogs(NOW + 1);
            assertThat(SystemReads.read(system, "SELECT query_id FROM system.query_log")).containsExactly("q-1", "q-2", "q-3", "q-4");
        }
    }

    private static SystemTables.QueryLogRow query(String id) {
        return new SystemTables.QueryLogRow("QueryFinish", NOW, NOW, "Insert", id, "INSERT INTO t VALUES", false, "main", "t", 1, 3, 0, "", "");
    }

    @Test
    void onlyQueriesReachTheSystemDatabaseAndTheyCannotWriteIt() throws Exception {
        for (String refused : new String[] {"PRAGMA system.query_only = 1", "pragma system.user_version = 42", "DELETE FROM system.query_log",
                "  /* x */ UPDATE system.query_log SET query = ''", "ATTACH DATABASE 'x' AS y", ""}) {
            assertThatThrownBy(() -> SystemTables.checkQuery(refused)).as(refused).isInstanceOf(SluiceSqlException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(ErrorCode.TABLE_IS_READ_ONLY.code()));
        }
        SystemTables.checkQuery(" (SELECT 1)");
        SystemTables.checkQuery("WITH x AS (SELECT 1) SELECT * FROM x");
        try (SystemTables system = new SystemTables("", 259_200, 1_000_000, 1_000, 1_000_000, List.of(), evicted -> {})) {
            system.log(null, List.of(), List.of(), List.of(letter("kept", List.of("id"))));
            // A query that is a write in disguise gets past the first word, and the read-only connection refuses it.
            assertThatThrownBy(() -> system.read(Set.of("asynchronous_insert_dead_letter"), null, List::of, connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.execute("WITH x AS (SELECT 1) DELETE FROM system.asynchronous_insert_dead_letter");
                }
            })).isInstanceOf(SQLException.class).hasMessageContaining("readonly");
            assertThat(SystemReads.read(system, "SELECT query_id FROM system.asynchronous_insert_dead_letter")).containsExactly("kept");
            // The engine's own writes still work after a refused read.
            system.log(null, List.of(), List.of(), List.of(letter("next", List.of("a'b", "c\\d"))));
            system.flushLogs(NOW);
            assertThat(system.deadLetters("main", "t")).extracting(SystemTables.DeadLetter::columns)
                    .containsExactly(List.of("id"), List.of("a'b", "c\\d"));
        }
    }
}

package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import io.sluice.spi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Statement texts and parameter indexes thrown at the driver over SQLite: whatever the input, the
 * application sees only {@link SQLException}s that carry a code (ClickHouse's, or SQLite's own), and the
 * connection keeps working and closes cleanly.
 */
class JdbcFuzzTest {
    private static final List<String> STATEMENTS = List.of(
            "", "  ", "\n\t", "-- only a comment", "/* a block */", "SELECT 1", "SELECT ?", "SELECT 1 -- ?",
            "SELECT '?'", "SELECT ?, ?", "SELECT", "INSERT INTO", "INSERT INTO t VALUES (?, ?)",
            "INSERT INTO t VALUES (1, 'a')", "INSERT INTO t (a) VALUES (?)", "INSERT INTO missing VALUES (?)",
            "INSERT INTO t VALUES (?, ?) ON CONFLICT DO NOTHING", "INSERT INTO t SETTINGS async_insert = 1 VALUES (?, ?)",
            "SELECT name FROM system.settings WHERE name = ?", "SELECT name FROM system.settings",
            "SELECT * FROM system.nowhere", "SELECT name FROM system.settings WHERE name = ? -- ?", "-- system.settings",
            "/* SELECT * FROM system.settings */", "SELECT value FROM system.settings WHERE name = ? AND value = ?", "SET async_insert = 1", "SET no_such_setting = 1", "SYSTEM FLUSH LOGS",
            "SYSTEM FLUSH ASYNC INSERT QUEUE", "UPDATE t SET b = ? WHERE a = ?", "DELETE FROM t WHERE a = ?",
            "SELECT a FROM t WHERE a = ?", "garbage ? (", "'unterminated", "\"", "(", "?");
    private static final List<String> SUFFIXES = List.of("", " -- ?", " /* ? */", ";", " ?", "\n", " ;;", "?)");

    private static Path directory;
    private static String url;

    @BeforeContainer
    static void createTable() throws IOException, SQLException {
        directory = Files.createTempDirectory("sluice-fuzz");
        url = "jdbc:sluice:sqlite:" + directory.resolve("fuzz.db") + "?wait_for_async_insert=0";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (a INTEGER, b TEXT)");
        }
    }

    @AfterContainer
    static void closeEngines() throws IOException {
        Engines.closeAll();
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One thing an application does with a text. */
    enum Call { PREPARE_BIND_EXECUTE, PREPARE_BIND_BATCH, EXECUTE, PREPARE_TWICE }

    record Step(Call call, String sql, List<Integer> indexes) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> text = Combinators.combine(Arbitraries.of(STATEMENTS), Arbitraries.of(SUFFIXES))
                .as(String::concat);
        return Combinators.combine(Arbitraries.of(Call.class), text,
                        Arbitraries.integers().between(-1, 4).list().ofMaxSize(4))
                .as(Step::new)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 300)
    @Label("any text, any parameter index: only SQLExceptions with a code, and the connection still works")
    void onlyCodedSqlExceptionsAndTheConnectionStillWorks(@ForAll("steps") List<Step> steps) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        List<String> problems = new ArrayList<>();
        for (Step step : steps) {
            try {
                run(connection, step);
            } catch (SQLException e) {
                if (e.getErrorCode() == 0) {
                    problems.add(step + ": code 0: " + e);
                } else if (e.getErrorCode() == ErrorCode.UNKNOWN_EXCEPTION.code() && String.valueOf(e.getMessage()).contains("Unexpected")) {
                    // A bug's unchecked exception wrapped in code 1002, not a clear error naming what was wrong.
                    problems.add(step + ": an unexpected exception: " + e);
                }
            } catch (RuntimeException e) {
                problems.add(step + ": unchecked " + e);
            }
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
        connection.close();
        assertThat(problems).isEmpty();
    }

    private static void run(Connection connection, Step step) throws SQLException {
        switch (step.call()) {
            case EXECUTE -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(step.sql());
                }
            }
            case PREPARE_TWICE -> {
                try (PreparedStatement first = connection.prepareStatement(step.sql())) {
                    first.getParameterMetaData();
                }
                try (PreparedStatement second = connection.prepareStatement(step.sql() + " ")) {
                    second.execute();
                }
            }
            case PREPARE_BIND_EXECUTE, PREPARE_BIND_BATCH -> {
                try (PreparedStatement prepared = connection.prepareStatement(step.sql())) {
                    for (int index : step.indexes()) {
                        if (index % 2 == 0) {
                            prepared.setInt(index, index);
                        } else {
                            prepared.setString(index, "v" + index);
                        }
                    }
                    if (step.call() == Call.PREPARE_BIND_BATCH) {
                        prepared.addBatch();
                        prepared.executeBatch();
                    } else {
                        prepared.execute();
                    }
                }
            }
        }
    }
}

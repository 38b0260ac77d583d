package io.sluice.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * A throw-away SQLite file in its own temporary directory, with the benchmark table, and the Sluice URL
 * that targets it. Not thread-safe; one per benchmark trial.
 */
final class SqliteTarget implements AutoCloseable {
    static final String TABLE = "events";
    static final String CREATE_TABLE = "CREATE TABLE " + TABLE + " (id INTEGER NOT NULL, ts INTEGER NOT NULL, name TEXT, value REAL)";
    /** Single-row INSERT text for row {@code i}: the same head every time, different data. */
    static String insertSql(long i) {
        return "INSERT INTO " + TABLE + " (id, ts, name, value) VALUES (" + i + ", " + (1_700_000_000_000L + i) + ", 'name-" + i + "', "
                + (i * 0.25) + ")";
    }

    private final Path directory;
    private final Path file;

    SqliteTarget(String prefix) {
        try {
            this.directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.file = directory.resolve("bench.db");
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = plain.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the benchmark table in " + file, e);
        }
    }

    /** {@code jdbc:sluice:sqlite:<file>?name=value&...} with the given Sluice settings. */
    String sluiceUrl(Map<String, String> settings) {
        StringJoiner query = new StringJoiner("&", "?", "");
        query.setEmptyValue("");
        settings.forEach((name, value) -> query.add(name + "=" + value));
        return "jdbc:sluice:sqlite:" + file + query;
    }

    /** Rows in the benchmark table, read with plain sqlite-jdbc. */
    long rowCount() throws SQLException {
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = plain.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Deletes the directory and the database files in it. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

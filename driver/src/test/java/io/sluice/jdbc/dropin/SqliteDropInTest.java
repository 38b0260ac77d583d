package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drop-in suite on an SQLite file, and what only SQLite has. */
class SqliteDropInTest extends DropInSuite {
    @TempDir
    static Path directory;

    @Override
    void requireServer() {
        // embedded: always there
    }

    private String file() {
        return directory.resolve("app.db").toString();
    }

    @Override
    String sluiceUrl() {
        return "jdbc:sluice:sqlite:" + file();
    }

    @Override
    String targetUrl() {
        return "jdbc:sqlite:" + file();
    }

    @Override
    Class<? extends Connection> targetConnectionClass() {
        return org.sqlite.SQLiteConnection.class;
    }

    /** sqlite-jdbc accepts a network timeout and ignores it. */
    @Override
    int networkTimeoutAfterSetting(int milliseconds) {
        return 0;
    }

    @Override
    String upsertClause() {
        return "ON CONFLICT (id) DO UPDATE SET note = excluded.note";
    }

    @Override
    String productName() {
        return "SQLite";
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    String generatedKeyColumn(String name) {
        return name + " INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    String timestampType() {
        return "TIMESTAMP";
    }

    @Override
    boolean hasNarrowIntegers() {
        return false;
    }

    /** SQLite does not enforce VARCHAR(n): a CHECK constraint does, and the database refuses the row. */
    @Override
    String fiveCharacterColumn(String name) {
        return name + " TEXT CHECK (length(" + name + ") <= 5)";
    }

    @Override
    String tooLongTextStatus() {
        return "FlushError";
    }

    /** SQLite's NUMERIC affinity has no precision: the value is stored as it is. */
    @Override
    String overflowingNumericStatus() {
        return "Ok";
    }

    @Override
    String overflowingNumericError() {
        return "";
    }

    /**
     * A bound timestamp is stored as sqlite-jdbc stores it, epoch milliseconds (its getTimestamp reads them back);
     * a timestamp written as text in the statement stays that text, which sqlite-jdbc's own
     * getObject(LocalDateTime) would misread (a six-digit fraction as milliseconds).
     */
    @Override
    LocalDateTime readTimestamp(ResultSet rows, String column) throws SQLException {
        if (rows.getObject(column) instanceof Number) {
            return rows.getTimestamp(column).toLocalDateTime();
        }
        return LocalDateTime.parse(rows.getString(column).replace(' ', 'T'));
    }

    /** sqlite-jdbc stores a bound timestamp as epoch milliseconds: the microseconds are gone, as without Sluice. */
    @Override
    LocalDateTime storedTimestamp(LocalDateTime bound) {
        return bound.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    LocalDate readDate(ResultSet rows, String column) throws SQLException {
        return readLocalDate(rows, column);
    }

    /** A bound date is epoch milliseconds, as sqlite-jdbc stores it; a date written in the statement is its text. */
    private static LocalDate readLocalDate(ResultSet rows, String column) throws SQLException {
        if (rows.getObject(column) instanceof Number) {
            return rows.getDate(column).toLocalDate();
        }
        return LocalDate.parse(rows.getString(column));
    }

    /**
     * SQLite keeps dates and timestamps written as text in a statement as that ISO text, which sqlite-jdbc's
     * getDate and getTimestamp do not read (they expect its own date_string_format): an application maps them
     * itself, reading bound ones (epoch milliseconds) through the driver.
     */
    @Override
    void configure(Jdbi jdbi) {
        jdbi.registerColumnMapper(LocalDate.class, (rows, column, context) -> readLocalDate(rows, rows.getMetaData().getColumnLabel(column)));
        jdbi.registerColumnMapper(LocalDateTime.class, (rows, column, context) -> readTimestamp(rows, rows.getMetaData().getColumnLabel(column)));
    }

    @Test
    @DisplayName("An sqlite-jdbc URL parameter (foreign_keys) reaches the session and Sluice's writer")
    void urlParametersReachTheDriver() throws SQLException {
        String parent = createTable("parent", "id INTEGER PRIMARY KEY");
        String child = createTable("child", "id INT NOT NULL, parent_id INT REFERENCES " + quote(parent) + " (id)");
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + quote(parent) + " VALUES (1)");
        }
        try (Connection connection = sluice("foreign_keys=true", "wait_for_async_insert=0")) {
            assertThat(queryLong(connection, "PRAGMA foreign_keys")).isEqualTo(1);
        }
        Map<String, LogRow> log = insertEachThenFlush(child, "id, parent_id", List.of("(1, 1)", "(2, 99)", "(3, NULL)"), "foreign_keys=true");
        assertOneFlush(log);
        assertThat(log.get("(1, 1)").status()).isEqualTo("Ok");
        assertThat(log.get("(2, 99)").status()).as("the writer enforces foreign keys").isEqualTo("FlushError");
        assertThat(log.get("(2, 99)").exception()).containsIgnoringCase("foreign key");
        assertThat(log.get("(3, NULL)").status()).isEqualTo("Ok");
        assertThat(idCounts(child)).containsOnlyKeys(1L, 3L);
    }
}

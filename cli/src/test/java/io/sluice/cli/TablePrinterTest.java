package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {
    @Test
    void rendersAnAlignedTable() {
        String table = TablePrinter.render(List.of("id", "name"),
                List.of(List.of("1", "alpha"), List.of("1000", "b")), new boolean[] {true, false});

        assertThat(table).isEqualTo("""
                 id   | name
                ------+-------
                    1 | alpha
                 1000 | b
                """);
    }

    @Test
    void rendersHeadersOfAnEmptyResult() {
        assertThat(TablePrinter.render(List.of("a"), List.of(), new boolean[] {false})).isEqualTo("""
                 a
                ---
                """);
    }

    @Test
    void showsNullBytesAndControlCharacters() {
        assertThat(TablePrinter.show(null)).isEqualTo("NULL");
        assertThat(TablePrinter.show(new byte[] {0x0a, (byte) 0xff})).isEqualTo("x'0aff'");
        assertThat(TablePrinter.show("two\nlines\tand\u0001")).isEqualTo("two\\nlines\\tand\\u0001");
        assertThat(TablePrinter.show(12.5)).isEqualTo("12.5");
    }

    @Test
    void countsRows() {
        assertThat(TablePrinter.rowCount(1)).isEqualTo("1 row");
        assertThat(TablePrinter.rowCount(0)).isEqualTo("0 rows");
        assertThat(TablePrinter.rowCount(12345)).isEqualTo("12,345 rows");
    }

    @Test
    void printsAResultSet() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (id INTEGER, name TEXT)");
            statement.executeUpdate("INSERT INTO t VALUES (7, 'seven'), (12, NULL)");
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM t ORDER BY id");
                    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                assertThat(TablePrinter.print(rows, out)).isEqualTo(2);
            }
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                 id | name
                ----+-------
                  7 | seven
                 12 | NULL
                2 rows
                """);
    }
}

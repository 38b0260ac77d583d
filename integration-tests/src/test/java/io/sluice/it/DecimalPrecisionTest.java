package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A DECIMAL value with more digits than its column holds, through Sluice and through the target's own driver:
 * what the target rounds is stored as the target stores it, and what the target refuses (PostgreSQL's numeric
 * field overflow, MariaDB's out-of-range value in strict mode) fails its own INSERT only, as a parsing error
 * naming the column, the value and the type, before any write is tried: the INSERTs buffered with it are
 * written in one part. SQLite has no precision rule and takes every value.
 */
class DecimalPrecisionTest {
    private static final String HOLD = "wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000"
            + "&async_insert_busy_timeout_min_ms=600000&async_insert_closed_loop_flush=0&async_insert_max_query_number=1000";

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Target.class)
    void excessScaleIsRoundedAsThePlainDriverStoresIt(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String plain = use.table("dec_round_plain");
            String sluiced = use.table("dec_round_sluice");
            for (String table : List.of(plain, sluiced)) {
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL, amount DECIMAL(5,2))");
            }
            String values = " (id, amount) VALUES (1, 1.235), (2, -1.235), (3, 1.245), (4, 999.994), (5, 12)";
            try (Connection connection = use.plain(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO " + plain + values);
            }
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + sluiced + values)).isEqualTo(5);
                try (PreparedStatement insert = sluice.prepareStatement("INSERT INTO " + sluiced + " (id, amount) VALUES (?, ?)")) {
                    insert.setInt(1, 6);
                    insert.setBigDecimal(2, new BigDecimal("2.005"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            try (Connection connection = use.plain(); PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + plain + " (id, amount) VALUES (?, ?)")) {
                insert.setInt(1, 6);
                insert.setBigDecimal(2, new BigDecimal("2.005"));
                insert.executeUpdate();
            }
            List<String> expected = amounts(use, plain);
            assertThat(amounts(use, sluiced)).isEqualTo(expected);
            if (target != Target.SQLITE) {
                assertThat(expected).containsExactly("1|1.24", "2|-1.24", "3|1.25", "4|999.99", "5|12.00", "6|2.01");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void tooManyIntegerDigitsFailOnlyTheirOwnInsertAsTheTargetWould(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String plain = use.table("dec_over_plain");
            String sluiced = use.table("dec_over_sluice");
            for (String table : List.of(plain, sluiced)) {
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL, amount DECIMAL(5,2))");
            }
            SQLException plainError = null;
            try (Connection connection = use.plain(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO " + plain + " (id, amount) VALUES (1, 1234.5)");
            } catch (SQLException e) {
                plainError = e;
            }
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                if (plainError == null) {
                    assertThat(target).isEqualTo(Target.SQLITE);
                    assertThat(statement.executeUpdate("INSERT INTO " + sluiced + " (id, amount) VALUES (1, 1234.5)")).isEqualTo(1);
                    assertThat(amounts(use, sluiced)).isEqualTo(amounts(use, plain));
                    return;
                }
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + sluiced + " (id, amount) VALUES (1, 1234.5)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Value '1234.5' is out of range for column amount at row 1")
                        .hasMessageContaining("(precision 5, scale 2)")
                        .hasMessageContaining("below 10^3");
            }
            assertThat(use.count(sluiced)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aRefusedValueLeavesItsNeighboursInTheSameBufferWrittenInOnePart(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("dec_neighbours");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, amount DECIMAL(5,2))");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(HOLD), use.properties());
                    Statement statement = sluice.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (1, 1.5)");
                statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (2, 99999.5)");
                statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (3, 999.999)");
                statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (4, 2.25)");
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
                assertThat(rows(sluice, "SELECT status, exception FROM system.asynchronous_insert_log WHERE \"table\" = '" + table
                        + "' ORDER BY event_time_microseconds, query_id"))
                        .hasSize(4)
                        .satisfiesExactly(
                                row -> assertThat(row).isEqualTo("Ok|"),
                                row -> assertThat(row).startsWith("ParsingError|")
                                        .contains("Value '99999.5' is out of range for column amount at row 1"),
                                row -> assertThat(row).startsWith("ParsingError|")
                                        .contains("Value '999.999' is out of range for column amount at row 1"),
                                row -> assertThat(row).isEqualTo("Ok|"));
                // No write was tried and failed: the two good INSERTs went in one part at the first attempt.
                assertThat(rows(sluice, "SELECT rows, error FROM system.part_log WHERE \"table\" = '" + table + "'"))
                        .containsExactly("2|0");
            }
            assertThat(amounts(use, table)).containsExactly("1|1.50", "4|2.25");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = "MARIADB")
    void anUnsignedDecimalRefusesNegativesAsTheTargetDoes(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("dec_unsigned");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, amount DECIMAL(5,2) UNSIGNED)");
            try (Connection connection = use.plain(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (1, -0.001)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("Out of range value");
            }
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (1, -0.001)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Value '-0.001' is out of range for column amount at row 1")
                        .hasMessageContaining("takes no negative numbers");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id, amount) VALUES (2, 0.001)")).isEqualTo(1);
            }
            assertThat(amounts(use, table)).containsExactly("2|0.00");
        }
    }

    private static List<String> amounts(Target.Use use, String table) throws SQLException {
        return use.rows("SELECT id, amount FROM " + table + " ORDER BY id");
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                String exception = result.getString(2);
                rows.add(result.getString(1) + "|" + (exception == null ? "" : exception));
            }
        }
        return rows;
    }
}

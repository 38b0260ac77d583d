package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MariaDB/MySQL's INSERT forms ({@code VALUE} for {@code VALUES}, {@code INSERT INTO t SET a = 1, …}) through
 * Sluice and through the target's own driver: on MariaDB Sluice buffers the literal ones and the rows are the
 * plain driver's; a clause after them ({@code ON DUPLICATE KEY UPDATE}) runs on the target as written; on
 * SQLite and PostgreSQL they reach the target, whose own error the application gets.
 */
class MySqlInsertFormsTest {
    private static final List<String> STATEMENTS = List.of(
            "INSERT INTO %s VALUE (1, 'one'), (2, 'two')",
            "INSERT INTO %s (id, name) value (3, 'three')",
            "INSERT INTO %s SET id = 4, name = 'four'",
            "insert into %s set `name` = 'five, and a comma', id = 5;",
            "INSERT INTO %s SET id = 6, name = NULL");

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Target.class)
    void valueAndSetFormsDoWhatThePlainDriverDoes(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String plain = use.table("forms_plain");
            String sluiced = use.table("forms_sluice");
            for (String table : List.of(plain, sluiced)) {
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, name VARCHAR(40))");
            }
            try (Connection plainConnection = use.plain();
                    Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties())) {
                for (String statement : STATEMENTS) {
                    String expected = outcome(plainConnection, statement.formatted(plain));
                    String actual = outcome(sluice, statement.formatted(sluiced));
                    assertThat(actual).as(statement).isEqualTo(expected);
                    if (target == Target.MARIADB) {
                        assertThat(actual).as(statement).startsWith("rows ");
                    } else {
                        assertThat(actual).as(statement).startsWith("error ");
                    }
                }
                if (target == Target.MARIADB) {
                    // Buffered, not passed through: each INSERT has its line in the asynchronous insert log.
                    assertThat(count(sluice, "SELECT count(*) FROM system.asynchronous_insert_log WHERE \"table\" = '" + sluiced
                            + "' AND status = 'Ok'")).isEqualTo(STATEMENTS.size());
                }
            }
            assertThat(use.rows("SELECT id, name FROM " + sluiced + " ORDER BY id"))
                    .isEqualTo(use.rows("SELECT id, name FROM " + plain + " ORDER BY id"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = "MARIADB")
    void aSetFormWithATailOrAnExpressionRunsOnTheTargetAsWritten(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("forms_tail");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, hits INT NOT NULL, name VARCHAR(40))");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " SET id = 1, hits = 1")).isEqualTo(1);
                // MariaDB counts an updated duplicate as 2 rows.
                assertThat(statement.executeUpdate("INSERT INTO " + table + " SET id = 1, hits = 1 ON DUPLICATE KEY UPDATE hits = hits + 1"))
                        .isEqualTo(2);
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUE (1, 1, NULL) ON DUPLICATE KEY UPDATE hits = hits + 1"))
                        .isEqualTo(2);
                assertThat(statement.executeUpdate("INSERT INTO " + table + " SET id = 2, hits = 1 + 1, name = CONCAT('a', 'b')")).isEqualTo(1);
            }
            assertThat(use.rows("SELECT id, hits, name FROM " + table + " ORDER BY id")).containsExactly("1|3|null", "2|2|ab");
        }
    }

    /** {@code rows N} or {@code error SQLSTATE message} for one statement. */
    private static String outcome(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            return "rows " + statement.executeUpdate(sql);
        } catch (SQLException e) {
            return "error " + e.getSQLState() + " " + e.getMessage().replaceAll("forms_(plain|sluice)_[0-9a-f]+", "T")
                    // Positions differ with the lengths of the two tables' names.
                    .replaceAll("Position: [0-9]+", "Position: N");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}

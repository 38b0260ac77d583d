package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target's own SET statements pass through Sluice unchanged and take effect on the connection; only
 * {@code SET <sluice setting> = value} is Sluice's, and a misspelt Sluice setting still gets its hint.
 */
class TargetSessionStatementsTest {
    @TempDir
    Path directory;

    private static String one(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    @Test
    void postgresqlSessionStatementsPassThrough() throws Exception {
        try (Target.Use use = Target.POSTGRESQL.open(directory);
                Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                Statement statement = sluice.createStatement()) {
            statement.execute("SET ROLE 'postgres'");
            statement.execute("SET search_path TO public");
            statement.execute("SET TIME ZONE 'UTC'");
            statement.execute("SET statement_timeout = 0");
            statement.execute("SET application_name = 'sluice-it'");
            statement.execute("SET SESSION application_name TO 'sluice-it-2'");
            assertThat(one(statement, "SHOW application_name")).isEqualTo("sluice-it-2");
            assertThat(one(statement, "SHOW TimeZone")).isEqualTo("UTC");
            // Sluice's own settings are still Sluice's.
            statement.execute("SET wait_for_async_insert = 0");
            assertThatThrownBy(() -> statement.execute("SET wait_for_async_insrt = 0"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("UNKNOWN_SETTING")
                    .hasMessageContaining("wait_for_async_insert");
        }
    }

    @Test
    void mariadbSessionStatementsPassThrough() throws Exception {
        try (Target.Use use = Target.MARIADB.open(directory);
                Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                Statement statement = sluice.createStatement()) {
            statement.execute("SET NAMES utf8mb4");
            statement.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
            statement.execute("SET @answer = 42");
            statement.execute("SET foreign_key_checks = 0, sql_safe_updates = 0");
            assertThat(one(statement, "SELECT @answer")).isEqualTo("42");
            assertThat(one(statement, "SELECT @@SESSION.sql_mode")).isEqualTo("STRICT_ALL_TABLES");
            assertThat(one(statement, "SELECT @@SESSION.foreign_key_checks")).isEqualTo("0");
            assertThatThrownBy(() -> statement.execute("SET async_inset = 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("UNKNOWN_SETTING")
                    .hasMessageContaining("async_insert");
        }
    }
}

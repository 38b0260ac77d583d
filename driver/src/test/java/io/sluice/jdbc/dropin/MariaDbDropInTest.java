package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The drop-in suite on MariaDB (127.0.0.1:3306, database {@code test}), and what only MariaDB has. */
class MariaDbDropInTest extends DropInSuite {
    static final String TARGET = "mariadb://127.0.0.1:3306/test?user=root";

    @Override
    void requireServer() {
        TestServers.requireMariaDb();
    }

    @Override
    String sluiceUrl() {
        return "jdbc:sluice:" + TARGET;
    }

    @Override
    String targetUrl() {
        return "jdbc:" + TARGET;
    }

    @Override
    Class<? extends Connection> targetConnectionClass() {
        return org.mariadb.jdbc.Connection.class;
    }

    @Override
    String upsertClause() {
        return "ON DUPLICATE KEY UPDATE note = VALUES(note)";
    }

    @Override
    String productName() {
        return "MariaDB";
    }

    @Override
    String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    String generatedKeyColumn(String name) {
        return name + " BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    String timestampType() {
        return "DATETIME(6)";
    }

    @Override
    boolean hasNarrowIntegers() {
        return true;
    }

    @Override
    String fiveCharacterColumn(String name) {
        return name + " VARCHAR(5)";
    }

    @Override
    String tooLongTextStatus() {
        return "ParsingError";
    }

    @Override
    String overflowingNumericStatus() {
        return "ParsingError";
    }

    @Override
    String overflowingNumericError() {
        return "Value '12345.67' is out of range for column amount at row 1: column type DECIMAL(6,2) (precision 6, scale 2)";
    }

    /** MariaDB also allows a backquote in a quoted name. */
    @Override
    String hostileTableName(String sentinel) {
        return super.hostileTableName(sentinel) + " `x`";
    }

    @Test
    @DisplayName("A procedure with an OUT parameter and a function are called through prepareCall")
    void storedProcedures() throws SQLException {
        String table = createTable("proc", "id INT NOT NULL, note TEXT");
        String procedure = uniqueName("record_it");
        String function = uniqueName("times");
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE PROCEDURE " + procedure + "(IN a INT, IN b INT, OUT total INT) BEGIN SET total = a + b; INSERT INTO "
                    + table + " (id, note) VALUES (a, 'via procedure'); END");
            statement.execute("CREATE FUNCTION " + function + "(a INT, b INT) RETURNS INT DETERMINISTIC RETURN a * b");
            try (CallableStatement call = connection.prepareCall("{call " + procedure + "(?, ?, ?)}")) {
                call.setInt(1, 9);
                call.setInt(2, 33);
                call.registerOutParameter(3, Types.INTEGER);
                call.execute();
                assertThat(call.getInt(3)).isEqualTo(42);
            }
            try (CallableStatement call = connection.prepareCall("{? = call " + function + "(?, ?)}")) {
                call.registerOutParameter(1, Types.INTEGER);
                call.setInt(2, 6);
                call.setInt(3, 7);
                call.execute();
                assertThat(call.getInt(1)).isEqualTo(42);
            }
        } finally {
            try (Connection connection = direct(); Statement statement = connection.createStatement()) {
                statement.execute("DROP PROCEDURE IF EXISTS " + procedure);
                statement.execute("DROP FUNCTION IF EXISTS " + function);
            }
        }
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT note FROM " + table + " WHERE id = 9")).isEqualTo("via procedure");
        }
    }

    @Test
    @DisplayName("sessionVariables in the URL reach Connector/J, for the session and for Sluice's writes")
    void sessionVariablesReachTheDriver() throws SQLException {
        String table = createTable("session", "id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL");
        try (Connection connection = sluice("sessionVariables=auto_increment_increment=5", "wait_for_async_insert=0",
                "async_insert_use_adaptive_busy_timeout=0", "async_insert_busy_timeout_max_ms=60000");
                Statement statement = connection.createStatement()) {
            assertThat(queryLong(connection, "SELECT @@session.auto_increment_increment")).isEqualTo(5);
            assertThat(connection.getMetaData().getURL()).contains("sessionVariables").doesNotContain("wait_for_async_insert");
            for (int v = 1; v <= 3; v++) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (v) VALUES (" + v + ")")).isZero();
            }
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
        }
        List<Long> ids = new ArrayList<>();
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        assertThat(ids).as("Sluice's writes ran with auto_increment_increment=5").containsExactly(1L, 6L, 11L);
    }

    @Test
    @DisplayName("UNSIGNED ranges, UUID, and JSON (a CHECK in MariaDB): a bad value fails only its own INSERT")
    void unsignedUuidAndJson() throws SQLException {
        String table = createTable("uj", "id INT NOT NULL, n TINYINT UNSIGNED, u UUID, j JSON");
        String uuid = "123e4567-e89b-12d3-a456-426614174000";
        Map<String, LogRow> log = insertEachThenFlush(table, "id, n, u, j", List.of(
                "(1, 255, '" + uuid + "', '{\"a\": [1, 2]}')",
                "(2, -1, '" + uuid + "', '{}')",
                "(3, 0, 'not-a-uuid', '{}')",
                "(4, 0, NULL, '{bad json')",
                "(5, 0, NULL, NULL)"));
        assertOneFlush(log);
        assertThat(log.get("(1, 255, '" + uuid + "', '{\"a\": [1, 2]}')").status()).isEqualTo("Ok");
        LogRow negative = log.get("(2, -1, '" + uuid + "', '{}')");
        assertThat(negative.status()).isEqualTo("ParsingError");
        assertThat(negative.exception()).contains("'-1'").contains("column n").contains("between 0 and 255");
        assertThat(log.get("(3, 0, 'not-a-uuid', '{}')").status()).isEqualTo("ParsingError");
        LogRow json = log.get("(4, 0, NULL, '{bad json')");
        assertThat(json.status()).as("MariaDB's JSON is a LONGTEXT with a CHECK: the database refuses it").isEqualTo("FlushError");
        assertThat(json.exception()).containsIgnoringCase("constraint");
        assertThat(log.get("(5, 0, NULL, NULL)").status()).isEqualTo("Ok");
        assertThat(idCounts(table)).containsOnlyKeys(1L, 5L);
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT u FROM " + table + " WHERE id = 1")).isEqualTo(uuid);
            assertThat(queryLong(connection, "SELECT n FROM " + table + " WHERE id = 1")).isEqualTo(255);
        }
    }
}

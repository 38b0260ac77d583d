package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The drop-in suite on PostgreSQL (127.0.0.1:5432, database {@code test}), and what only PostgreSQL has. */
class PostgresDropInTest extends DropInSuite {
    static final String TARGET = "postgresql://127.0.0.1:5432/test?user=postgres";

    @Override
    void requireServer() {
        TestServers.requirePostgres();
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
        return org.postgresql.jdbc.PgConnection.class;
    }

    @Override
    String upsertClause() {
        return "ON CONFLICT (id) DO UPDATE SET note = excluded.note";
    }

    @Override
    String productName() {
        return "PostgreSQL";
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    String generatedKeyColumn(String name) {
        return name + " BIGSERIAL PRIMARY KEY";
    }

    @Override
    String timestampType() {
        return "TIMESTAMP(6)";
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
        return "Value '12345.67' is out of range for column amount at row 1: column type numeric(6,2) (precision 6, scale 2)";
    }

    @Test
    @DisplayName("A function and a procedure are called through prepareCall, and a procedure's INSERT is the database's")
    void storedProcedures() throws SQLException {
        String table = createTable("proc", "id INT NOT NULL, note TEXT");
        String function = uniqueName("add_up");
        String procedure = uniqueName("record_it");
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION " + function + "(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$");
            statement.execute("CREATE PROCEDURE " + procedure + "(x integer, n text) LANGUAGE sql AS $$ INSERT INTO " + table
                    + " (id, note) VALUES (x, n) $$");
            try (CallableStatement call = connection.prepareCall("{? = call " + function + "(?, ?)}")) {
                call.registerOutParameter(1, Types.INTEGER);
                call.setInt(2, 3);
                call.setInt(3, 4);
                call.execute();
                assertThat(call.getInt(1)).isEqualTo(7);
            }
            try (CallableStatement call = connection.prepareCall("CALL " + procedure + "(?, ?)")) {
                call.setInt(1, 9);
                call.setString(2, "via procedure");
                call.execute();
            }
            assertThat(queryLong(connection, "SELECT " + function + "(20, 22)")).isEqualTo(42);
        } finally {
            try (Connection connection = direct(); Statement statement = connection.createStatement()) {
                statement.execute("DROP FUNCTION IF EXISTS " + function + "(integer, integer)");
                statement.execute("DROP PROCEDURE IF EXISTS " + procedure + "(integer, text)");
            }
        }
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT note FROM " + table + " WHERE id = 9")).isEqualTo("via procedure");
        }
    }

    @Test
    @DisplayName("ApplicationName in the URL or the properties reaches pgjdbc, for the session and for Sluice's writes")
    void applicationNameReachesTheDriver() throws SQLException {
        String table = createTable("app", "id INT NOT NULL, app TEXT DEFAULT current_setting('application_name')");
        try (Connection connection = sluice("ApplicationName=sluice-test", "wait_for_async_insert=0");
                Statement statement = connection.createStatement()) {
            assertThat(queryString(connection, "SHOW application_name")).isEqualTo("sluice-test");
            assertThat(connection.getMetaData().getURL()).contains("ApplicationName=sluice-test").doesNotContain("wait_for_async_insert");
            assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (1)")).isZero();
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
        }
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "sluice-props");
        properties.setProperty("wait_for_async_insert", "0");
        try (Connection connection = DriverManager.getConnection(url(), properties); Statement statement = connection.createStatement()) {
            assertThat(queryString(connection, "SHOW application_name")).isEqualTo("sluice-props");
            assertThat(statement.executeUpdate("INSERT INTO " + table + " (id) VALUES (2)")).isZero();
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
        }
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT app FROM " + table + " WHERE id = 1"))
                    .as("Sluice's own writes ran on connections with the URL's ApplicationName").isEqualTo("sluice-test");
            assertThat(queryString(connection, "SELECT app FROM " + table + " WHERE id = 2"))
                    .as("Sluice's own writes ran on connections with the properties' ApplicationName").isEqualTo("sluice-props");
        }
    }

    @Test
    @DisplayName("UUID and JSON: valid values are written, invalid ones fail their own INSERT; bound UUIDs work")
    void uuidAndJson() throws SQLException {
        String table = createTable("uj", "id INT NOT NULL, u UUID, j JSONB");
        String uuid = "123e4567-e89b-12d3-a456-426614174000";
        Map<String, LogRow> log = insertEachThenFlush(table, "id, u, j", List.of(
                "(1, '" + uuid + "', '{\"a\": [1, 2, {\"b\": null}]}')",
                "(2, 'not-a-uuid', '{}')",
                "(3, '" + uuid + "', '{bad json')",
                "(4, NULL, '[1, \"two\"]')"));
        assertOneFlush(log);
        assertThat(log.get("(1, '" + uuid + "', '{\"a\": [1, 2, {\"b\": null}]}')").status()).isEqualTo("Ok");
        LogRow badUuid = log.get("(2, 'not-a-uuid', '{}')");
        assertThat(badUuid.status()).isEqualTo("ParsingError");
        assertThat(badUuid.exception()).contains("not-a-uuid").contains("column u");
        LogRow badJson = log.get("(3, '" + uuid + "', '{bad json')");
        assertThat(badJson.status()).isEqualTo("ParsingError");
        assertThat(badJson.exception()).contains("column j");
        assertThat(log.get("(4, NULL, '[1, \"two\"]')").status()).isEqualTo("Ok");
        UUID bound = UUID.randomUUID();
        try (Connection connection = sluice();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, u, j) VALUES (?, ?, ?)")) {
            insert.setInt(1, 5);
            insert.setObject(2, bound);
            insert.setString(3, "{\"bound\": true}");
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, u, j::text FROM " + table + " ORDER BY id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getObject(2, UUID.class)).isEqualTo(UUID.fromString(uuid));
            assertThat(rows.getString(3)).isEqualTo("{\"a\": [1, 2, {\"b\": null}]}");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(4);
            assertThat(rows.getObject(2)).isNull();
            assertThat(rows.getString(3)).isEqualTo("[1, \"two\"]");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(5);
            assertThat(rows.getObject(2, UUID.class)).isEqualTo(bound);
            assertThat(rows.getString(3)).isEqualTo("{\"bound\": true}");
            assertThat(rows.next()).isFalse();
        }
    }
}

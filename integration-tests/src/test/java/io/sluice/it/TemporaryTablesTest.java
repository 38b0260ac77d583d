package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Temporary tables through Sluice and through the target's own driver: only the connection that created one
 * sees it, so its INSERTs run on the application's own connection, synchronously, with the target's row
 * count; one that shadows a table of the same name takes the INSERTs, as on the plain driver. Views the
 * engine's storage does not write to pass through too.
 */
class TemporaryTablesTest {
    @TempDir
    Path directory;

    private static String createTemporary(Target target, String table) {
        return (target == Target.MARIADB ? "CREATE TEMPORARY TABLE " : "CREATE TEMP TABLE ") + table
                + " (id INT NOT NULL, name VARCHAR(20))";
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void insertsIntoATemporaryTableGoToTheSessionsOwnConnection(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = "forms_temp_" + Long.toHexString(System.nanoTime());
            List<String> plainRows = run(use.plain(), target, table);
            List<String> sluiceRows = run(DriverManager.getConnection(use.sluiceUrl(""), use.properties()), target, table);
            assertThat(sluiceRows).isEqualTo(plainRows);
            assertThat(sluiceRows).containsExactly("rows 2", "rows 1", "rows 1", "rows 2", "1|a", "2|b", "3|c", "4|d", "10|a", "20|b");
        }
    }

    /** CREATE TEMP TABLE, INSERTs of every kind into it, then its rows; the connection is closed after. */
    private static List<String> run(Connection connection, Target target, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute(createTemporary(target, table));
            out.add("rows " + statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')"));
            out.add("rows " + statement.executeUpdate("INSERT INTO " + table + " (id, name) VALUES (3, 'c')"));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
                insert.setInt(1, 4);
                insert.setString(2, "d");
                out.add("rows " + insert.executeUpdate());
            }
            out.add("rows " + statement.executeUpdate("INSERT INTO " + table + " (id, name) SELECT id * 10, name FROM " + table
                    + " WHERE id <= 2"));
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM " + table + " ORDER BY id")) {
                while (rows.next()) {
                    out.add(rows.getInt(1) + "|" + rows.getString(2));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTemporaryTableShadowingATableTakesTheInsertsAsOnThePlainDriver(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String plainTable = use.table("forms_shadow_p");
            String sluiceTable = use.table("forms_shadow_s");
            for (String table : List.of(plainTable, sluiceTable)) {
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL, name VARCHAR(20))");
            }
            for (boolean sluiced : new boolean[] {false, true}) {
                String table = sluiced ? sluiceTable : plainTable;
                try (Connection connection = sluiced ? DriverManager.getConnection(use.sluiceUrl(""), use.properties()) : use.plain();
                        Statement statement = connection.createStatement()) {
                    assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'regular')")).isEqualTo(1);
                    statement.execute(createTemporary(target, table));
                    assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (2, 'temporary')")).isEqualTo(1);
                    statement.execute("DROP TABLE " + table);
                    assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (3, 'regular')")).isEqualTo(1);
                }
            }
            assertThat(use.rows("SELECT id, name FROM " + sluiceTable + " ORDER BY id"))
                    .isEqualTo(use.rows("SELECT id, name FROM " + plainTable + " ORDER BY id"))
                    .containsExactly("1|regular", "3|regular");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTemporaryTableCreatedBehindSluicesBackIsFoundOnTheSessionsConnection(Target target) throws Exception {
        try (Target.Use use = target.open(directory);
                Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties())) {
            String table = "forms_temp_early_" + Long.toHexString(System.nanoTime());
            // The application reaches the driver's own connection (unwrap) and creates the table there: Sluice never sees the DDL.
            String vendor = switch (target) {
                case SQLITE -> "org.sqlite.SQLiteConnection";
                case POSTGRESQL -> "org.postgresql.jdbc.PgConnection";
                case MARIADB -> "org.mariadb.jdbc.Connection";
            };
            Connection own = (Connection) sluice.unwrap(Class.forName(vendor));
            try (Statement statement = own.createStatement()) {
                statement.execute(createTemporary(target, table));
            }
            try (Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')")).isEqualTo(2);
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (3, 'c')")).isEqualTo(1);
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(3);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void anUpdatableViewTakesTheInsertsAsOnThePlainDriver(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            List<String> outcomes = new ArrayList<>();
            List<List<String>> contents = new ArrayList<>();
            for (boolean sluiced : new boolean[] {false, true}) {
                String table = use.table(sluiced ? "forms_view_base_s" : "forms_view_base_p");
                String view = "forms_view_" + Long.toHexString(System.nanoTime());
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL, name VARCHAR(20))");
                use.execute("CREATE VIEW " + view + " AS SELECT id, name FROM " + table);
                try {
                    if (target == Target.SQLITE) {
                        use.execute("CREATE TRIGGER " + view + "_insert INSTEAD OF INSERT ON " + view
                                + " BEGIN INSERT INTO " + table + " (id, name) VALUES (NEW.id, NEW.name); END");
                    }
                    try (Connection connection = sluiced ? DriverManager.getConnection(use.sluiceUrl(""), use.properties()) : use.plain();
                            Statement statement = connection.createStatement()) {
                        outcomes.add("rows " + statement.executeUpdate("INSERT INTO " + view + " (id, name) VALUES (1, 'a'), (2, 'b')"));
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + view + " (id, name) VALUES (?, ?)")) {
                            insert.setInt(1, 3);
                            insert.setString(2, "c");
                            outcomes.add("rows " + insert.executeUpdate());
                        }
                    }
                    contents.add(use.rows("SELECT id, name FROM " + table + " ORDER BY id"));
                } finally {
                    use.execute("DROP VIEW IF EXISTS " + view);
                }
            }
            if (target != Target.SQLITE) {
                // sqlite-jdbc counts rows written by an INSTEAD OF trigger for executeUpdate but not for execute, which
                // statements passed through use (they may return rows): there only the rows written are compared.
                assertThat(outcomes.subList(2, 4)).isEqualTo(outcomes.subList(0, 2));
            }
            assertThat(contents.get(1)).isEqualTo(contents.get(0)).containsExactly("1|a", "2|b", "3|c");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void anInsertIntoATableNoConnectionSeesStillFailsWithUnknownTable(Target target) throws Exception {
        try (Target.Use use = target.open(directory);
                Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                Statement statement = sluice.createStatement()) {
            String table = "forms_missing_" + Long.toHexString(System.nanoTime());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("UNKNOWN_TABLE");
        }
    }
}

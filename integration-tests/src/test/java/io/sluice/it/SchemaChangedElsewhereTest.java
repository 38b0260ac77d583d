package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Another application changes a table through its own driver, never through Sluice, while Sluice has the
 * table's columns cached. Sluice's INSERTs must follow the table as it is now.
 */
class SchemaChangedElsewhereTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Target.class)
    void aColumnAddedElsewhereCanBeNamedAndIsWrittenByAnInsertWithoutAColumnList(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("schema_added");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, name VARCHAR(20))");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'before')")).isEqualTo(1);

                use.execute("ALTER TABLE " + table + " ADD COLUMN note VARCHAR(20)");

                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id, name, note) VALUES (2, 'named', 'n2')")).isEqualTo(1);
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (3, 'all', 'n3')")).isEqualTo(1);
            }
            assertThat(use.rows("SELECT id, name, note FROM " + table + " ORDER BY id"))
                    .containsExactly("1|before|null", "2|named|n2", "3|all|n3");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aColumnDroppedAndAddedBackElsewhereIsThere(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("schema_readded");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, note VARCHAR(20))");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id, note) VALUES (1, 'a')")).isEqualTo(1);
                use.execute("ALTER TABLE " + table + " DROP COLUMN note");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (2)")).isEqualTo(1);
                use.execute("ALTER TABLE " + table + " ADD COLUMN note VARCHAR(20)");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " (id, note) VALUES (3, 'c')")).isEqualTo(1);
            }
            assertThat(use.rows("SELECT id, note FROM " + table + " ORDER BY id")).containsExactly("1|null", "2|null", "3|c");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aColumnChangedFromIntegerToTextElsewhereTakesText(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("schema_retyped");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, code INT)");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 7)")).isEqualTo(1);
                use.execute(target == Target.POSTGRESQL
                        ? "ALTER TABLE " + table + " ALTER COLUMN code TYPE VARCHAR(20)"
                        : "ALTER TABLE " + table + " MODIFY COLUMN code VARCHAR(20)");
                assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (2, 'abc')")).isEqualTo(1);
            }
            assertThat(use.rows("SELECT id, code FROM " + table + " ORDER BY id")).containsExactly("1|7", "2|abc");
        }
    }
}

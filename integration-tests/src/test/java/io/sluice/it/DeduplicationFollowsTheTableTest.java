package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deduplication ids live with their table, as ClickHouse's live with the table's parts: a table dropped and
 * created again, through Sluice or through another application's connection, starts with none, so a reused
 * {@code insert_deduplication_token} writes its row. The same table keeps them.
 */
class DeduplicationFollowsTheTableTest {
    @TempDir
    Path directory;

    private static String insert(String table, int value) {
        return "INSERT INTO " + table + " SETTINGS insert_deduplication_token = 'load-1' VALUES (" + value + ")";
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTokenReusedOnTheSameTableIsDeduplicated(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("dedup_kept");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate(insert(table, 1))).isEqualTo(1);
                assertThat(statement.executeUpdate(insert(table, 1))).isZero();
            } finally {
                forgetLedger(use, table);
            }
            assertThat(use.count(table)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTableDroppedAndCreatedAgainThroughSluiceWritesAReusedToken(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("dedup_sluice");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
                assertThat(statement.executeUpdate(insert(table, 1))).isEqualTo(1);
                statement.execute("DROP TABLE " + table);
                statement.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
                assertThat(statement.executeUpdate(insert(table, 2))).isEqualTo(1);
                assertThat(statement.executeUpdate(insert(table, 3))).as("the new table's own ids hold").isZero();
            } finally {
                forgetLedger(use, table);
            }
            assertThat(use.rows("SELECT id FROM " + table)).containsExactly("2");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTableDroppedAndCreatedAgainElsewhereWritesAReusedToken(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("dedup_elsewhere");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Statement statement = sluice.createStatement()) {
                assertThat(statement.executeUpdate(insert(table, 1))).isEqualTo(1);
                // Another application, at once and with the same text.
                use.execute("DROP TABLE " + table);
                use.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
                assertThat(statement.executeUpdate(insert(table, 2))).isEqualTo(1);
                assertThat(statement.executeUpdate(insert(table, 3))).isZero();
            } finally {
                forgetLedger(use, table);
            }
            assertThat(use.rows("SELECT id FROM " + table)).containsExactly("2");
        }
    }

    /** The ledger is shared with every other user of the server: removes only this test's table's rows. */
    private static void forgetLedger(Target.Use use, String table) throws SQLException {
        if (use.target() != Target.SQLITE) {
            use.execute("DELETE FROM sluice_ledger WHERE table_name LIKE '%." + table + "'");
        }
    }
}

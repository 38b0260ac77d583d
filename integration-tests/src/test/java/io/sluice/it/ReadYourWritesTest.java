package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection that sent INSERTs without waiting and then reads or changes the same table sees its own
 * writes: the buffered INSERTs into that table are written first. Other tables' buffers are left alone.
 */
class ReadYourWritesTest {
    @TempDir
    Path directory;

    /** The single number a query answers, read through the connection under test. */
    static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aSelectAndAnUpdateAfterFireAndForgetInsertsSeeThem(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("ryw");
            String other = use.table("ryw_other");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL, name VARCHAR(20))");
            use.execute("CREATE TABLE " + other + " (id INT NOT NULL)");
            // A long busy timeout: nothing is flushed by time during the test.
            String settings = "wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0";
            try (Connection sluice = DriverManager.getConnection(use.sluiceUrl(settings), use.properties());
                    Statement statement = sluice.createStatement()) {
                statement.executeUpdate("INSERT INTO " + other + " VALUES (1)");
                statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'a')");
                statement.executeUpdate("INSERT INTO " + table + " VALUES (2, 'b')");

                assertThat(count(statement, "SELECT count(*) FROM " + table)).isEqualTo(2);
                assertThat(statement.executeUpdate("UPDATE " + table + " SET name = 'c' WHERE id = 2")).isEqualTo(1);
                statement.executeUpdate("INSERT INTO " + table + " VALUES (3, 'd')");
                assertThat(statement.executeUpdate("DELETE FROM " + table + " WHERE id = 3")).isEqualTo(1);

                // The other table's entry is still buffered.
                assertThat(use.count(other)).isZero();
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            }
            assertThat(use.rows("SELECT id, name FROM " + table + " ORDER BY id")).containsExactly("1|a", "2|c");
            assertThat(use.count(other)).isEqualTo(1);
        }
    }
}

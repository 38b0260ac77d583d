package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactions through the Sluice URL keep their atomicity and see their own writes: a transaction's
 * INSERTs are committed all-or-nothing at COMMIT (a bad row fails that COMMIT only), a statement inside the
 * transaction sees the INSERTs before it, ROLLBACK writes nothing.
 */
class TransactionsTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Target.class)
    void aBadRowFailsItsOwnCommitOnlyAndOwnWritesAreSeenInOrder(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("tx");
            String other = use.table("tx_other");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, name VARCHAR(20))");
            use.execute("CREATE TABLE " + other + " (id INT NOT NULL)");
            try (Connection good = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                    Connection bad = DriverManager.getConnection(use.sluiceUrl(""), use.properties())) {
                good.setAutoCommit(false);
                bad.setAutoCommit(false);
                List<CompletableFuture<Void>> commits = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    Connection connection = t == 0 ? good : bad;
                    int base = t * 10;
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                        for (int i = 1; i <= 3; i++) {
                            insert.setInt(1, base + i);
                            insert.setString(2, "n" + (base + i));
                            assertThat(insert.executeUpdate()).isEqualTo(1);
                        }
                        if (t == 1) {
                            insert.setInt(1, 11); // a duplicate key inside the bad transaction
                            insert.setString(2, "dup");
                            insert.executeUpdate();
                        }
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("INSERT INTO " + other + " VALUES (" + (t + 1) + ")");
                    }
                }
                commits.add(CompletableFuture.runAsync(() -> commit(good)));
                commits.add(CompletableFuture.runAsync(() -> commit(bad)));
                commits.get(0).join();
                assertThatThrownBy(() -> commits.get(1).join()).hasCauseInstanceOf(IllegalStateException.class);
                bad.rollback();

                // Own writes in order: the UPDATE sees the INSERT before it, then the transaction lives on the target.
                good.setAutoCommit(false);
                try (Statement statement = good.createStatement()) {
                    statement.executeUpdate("INSERT INTO " + table + " VALUES (4, 'four')");
                    assertThat(statement.executeUpdate("UPDATE " + table + " SET name = 'FOUR' WHERE id = 4")).isEqualTo(1);
                    statement.executeUpdate("INSERT INTO " + table + " VALUES (5, 'five')");
                    assertThat(ReadYourWritesTest.count(statement, "SELECT count(*) FROM " + table)).isEqualTo(5);
                    statement.executeUpdate("INSERT INTO " + table + " VALUES (6, 'six')");
                    good.rollback();
                    statement.executeUpdate("INSERT INTO " + table + " VALUES (7, 'seven')");
                    good.commit();
                }
            }
            assertThat(use.rows("SELECT id, name FROM " + table + " ORDER BY id")).containsExactly("1|n1", "2|n2", "3|n3", "7|seven");
            assertThat(use.rows("SELECT id FROM " + other)).containsExactly("1");
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

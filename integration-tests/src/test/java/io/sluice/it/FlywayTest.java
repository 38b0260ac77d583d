package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.jdbc.SluiceDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway migrating a database through Sluice: DDL, seed INSERTs, an ALTER and an UPDATE of the seeded
 * rows, and an INSERT naming the new column. Flyway picks its database support from the URL's prefix, so a
 * {@code jdbc:sluice:} URL reaches it as a {@link SluiceDataSource}; Flyway then recognises the database
 * from the connection's metadata, which Sluice answers as the target.
 */
class FlywayTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Target.class)
    void migrationsRunThroughSluiceAndLeaveExactlyTheirRows(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            use.tables.add("it_fw_account");
            use.tables.add("it_flyway_history");
            use.execute("DROP TABLE IF EXISTS it_fw_account");
            use.execute("DROP TABLE IF EXISTS it_flyway_history");

            SluiceDataSource dataSource = new SluiceDataSource(use.sluiceUrl(""));
            dataSource.setUser(use.user());
            dataSource.setPassword(use.password());
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/it-migration")
                    .table("it_flyway_history")
                    // The servers' shared schemas hold other tests' tables: start the history at version 0.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load();
            MigrateResult result = flyway.migrate();

            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isEqualTo(3);
            assertThat(use.rows("SELECT id, name, note, score FROM it_fw_account ORDER BY id"))
                    .containsExactly("1|alice|null|10", "2|bob|second|20", "3|carol|third|30", "4|dave|null|40");
            assertThat(use.rows("SELECT version, success FROM it_flyway_history WHERE type = 'SQL' ORDER BY installed_rank"))
                    .extracting(row -> row.substring(0, row.indexOf('|')))
                    .containsExactly("1", "2", "3");

            // The application's own INSERT after the migration names the column the migration added.
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO it_fw_account (id, name, score) VALUES (5, 'erin', 50)")).isEqualTo(1);
            }
            assertThat(use.rows("SELECT name, score FROM it_fw_account WHERE id = 5")).containsExactly("erin|50");
            // Validation through Sluice finds the applied migrations as Flyway recorded them.
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        }
    }
}

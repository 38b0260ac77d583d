package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors about a Sluice URL name the fix. */
class TargetUrlAdviceTest {
    @Test
    void postgresIsCorrectedToPostgresql() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:postgres://127.0.0.1:5432/test?user=postgres&password=secret"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("write 'postgresql', as in jdbc:sluice:postgresql://127.0.0.1:5432/test?user=postgres&password=…")
                .hasMessageContaining("org.postgresql:postgresql")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aUrlWithoutATargetSchemeShowsTheShape(@TempDir Path directory) {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:" + directory.resolve("x.db")))
                .hasMessageContaining("The URL has no target scheme. Its shape is jdbc:sluice:<target JDBC URL without 'jdbc:'>")
                .hasMessageContaining("jdbc:sluice:sqlite:/path/app.db");
    }

    @Test
    void aMissingTargetDriverIsNamedByItsMavenCoordinates() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:h2:mem:advice"))
                .hasMessageContaining("Add the target's JDBC driver to the application: Maven com.h2database:h2");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sluice:frobdb://host/x"))
                .hasMessageContaining("Add the JDBC driver of 'frobdb' to the application's class path");
    }

    @Test
    void unknownParametersOfAnSqliteTargetAreFoundAndTheConnectionStillOpens(@TempDir Path directory) throws Exception {
        assertThat(TargetUrlAdvice.unknownSqliteParameters("jdbc:sluice:sqlite:x.db?foo=1&journal_mode=WAL"
                + "&wait_for_async_insert=0&async_insert_busy_timeout_ms=5&busy_timeout=100&colour")).containsExactly("foo", "colour");
        assertThat(TargetUrlAdvice.unknownSqliteParameters("jdbc:sluice:postgresql://h/db?foo=1")).isEmpty();
        assertThat(TargetUrlAdvice.unknownSqliteParameters("jdbc:sluice:sqlite:x.db")).isEmpty();

        String url = "jdbc:sluice:sqlite:" + directory.resolve("y.db") + "?foo=1";
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(connection.isValid(1)).isTrue();
        }
        // What the warning is about: sqlite-jdbc opened a file whose name carries the parameter.
        assertThat(Files.exists(directory.resolve("y.db?foo=1"))).isTrue();
    }
}

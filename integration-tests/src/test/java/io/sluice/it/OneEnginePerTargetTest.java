package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections to one target share one engine whatever way they authenticate: credentials in the URL or in
 * the connection properties reach the same buffers, system tables and SYSTEM FLUSH.
 */
class OneEnginePerTargetTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void credentialsInTheUrlOrInPropertiesReachTheSameEngine(Target target) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String table = use.table("one_engine");
            use.execute("CREATE TABLE " + table + " (id INT NOT NULL)");
            String settings = "wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0";
            StringBuilder credentials = new StringBuilder("user=").append(use.user());
            if (use.password() != null) {
                credentials.append("&password=").append(use.password());
            }
            try (Connection inUrl = DriverManager.getConnection(use.sluiceUrl(settings + "&" + credentials), new Properties());
                    Statement statement = inUrl.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " VALUES (1)");
                try (Connection inProperties = DriverManager.getConnection(use.sluiceUrl(""), use.properties());
                        Statement other = inProperties.createStatement()) {
                    try (ResultSet pending = other.executeQuery(
                            "SELECT count(*) FROM system.asynchronous_inserts WHERE \"table\" = '" + table + "'")) {
                        assertThat(pending.next()).isTrue();
                        assertThat(pending.getLong(1)).isEqualTo(1);
                    }
                    other.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
                    assertThat(use.count(table)).isEqualTo(1);
                }
                // Joining the running engine still takes credentials the target accepts.
                Properties stranger = new Properties();
                stranger.setProperty("user", "no_such_user_sluice");
                stranger.setProperty("password", "wrong");
                assertThatThrownBy(() -> DriverManager.getConnection(use.sluiceUrl(""), stranger).close())
                        .isInstanceOf(SQLException.class);
            }
        }
    }
}

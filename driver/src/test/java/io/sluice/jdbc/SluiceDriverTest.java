package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceDriverTest {
    private final SluiceDriver driver = new SluiceDriver();

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sluice:sqlite:/tmp/app.db", "JDBC:SLUICE:sqlite:app.db",
            "jdbc:sluice:postgresql://localhost:5432/app"})
    void acceptsSluiceUrls(String url) {
        assertThat(driver.acceptsURL(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite:/tmp/app.db", "jdbc:sluic:sqlite:x", "sluice:sqlite:x", ""})
    void refusesOtherUrls(String url) {
        assertThat(driver.acceptsURL(url)).isFalse();
    }

    @Test
    void refusesNullUrl() {
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @Test
    void connectReturnsNullForAForeignPrefix() throws Exception {
        assertThat(driver.connect("jdbc:sqlite::memory:", new Properties())).isNull();
        assertThat(driver.connect("jdbc:postgresql://localhost/app", null)).isNull();
    }

    @Test
    void isRegisteredWithDriverManager() throws Exception {
        assertThat(DriverManager.getDriver("jdbc:sluice:sqlite:/tmp/app.db")).isInstanceOf(SluiceDriver.class);
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Driver.class).stream().map(ServiceLoader.Provider::type))
                .contains(SluiceDriver.class);
    }

    @Test
    void isNotJdbcCompliantAndHasNoParentLogger() {
        assertThat(driver.jdbcCompliant()).isFalse();
        assertThat(driver.getMajorVersion()).isEqualTo(0);
        assertThat(driver.getMinorVersion()).isEqualTo(1);
        assertThatThrownBy(driver::getParentLogger)
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluiceDriver.getParentLogger is not supported by Sluice");
    }

    @Test
    void copyOfFlattensDefaultsKeepsObjectsAndDoesNotAlias() {
        Properties defaults = new Properties();
        defaults.setProperty("user", "app");
        Properties info = new Properties(defaults);
        info.setProperty("password", "secret");
        Object clock = new Object();
        info.put("sluice.clock", clock);

        Properties copy = SluiceDriver.copyOf(info);
        copy.remove("password");

        assertThat(copy.getProperty("user")).isEqualTo("app");
        assertThat(copy.get("user")).isEqualTo("app");
        assertThat(copy.get("sluice.clock")).isSameAs(clock);
        assertThat(info.getProperty("password")).isEqualTo("secret");
        assertThat(SluiceDriver.copyOf(null)).isEmpty();
    }
}

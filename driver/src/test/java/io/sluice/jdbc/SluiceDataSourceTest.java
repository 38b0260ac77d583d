package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SluiceDataSourceTest {
    private final SluiceDataSource dataSource = new SluiceDataSource();

    @Test
    void beanPropertiesRoundTrip() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("async_insert_busy_timeout_ms", "100");
        dataSource.setUrl("jdbc:sluice:sqlite:/tmp/app.db");
        dataSource.setUser("app");
        dataSource.setPassword("secret");
        dataSource.setProperties(properties);
        properties.setProperty("changed", "later");
        dataSource.setLoginTimeout(5);

        assertThat(dataSource.getUrl()).isEqualTo("jdbc:sluice:sqlite:/tmp/app.db");
        assertThat(dataSource.getUser()).isEqualTo("app");
        assertThat(dataSource.getPassword()).isEqualTo("secret");
        assertThat(dataSource.getProperties()).containsOnlyKeys("async_insert_busy_timeout_ms");
        assertThat(dataSource.getLoginTimeout()).isEqualTo(5);
    }

    @Test
    void connectionPropertiesCarryCredentialsAndTheClock() {
        Properties properties = new Properties();
        properties.setProperty("wait_for_async_insert", "0");
        ManualClock clock = new ManualClock();
        dataSource.setProperties(properties);
        dataSource.setClock(clock);

        Properties info = dataSource.connectionProperties("app", "secret");

        assertThat(info.getProperty("wait_for_async_insert")).isEqualTo("0");
        assertThat(info.getProperty("user")).isEqualTo("app");
        assertThat(info.getProperty("password")).isEqualTo("secret");
        assertThat(info.get("sluice.clock")).isSameAs(clock);
        assertThat(dataSource.connectionProperties(null, null)).doesNotContainKeys("user", "password");
    }

    @Test
    void aDataSourceWithoutAUsableUrlSaysSo() {
        assertThatThrownBy(dataSource::getConnection).hasMessage("BAD_ARGUMENTS: SluiceDataSource: the url is not set");
        dataSource.setUrl("jdbc:sqlite:/tmp/app.db");
        assertThatThrownBy(dataSource::getConnection)
                .hasMessage("BAD_ARGUMENTS: SluiceDataSource: 'jdbc:sqlite:/tmp/app.db' is not a Sluice URL "
                        + "(jdbc:sluice:<target>)");
    }

    @Test
    void logWriterAndTimeoutsBehave() throws Exception {
        PrintWriter writer = new PrintWriter(new StringWriter());
        dataSource.setLogWriter(writer);

        assertThat(dataSource.getLogWriter()).isSameAs(writer);
        assertThatThrownBy(() -> dataSource.setLoginTimeout(-1))
                .hasMessage("BAD_ARGUMENTS: setLoginTimeout: the timeout must be 0 (none) or more seconds, not -1");
        assertThatThrownBy(dataSource::getParentLogger)
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluiceDataSource.getParentLogger is not supported by Sluice");
        assertThat(dataSource.unwrap(SluiceDataSource.class)).isSameAs(dataSource);
        assertThat(dataSource.isWrapperFor(javax.sql.DataSource.class)).isTrue();
    }
}

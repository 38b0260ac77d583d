package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Credentials in a target URL's query string do not take part in naming its engine. */
class EnginesCredentialsTest {
    @Test
    void userAndPasswordLeaveTheQueryStringAndEverythingElseStays() {
        assertThat(Engines.withoutCredentials("postgresql://db/app?user=a&password=b")).isEqualTo("postgresql://db/app");
        assertThat(Engines.withoutCredentials("postgresql://db/app?USER=a&ssl=true&password=")).isEqualTo("postgresql://db/app?ssl=true");
        assertThat(Engines.withoutCredentials("mariadb://db/app?useServerPrepStmts=true")).isEqualTo("mariadb://db/app?useServerPrepStmts=true");
        assertThat(Engines.withoutCredentials("sqlite:/tmp/app.db")).isEqualTo("sqlite:/tmp/app.db");
    }
}

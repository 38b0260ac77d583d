package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers the tests run against, and the one rule for when one is missing: on a
 * developer machine the test is skipped with a message saying which server and how to start it; with the
 * environment variable {@code CI=true} it fails, so that CI never passes by skipping.
 */
final class TestServers {
    static final String POSTGRES_TARGET = "postgresql://127.0.0.1:5432/test";
    static final String MARIADB_TARGET = "mariadb://127.0.0.1:3306/test";

    private static final Map<String, Boolean> REACHABLE = new ConcurrentHashMap<>();

    private TestServers() {}

    static Properties postgresProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return properties;
    }

    static Properties mariadbProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", "root");
        properties.setProperty("password", "");
        return properties;
    }

    static void requirePostgres() {
        require("PostgreSQL", 5432, "start it with `sudo service postgresql start` (trust auth for 127.0.0.1, database `test`)");
    }

    static void requireMariaDb() {
        require("MariaDB", 3306, "start it with `sudo service mariadb start` (root with an empty password, database `test`)");
    }

    private static void require(String server, int port, String howToStart) {
        require(server, port, howToStart, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** Skips the calling test when the server is unreachable, or fails it when {@code ci}. */
    static void require(String server, int port, String howToStart, boolean ci) {
        boolean reachable = REACHABLE.computeIfAbsent(server + ":" + port, name -> canConnect(port));
        if (reachable) {
            return;
        }
        String message = server + " is not reachable on 127.0.0.1:" + port + "; " + howToStart;
        if (ci) {
            fail("CI=true and " + message);
        }
        Assumptions.abort("Skipped: " + message);
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

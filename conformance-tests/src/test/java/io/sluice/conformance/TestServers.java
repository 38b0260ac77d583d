package io.sluice.conformance;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers the conformance tests run against, and the one rule for when one is missing:
 * on a developer machine the test is skipped with a message saying which server and how to start it; with
 * the environment variable {@code CI=true} it fails, so that CI never passes by skipping.
 */
public final class TestServers {
    /** PostgreSQL: trust authentication for 127.0.0.1, database {@code test}. */
    public static final String POSTGRES_TARGET = "postgresql://127.0.0.1:5432/test";
    /** MariaDB: root with an empty password, database {@code test}. */
    public static final String MARIADB_TARGET = "mariadb://127.0.0.1:3306/test";

    private static final Map<String, Boolean> REACHABLE = new ConcurrentHashMap<>();

    private TestServers() {}

    /** The target driver's properties for {@link #POSTGRES_TARGET}. */
    public static Properties postgresProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return properties;
    }

    /** The target driver's properties for {@link #MARIADB_TARGET}. */
    public static Properties mariadbProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", "root");
        properties.setProperty("password", "");
        return properties;
    }

    /** Skips the calling test when PostgreSQL is unreachable, or fails it when {@code CI=true}. */
    public static void requirePostgres() {
        require("PostgreSQL", 5432, "start it with `sudo service postgresql start` (trust auth for 127.0.0.1, database `test`)");
    }

    /** Skips the calling test when MariaDB is unreachable, or fails it when {@code CI=true}. */
    public static void requireMariaDb() {
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

package io.sluice.crash;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database server the tests run against, and the one rule for when it is missing: on a developer
 * machine the test is skipped with a message saying which server and how to start it; with the environment
 * variable {@code CI=true} it fails, so that CI never passes by skipping.
 */
final class TestServers {
    static final String POSTGRES_HOST = "127.0.0.1";
    static final int POSTGRES_PORT = 5432;
    static final String POSTGRES_DATABASE = "test";
    static final String POSTGRES_USER = "postgres";
    static final String MARIADB_HOST = "127.0.0.1";
    static final int MARIADB_PORT = 3306;
    static final String MARIADB_DATABASE = "test";
    static final String MARIADB_USER = "root";

    private static final Map<String, Boolean> REACHABLE = new ConcurrentHashMap<>();

    private TestServers() {}

    /** {@code postgresql://host:port/test?user=postgres}, the target part of a URL, through {@code port}. */
    static String postgresTarget(int port) {
        return "postgresql://" + POSTGRES_HOST + ":" + port + "/" + POSTGRES_DATABASE + "?user=" + POSTGRES_USER;
    }

    static void requirePostgres() {
        boolean reachable = REACHABLE.computeIfAbsent("postgres", name -> canConnect(POSTGRES_PORT));
        if (reachable) {
            return;
        }
        String message = "PostgreSQL is not reachable on " + POSTGRES_HOST + ":" + POSTGRES_PORT
                + "; start it with `sudo service postgresql start` (trust auth for 127.0.0.1, database `test`)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort("Skipped: " + message);
    }

    /** {@code mariadb://host:port/test?user=root}, the target part of a URL, through {@code port}. */
    static String mariadbTarget(int port) {
        return "mariadb://" + MARIADB_HOST + ":" + port + "/" + MARIADB_DATABASE + "?user=" + MARIADB_USER;
    }

    static void requireMariaDb() {
        boolean reachable = REACHABLE.computeIfAbsent("mariadb", name -> canConnect(MARIADB_PORT));
        if (reachable) {
            return;
        }
        String message = "MariaDB is not reachable on " + MARIADB_HOST + ":" + MARIADB_PORT
                + "; start it with `sudo service mariadb start` (user root without password, database `test`)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort("Skipped: " + message);
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(POSTGRES_HOST, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

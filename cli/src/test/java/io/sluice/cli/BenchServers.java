package io.sluice.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The database servers the benchmark's integration tests run against, and the rule for when one is
 * missing: on a developer machine the test is skipped with a message saying which server and how to start
 * it; with the environment variable {@code CI=true} it fails, so that CI never passes by skipping.
 */
final class BenchServers {
    static final String POSTGRES_TARGET = "postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIADB_TARGET = "mariadb://127.0.0.1:3306/test?user=root&password=";

    private BenchServers() {}

    static void requirePostgres() {
        require("PostgreSQL", 5432, "start it with `sudo service postgresql start` (trust auth for 127.0.0.1, database `test`)");
    }

    static void requireMariaDb() {
        require("MariaDB", 3306, "start it with `sudo service mariadb start` (root with an empty password, database `test`)");
    }

    private static void require(String server, int port, String howToStart) {
        if (canConnect(port)) {
            return;
        }
        String message = server + " is not reachable on 127.0.0.1:" + port + "; " + howToStart;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
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

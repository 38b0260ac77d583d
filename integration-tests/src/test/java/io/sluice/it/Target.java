package io.sluice.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A database an application runs on, reached two ways: through its own driver's URL, and through the
 * same URL with {@code sluice:} after {@code jdbc:} — the one change an application makes. SQLite gets a
 * new file per instance; the servers are the real ones on this machine. A missing server skips the test
 * with a message on a developer machine and fails it with {@code CI=true}.
 */
public enum Target {
    SQLITE(null, 0),
    POSTGRESQL("PostgreSQL", 5432),
    MARIADB("MariaDB", 3306);

    private final String server;
    private final int port;

    Target(String server, int port) {
        this.server = server;
        this.port = port;
    }

    /** One use of the target by a test: its URLs, and the tables it made, dropped by {@link #close}. */
    public final class Use implements AutoCloseable {
        public final String plainUrl;
        public final List<String> tables = new ArrayList<>();

        private Use(String plainUrl) {
            this.plainUrl = plainUrl;
        }

        public Target target() {
            return Target.this;
        }

        /** The application's URL with Sluice in it, plus any Sluice settings as URL parameters. */
        public String sluiceUrl(String settings) {
            String url = "jdbc:sluice:" + plainUrl.substring("jdbc:".length());
            if (settings == null || settings.isEmpty()) {
                return url;
            }
            return url + (url.contains("?") ? "&" : "?") + settings;
        }

        public Properties properties() {
            Properties properties = new Properties();
            if (Target.this == POSTGRESQL) {
                properties.setProperty("user", "postgres");
            } else if (Target.this == MARIADB) {
                properties.setProperty("user", "root");
                properties.setProperty("password", "");
            }
            return properties;
        }

        public String user() {
            return properties().getProperty("user");
        }

        public String password() {
            return properties().getProperty("password");
        }

        /** A HikariCP pool over {@code url} (the plain one or a Sluice one), as an application configures it. */
        public com.zaxxer.hikari.HikariDataSource pool(String url, int size) {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user());
            config.setPassword(password());
            config.setMaximumPoolSize(size);
            return new com.zaxxer.hikari.HikariDataSource(config);
        }

        /**
         * A pool as {@link #pool}, with all {@code size} connections open before it is returned: a timed round
         * then never waits for the pool to connect.
         */
        public com.zaxxer.hikari.HikariDataSource filledPool(String url, int size) throws SQLException {
            com.zaxxer.hikari.HikariDataSource pool = pool(url, size);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < size; i++) {
                    held.add(pool.getConnection());
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
            return pool;
        }

        /** Removes every row of {@code table}, through the target's own driver. */
        public void empty(String table) throws SQLException {
            execute((Target.this == SQLITE ? "DELETE FROM " : "TRUNCATE TABLE ") + table);
        }

        /** A table name no other test uses, remembered for dropping. */
        public String table(String prefix) {
            String name = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
            tables.add(name);
            return name;
        }

        /** A connection through the target's own driver, never through Sluice. */
        public Connection plain() throws SQLException {
            return DriverManager.getConnection(plainUrl, properties());
        }

        /** A connection through the Sluice URL, e.g. to read the engine's system tables. */
        public Connection sluice(String settings) throws SQLException {
            return DriverManager.getConnection(sluiceUrl(settings), properties());
        }

        /**
         * Connections the server has accepted so far (MariaDB's {@code Connections} status, PostgreSQL's
         * {@code sessions} of database test, counted once a session ends), read through the target's own driver;
         * -1 on SQLite. Server-wide: another client's connections count too.
         */
        public long connectionsAccepted() throws SQLException {
            switch (Target.this) {
                case MARIADB:
                    return Long.parseLong(rows("SHOW GLOBAL STATUS LIKE 'Connections'").get(0).split("\\|")[1]);
                case POSTGRESQL:
                    return Long.parseLong(rows("SELECT sessions FROM pg_stat_database WHERE datname = current_database()").get(0));
                default:
                    return -1;
            }
        }

        /**
         * {@code side}, counting in {@code opened[0]} the connections the server accepted during its timed work
         * (each reading's own connection taken off); the counting happens in the untimed parts of each round.
         */
        public Ratios.Side countingConnections(Ratios.Side side, long[] opened) {
            long[] start = new long[1];
            return Ratios.Side.of(() -> {
                side.prepare();
                start[0] = connectionsAccepted();
            }, side::work, () -> {
                if (start[0] >= 0) {
                    opened[0] += connectionsAccepted() - start[0] - 1;
                }
                side.check();
            });
        }

        /** {@link Ratios#flushLog} through a Sluice connection of its own. */
        public long[] flushLog(String settings, String table) throws SQLException {
            try (Connection connection = sluice(settings)) {
                return Ratios.flushLog(connection, table);
            }
        }

        public void execute(String sql) throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** The rows of a query, read through the target's own driver, each row's columns joined by '|'. */
        public List<String> rows(String sql) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Connection connection = plain();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            row.append('|');
                        }
                        row.append(result.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }

        public long count(String table) throws SQLException {
            return Long.parseLong(rows("SELECT COUNT(*) FROM " + table).get(0));
        }

        @Override
        public void close() throws SQLException {
            if (Target.this == SQLITE) {
                return;
            }
            for (String table : tables) {
                execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** Every target in both acknowledgement modes: waiting for the flush, and fire-and-forget. */
    public static java.util.List<org.junit.jupiter.params.provider.Arguments> inBothModes() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> cases = new ArrayList<>();
        for (Target target : values()) {
            cases.add(org.junit.jupiter.params.provider.Arguments.of(target, "wait_for_async_insert=1"));
            cases.add(org.junit.jupiter.params.provider.Arguments.of(target, "wait_for_async_insert=0"));
        }
        return cases;
    }

    /** Opens a use of this target, skipping or failing the test when its server is not running. */
    public Use open(Path directory) throws IOException {
        switch (this) {
            case SQLITE:
                Path file = Files.createTempFile(directory, "app", ".db");
                // An application sharing one SQLite file between threads sets a busy timeout, as here.
                return new Use("jdbc:sqlite:" + file + "?busy_timeout=60000");
            case POSTGRESQL:
                require();
                return new Use("jdbc:postgresql://127.0.0.1:5432/test");
            default:
                require();
                return new Use("jdbc:mariadb://127.0.0.1:3306/test");
        }
    }

    private void require() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return;
        } catch (IOException e) {
            String message = server + " is not reachable on 127.0.0.1:" + port;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            Assumptions.abort("Skipped: " + message);
        }
    }
}

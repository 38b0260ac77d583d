package io.sluice.conformance;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storages the conformance suite runs every scenario against. Each gives a scenario a fresh, empty
 * database of its own, as a new SQLite file does: a schema of its own on PostgreSQL (selected with
 * pgjdbc's {@code currentSchema}), a database of its own on MariaDB, both named
 * {@code sluice_scenario_<run>_<n>} and dropped when the scenario ends. Scenarios therefore keep their
 * short table names ({@code t}) and never meet another run's tables, even when several runs share a
 * server; they name the database through {@code ${database}}.
 */
enum ScenarioStorage {
    /** A new SQLite file per scenario; the database is SQLite's {@code main}. */
    SQLITE("sqlite", "SQLite") {
        @Override
        void require() {
            // Embedded: always there.
        }

        @Override
        Target open(Path folder) {
            return new Target("jdbc:sluice:sqlite:" + folder.resolve("scenario.db"), "main", () -> {});
        }
    },
    /** A new schema per scenario in PostgreSQL's database {@code test}. */
    POSTGRESQL("postgresql", "PostgreSQL") {
        @Override
        void require() {
            TestServers.requirePostgres();
        }

        @Override
        Target open(Path folder) throws SQLException {
            String schema = newName();
            String admin = "jdbc:" + TestServers.POSTGRES_TARGET;
            execute(admin, TestServers.postgresProperties(), "CREATE SCHEMA " + schema);
            return new Target("jdbc:sluice:" + TestServers.POSTGRES_TARGET + "?user=postgres&currentSchema=" + schema, schema,
                    () -> execute(admin, TestServers.postgresProperties(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
        }
    },
    /** A new database per scenario on MariaDB. */
    MARIADB("mariadb", "MariaDB") {
        @Override
        void require() {
            TestServers.requireMariaDb();
        }

        @Override
        Target open(Path folder) throws SQLException {
            String database = newName();
            String admin = "jdbc:" + TestServers.MARIADB_TARGET;
            execute(admin, TestServers.mariadbProperties(), "CREATE DATABASE " + database);
            String server = TestServers.MARIADB_TARGET.substring(0, TestServers.MARIADB_TARGET.lastIndexOf('/') + 1);
            return new Target("jdbc:sluice:" + server + database + "?user=root", database,
                    () -> execute(admin, TestServers.mariadbProperties(), "DROP DATABASE IF EXISTS " + database));
        }
    };

    /** One run of the suite: its databases share this part of their names. */
    private static final String RUN = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String id;
    private final String displayName;

    ScenarioStorage(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The name a scenario's {@code -- storages:} header uses. */
    String id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    /** Skips the calling test when the storage's server is unreachable, or fails it when {@code CI=true}. */
    abstract void require();

    /**
     * Creates a fresh database for one scenario.
     *
     * @param folder a folder of the scenario's own, for files
     */
    abstract Target open(Path folder) throws SQLException;

    /** The storage named {@code id}, or {@code null}. */
    static ScenarioStorage byId(String id) {
        for (ScenarioStorage storage : values()) {
            if (storage.id.equals(id.toLowerCase(Locale.ROOT))) {
                return storage;
            }
        }
        return null;
    }

    private static String newName() {
        return "sluice_scenario_" + RUN + "_" + DATABASES.incrementAndGet();
    }

    private static void execute(String url, Properties properties, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops what {@link #open} created. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws SQLException;
    }

    /**
     * A scenario's database.
     *
     * @param url the Sluice URL of every connection, before the scenario's own parameters (it may carry
     *     parameters of the target driver already)
     * @param database the name the engine gives the database, which {@code ${database}} stands for
     * @param cleanup drops the database; run after every engine on it is closed
     */
    record Target(String url, String database, Cleanup cleanup) implements AutoCloseable {
        /** The URL with Sluice settings {@code parameters} ({@code a=1&b=2}) added. */
        String url(String parameters) {
            if (parameters.isEmpty()) {
                return url;
            }
            return url + (url.indexOf('?') >= 0 ? "&" : "?") + parameters;
        }

        @Override
        public void close() throws SQLException {
            cleanup.run();
        }
    }
}

package io.sluice.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/** A database the harness inserts into through Sluice and checks with the plain driver. */
abstract class CrashTarget {
    /** The table of this run. */
    final String table;
    /** The directory for this run's files (the WAL's, when the target does not supply one). */
    final Path directory;

    CrashTarget(String table, Path directory) {
        this.table = table;
        this.directory = directory;
    }

    /** {@code sqlite} or {@code postgresql}. */
    abstract String name();

    /** The Sluice URL with the given settings ({@code a=1&b=2}). */
    abstract String sluiceUrl(String settings);

    /** A plain JDBC connection to the target, not through Sluice. */
    abstract Connection plain() throws SQLException;

    /** Creates this run's table. */
    abstract void createTable() throws SQLException;

    /** Drops this run's table and its ledger rows. */
    abstract void dropTable() throws SQLException;

    @Override
    public String toString() {
        return name();
    }

    /** An SQLite file in the run's directory; the wal buffer keeps its segments beside it. */
    static final class Sqlite extends CrashTarget {
        final Path file;

        Sqlite(Path directory) {
            super("crash_rows", directory);
            this.file = directory.resolve("crash.db");
        }

        @Override
        String name() {
            return "sqlite";
        }

        @Override
        String sluiceUrl(String settings) {
            return "jdbc:sluice:sqlite:" + file + (settings.isEmpty() ? "" : "?" + settings);
        }

        @Override
        Connection plain() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        }

        @Override
        void createTable() throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                // Sluice's own journal mode, set up front: switching later would need the lock a test may be holding.
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, grp INTEGER NOT NULL, n INTEGER NOT NULL,"
                        + " payload TEXT NOT NULL)");
                statement.execute("CREATE INDEX " + table + "_id ON " + table + " (id)");
            }
        }

        @Override
        void dropTable() {
            // The file lives in the test's temporary directory.
        }
    }

    /** A fresh table in PostgreSQL's database {@code test}; the WAL lives in the run's directory. */
    static final class Postgres extends CrashTarget {
        private final int port;

        /** Through {@code port}: PostgreSQL's own, or a proxy's in front of it. */
        Postgres(Path directory, int port) {
            super("crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT), directory);
            this.port = port;
        }

        Postgres(Path directory) {
            this(directory, TestServers.POSTGRES_PORT);
        }

        @Override
        String name() {
            return "postgresql";
        }

        @Override
        String sluiceUrl(String settings) {
            String wal = "async_insert_wal_directory=" + directory.resolve("wal");
            return "jdbc:sluice:" + TestServers.postgresTarget(port) + "&" + wal + (settings.isEmpty() ? "" : "&" + settings);
        }

        @Override
        Connection plain() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", TestServers.POSTGRES_USER);
            return DriverManager.getConnection("jdbc:postgresql://" + TestServers.POSTGRES_HOST + ":" + TestServers.POSTGRES_PORT + "/"
                    + TestServers.POSTGRES_DATABASE, properties);
        }

        @Override
        void createTable() throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, grp BIGINT NOT NULL, n INTEGER NOT NULL,"
                        + " payload TEXT NOT NULL)");
                statement.execute("CREATE INDEX " + table + "_id ON " + table + " (id)");
            }
        }

        @Override
        void dropTable() throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                DatabaseMetaData meta = connection.getMetaData();
                try (ResultSet ledger = meta.getTables(null, null, "sluice_ledger", null)) {
                    if (ledger.next()) {
                        statement.execute("DELETE FROM sluice_ledger WHERE table_name LIKE '%." + table + "'");
                    }
                }
            }
        }
    }

    /** A fresh table in MariaDB's database {@code test}; the WAL lives in the run's directory. */
    static final class MariaDb extends CrashTarget {
        private final int port;

        /** Through {@code port}: MariaDB's own, or a proxy's in front of it. */
        MariaDb(Path directory, int port) {
            super("crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT), directory);
            this.port = port;
        }

        @Override
        String name() {
            return "mariadb";
        }

        @Override
        String sluiceUrl(String settings) {
            String wal = "async_insert_wal_directory=" + directory.resolve("wal");
            return "jdbc:sluice:" + TestServers.mariadbTarget(port) + "&" + wal + (settings.isEmpty() ? "" : "&" + settings);
        }

        @Override
        Connection plain() throws SQLException {
            return DriverManager.getConnection("jdbc:" + TestServers.mariadbTarget(TestServers.MARIADB_PORT));
        }

        @Override
        void createTable() throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, grp BIGINT NOT NULL, n INTEGER NOT NULL,"
                        + " payload TEXT NOT NULL, KEY " + table + "_id (id)) ENGINE=InnoDB");
            }
        }

        @Override
        void dropTable() throws SQLException {
            try (Connection connection = plain(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                try (ResultSet ledger = connection.getMetaData().getTables("test", null, "sluice_ledger", null)) {
                    if (ledger.next()) {
                        statement.execute("DELETE FROM sluice_ledger WHERE table_name LIKE '%." + table + "'");
                    }
                }
            }
        }
    }
}

package io.sluice.plugin.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Writes parts into any JDBC database through a HikariCP pool, or through the application's own
 * {@link DataSource} when Sluice wraps one. Each {@link #writeParts} call borrows one connection and writes
 * every part in one transaction (with autocommit off: writes commit, reads roll back; a connection of the
 * application's comes back with autocommit as it was), using the {@link Dialect}'s bulk path; a small part
 * written alone goes in one round trip that also commits it ({@link JdbcLedger#commitWithRows}). Table shapes
 * come from {@link java.sql.DatabaseMetaData} on every call: the engine caches them. Pass-through
 * connections from {@link #openConnection()} are not from the write pool. Thread-safe: all state is the
 * pool (or data source), the immutable dialect and the ledger's created flag.
 */
final class JdbcStorage implements Storage {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String url;
    private final Properties properties;
    /** Sluice's own pool, or {@code null} when the connections are the application's. */
    private final HikariDataSource pool;
    /** Where connections come from: {@link #pool}, or the application's data source (never closed here). */
    private final DataSource source;
    private final Dialect dialect;
    private final String defaultDatabase;
    private final JdbcLedger ledger;
    private final int networkTimeoutMillis;
    /** The most writes of one table that overlap usefully: one per connection of the pool. */
    private final int concurrentWrites;
    private volatile boolean closed;

    /**
     * Opens the pool and one connection to learn the dialect and the default database.
     *
     * @param target the target JDBC URL without {@code jdbc:}
     * @param targetProperties the target driver's properties, passed to it untouched
     * @param dataSource the application's data source to take every connection from instead of a pool of
     *     Sluice's own (the pool settings then do not apply), or {@code null}
     * @throws SQLException the driver's error when the database cannot be reached
     */
    JdbcStorage(JdbcSettings settings, String target, Properties targetProperties, DataSource dataSource) throws SQLException {
        this.url = "jdbc:" + target;
        this.properties = new Properties();
        this.properties.putAll(targetProperties);
        this.networkTimeoutMillis = (int) settings.networkTimeoutMillis();
        // With the application's data source its size is unknown: jdbc_pool_size (4 by default) stands for it.
        this.concurrentWrites = settings.poolSize();
        this.pool = dataSource == null ? openPool(poolConfig(settings)) : null;
        this.source = dataSource == null ? pool : dataSource;
        try (Lease lease = borrow()) {
            Connection connection = lease.connection();
            this.dialect = chooseDialect(settings, connection, url, properties);
            this.defaultDatabase = dialect.defaultDatabase(connection);
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw e;
        }
        this.ledger = defaultDatabase == null || defaultDatabase.isEmpty() ? null : new JdbcLedger(dialect, defaultDatabase);
    }

    private HikariConfig poolConfig(JdbcSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sluice-jdbc-" + POOLS.incrementAndGet());
        config.setJdbcUrl(url);
        config.setDataSourceProperties(writeProperties(url, properties));
        config.setAutoCommit(false);
        config.setMaximumPoolSize(settings.poolSize());
        // Grow with load, shrink back after the idle timeout: an idle engine holds one connection.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        config.setIdleTimeout(settings.idleTimeoutMillis());
        config.setMaxLifetime(settings.maxLifetimeMillis());
        return config;
    }

    /**
     * The properties of Sluice's write pool: the target's, and for MariaDB Connector/J and MySQL Connector/J
     * {@code allowMultiQueries=true} unless the target sets it, so that a small part's ledger ids, rows and COMMIT
     * go in one round trip ({@link Dialect.OneTrip#MULTI_STATEMENT}). Sluice's statements bind every value, so the
     * option lets no value's text run as a statement; pass-through connections keep the target's properties as given.
     */
    static Properties writeProperties(String url, Properties target) {
        Properties properties = new Properties();
        properties.putAll(target);
        if ((url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) && !properties.containsKey("allowMultiQueries")
                && !url.contains("allowMultiQueries")) {
            properties.setProperty("allowMultiQueries", "true");
        }
        return properties;
    }

    /** A connection for writes and reads, with autocommit off until it is given back. */
    private record Lease(Connection connection, boolean restoreAutoCommit) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                if (restoreAutoCommit) {
                    connection.setAutoCommit(true);
                }
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Borrows a connection: from Sluice's pool (which hands them out with autocommit off), or from the
     * application's data source, switching autocommit off for Sluice's transaction and back on return.
     */
    /**
     * A connection for one write or metadata read. From Sluice's own pool, its reads give up after
     * {@code jdbc_network_timeout_ms} (HikariCP restores the driver's timeout when it comes back): a database
     * that stops answering fails the write, which is then retried on another connection, instead of hanging
     * its table's flushes. A connection of the application's DataSource is left as configured.
     */
    private Lease borrow() throws SQLException {
        Connection connection = source.getConnection();
        if (pool != null && networkTimeoutMillis > 0) {
            try {
                connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            } catch (java.sql.SQLFeatureNotSupportedException unsupported) {
                // A driver that cannot bound its waits: writes wait as long as the driver does.
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        if (pool != null || !connection.getAutoCommit()) {
            return new Lease(connection, false);
        }
        try {
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new Lease(connection, true);
    }

    private HikariDataSource openPool(HikariConfig config) throws SQLException {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw new SluiceSqlException(ErrorCode.NETWORK_ERROR, "Cannot connect to " + redacted(), e.getCause());
        } catch (RuntimeException e) {
            // HikariCP's way of saying that no registered driver accepts the URL.
            // Its message quotes the whole URL, user info included: not repeated here.
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "No JDBC driver on the class path accepts " + redacted()
                    + ": add the target database's driver to the application");
        }
    }

    private static Dialect chooseDialect(JdbcSettings settings, Connection connection, String url, Properties properties) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String kind = settings.dialect();
        if (kind.equals("auto")) {
            String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
            kind = lower.contains("postgres") ? "postgresql" : lower.contains("mariadb") || lower.contains("mysql") ? "mariadb" : "generic";
        }
        switch (kind) {
            case "postgresql" -> {
                boolean copy;
                try {
                    copy = PgCopy.available(connection);
                } catch (LinkageError noPgjdbc) {
                    copy = false;
                }
                return new PostgresDialect(copy, connection.getMetaData().getDatabaseMajorVersion());
            }
            case "mariadb" -> {
                long packet;
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT @@max_allowed_packet")) {
                    rows.next();
                    packet = rows.getLong(1);
                }
                return new MariaDbDialect(MariaDbDialect.statementBytes(settings.maxStatementBytes(), packet), packet,
                        MariaDbDialect.runsMultiStatements(connection), MariaDbDialect.sendsBatchesInBulk(connection, url, properties));
            }
            default -> {
                return GenericDialect.of(connection);
            }
        }
    }

    /** MariaDB and MySQL (the {@code mariadb} dialect) take {@code INSERT … VALUE} and {@code INSERT … SET}. */
    @Override
    public boolean acceptsMySqlInsertForms() {
        return dialect.mysqlFamily();
    }

    /** Whether a write of {@code part} alone takes one round trip ({@link JdbcLedger#commitWithRows}). */
    boolean ledgerRecordsWithRows(Part part) {
        return ledger != null && ledger.recordsWithRows(part);
    }

    /** The dialect chosen for the target. */
    Dialect dialect() {
        return dialect;
    }

    @Override
    public String defaultDatabase() {
        return defaultDatabase == null ? "" : defaultDatabase;
    }

    @Override
    public Optional<TableInfo> table(String database, String table) throws SQLException {
        checkOpen();
        String namespace = database == null ? defaultDatabase : database;
        if (namespace == null || namespace.isEmpty()) {
            throw new SluiceSqlException(ErrorCode.UNKNOWN_DATABASE, "Table " + table
                    + " names no database and the target URL selects none: " + redacted());
        }
        try (Lease lease = borrow()) {
            Connection connection = lease.connection();
            try {
                return TableReader.read(connection, dialect, namespace, table);
            } finally {
                rollbackQuietly(connection, null);
            }
        }
    }

    /**
     * The pool's size: a server (PostgreSQL, MariaDB…) runs that many of a table's writes side by side on their
     * connections and groups their commits, as it does for the application's own autocommit INSERTs.
     */
    @Override
    public int concurrentWrites() {
        return concurrentWrites;
    }

    @Override
    public boolean supportsLedger() {
        return true;
    }

    @Override
    public Set<String> writePart(Part part) throws SQLException {
        return writeParts(List.of(part));
    }

    @Override
    public Set<String> writeParts(List<Part> parts) throws SQLException {
        checkOpen();
        if (parts.isEmpty()) {
            return Set.of();
        }
        boolean ledgerNeeded = false;
        for (Part part : parts) {
            ledgerNeeded |= !part.blocks().isEmpty();
        }
        if (ledgerNeeded && ledger == null) {
            throw new SluiceSqlException(ErrorCode.UNKNOWN_DATABASE,
                    "The ledger lives in the target's default database, and the target URL selects none: " + redacted());
        }
        try (Lease lease = borrow()) {
            Connection connection = lease.connection();
            if (ledgerNeeded) {
                ledger.ensureCreated(connection);
            }
            Set<String> skipped = ledgerNeeded ? new HashSet<>() : Set.of();
            try {
                boolean optimistic = true;
                if (parts.size() == 1 && ledgerNeeded && ledger.recordsWithRows(parts.get(0))) {
                    // A small part alone: its ids, rows and commit in one round trip.
                    try {
                        ledger.commitWithRows(connection, parts.get(0));
                        return skipped;
                    } catch (JdbcLedger.OwnIdsRecorded recordedBefore) {
                        // Written before (its first write's outcome was lost), or the table's own key refused a row:
                        // written again in a transaction, looking every id up.
                        connection.rollback();
                        optimistic = false;
                    }
                }
                try {
                    insertAll(connection, parts, skipped, optimistic);
                } catch (JdbcLedger.OwnIdsRecorded recordedBefore) {
                    // A part written a second time (its first write's outcome was lost) found its own ids recorded:
                    // once more, looking every id up, so that its blocks are skipped.
                    connection.rollback();
                    skipped.clear();
                    insertAll(connection, parts, skipped, false);
                }
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                if (pool != null && e instanceof SQLException sql && ErrorClassifier.sessionLost(sql)) {
                    // pgjdbc's COPY runs on the unwrapped connection, so HikariCP never sees its error and would hand the
                    // dead connection to the next write (it checks liveness only after 500 ms idle): evict it now.
                    pool.evictConnection(connection);
                }
                throw e;
            }
            return skipped;
        }
    }

    /** Writes every part in the connection's transaction, consulting the ledger for the parts with blocks. */
    private void insertAll(Connection connection, List<Part> parts, Set<String> skipped, boolean optimistic) throws SQLException {
        for (Part part : parts) {
            if (part.blocks().isEmpty()) {
                insertRows(connection, part);
            } else if (optimistic && ledger.recordsWithRows(part)) {
                ledger.recordWithRows(connection, part);
            } else {
                insertRows(connection, ledger.filter(connection, part, skipped, optimistic));
            }
        }
    }

    /**
     * Reads the ledger on a connection of the pool's (not the failed write's, which the pool evicts), in a
     * transaction of its own that is rolled back.
     */
    @Override
    public Set<String> committedBlocks(Part part) throws SQLException {
        checkOpen();
        if (part.blocks().isEmpty()) {
            return Set.of();
        }
        if (ledger == null) {
            throw new SluiceSqlException(ErrorCode.UNKNOWN_DATABASE,
                    "The ledger lives in the target's default database, and the target URL selects none: " + redacted());
        }
        try (Lease lease = borrow()) {
            Connection connection = lease.connection();
            ledger.ensureCreated(connection);
            try {
                return ledger.recordedBy(connection, part);
            } finally {
                rollbackQuietly(connection, null);
            }
        }
    }

    /**
     * Writes every row through the caller's connection in its current transaction, with the dialect's bulk
     * path. Ledger blocks are not consulted (a user's transaction writes what it is given, as in the SQLite
     * storage), and nothing is committed or rolled back here.
     */
    @Override
    public void writeRows(Connection connection, Part part) throws SQLException {
        checkOpen();
        insertRows(connection, part);
    }

    private void insertRows(Connection connection, Part part) throws SQLException {
        DefaultRuns.forEach(part, (written, from, to) -> dialect.insert(connection, part, written, from, to));
    }

    /**
     * A new connection straight from the target's driver ({@link DriverManager}), with the target properties
     * and the driver's defaults (autocommit on): not from the write pool, so that long-lived user sessions
     * never starve the writers and their session state (SET, temporary tables, an open transaction) never
     * reaches Sluice's writes. The caller owns it and closes it; an application that wants pooling pools its
     * Sluice connections. With the application's data source, a connection from it, as the application
     * configured it.
     */
    @Override
    public Connection openConnection() throws SQLException {
        checkOpen();
        return pool == null ? source.getConnection() : DriverManager.getConnection(url, properties);
    }

    @Override
    public ErrorKind classify(SQLException error) {
        return ErrorClassifier.classify(error, dialect);
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is likely broken; HikariCP evicts it. The original failure is what matters.
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The jdbc storage for " + redacted() + " is closed");
        }
    }

    private String redacted() {
        return redact(url);
    }

    /** The URL without what may hold a password: its query string and any {@code user:password@}. */
    static String redact(String url) {
        int query = url.indexOf('?');
        String kept = query < 0 ? url : url.substring(0, query) + "?…";
        int authority = kept.indexOf("//");
        int at = authority < 0 ? -1 : kept.indexOf('@', authority);
        int slash = authority < 0 ? -1 : kept.indexOf('/', authority + 2);
        if (at >= 0 && (slash < 0 || at < slash)) {
            kept = kept.substring(0, authority + 2) + "…@" + kept.substring(at + 1);
        }
        return kept;
    }

    /**
     * Closes Sluice's pool and its connections; writes in progress fail. The application's data source is
     * left open: it is the application's. Calling it again does nothing.
     */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }
}

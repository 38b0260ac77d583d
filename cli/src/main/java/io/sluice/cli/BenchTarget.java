package io.sluice.cli;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The database the benchmark writes to, and what differs between databases: the table's DDL, the plain
 * JDBC URL of the baselines, and the target's best bulk load (SQLite: one prepared-statement batch in one
 * transaction; PostgreSQL: {@code COPY FROM STDIN} through pgjdbc's {@code CopyManager}; MariaDB: multi-row
 * INSERTs in one transaction). The target drivers are found at run time through {@link DriverManager};
 * pgjdbc's copy API is called reflectively because pgjdbc is not a compile dependency of the command line.
 *
 * <p>Not thread-safe; one instance serves one run.
 */
final class BenchTarget implements AutoCloseable {
    static final int MARIADB_ROWS_PER_STATEMENT = 1_000;
    private static final int SQLITE_BATCH_CHUNK = 10_000;

    /** The kinds of target. */
    enum Kind {
        SQLITE("SQLite", "sqlite:"),
        POSTGRESQL("PostgreSQL", "postgresql:"),
        MARIADB("MariaDB", "mariadb:");

        final String label;
        final String prefix;

        Kind(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }
    }

    /**
     * A target as given on the command line: {@code sqlite:PATH}, {@code postgresql://host:port/db?…} or
     * {@code mariadb://host:port/db?…} (a leading {@code jdbc:} or {@code jdbc:sluice:} is accepted), or a
     * fresh SQLite file in a temporary directory when {@code target} is {@code null}.
     */
    record Spec(Kind kind, String target) {
        static Spec temporarySqlite() {
            return new Spec(Kind.SQLITE, null);
        }

        static Spec parse(String text) throws UsageException {
            String target = text.trim();
            for (String prefix : List.of("jdbc:sluice:", "jdbc:")) {
                if (target.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    target = target.substring(prefix.length());
                    break;
                }
            }
            String lower = target.toLowerCase(Locale.ROOT);
            for (Kind kind : Kind.values()) {
                if (lower.startsWith(kind.prefix)) {
                    String rest = target.substring(kind.prefix.length());
                    if (rest.isEmpty() || (kind != Kind.SQLITE && !rest.startsWith("//"))) {
                        break;
                    }
                    if (kind == Kind.SQLITE && (rest.contains("?") || rest.startsWith(":memory:"))) {
                        throw new UsageException("option --target of 'sluice bench': an SQLite target is a file path "
                                + "without parameters, not '" + rest + "'");
                    }
                    return new Spec(kind, kind.prefix + rest);
                }
            }
            throw new UsageException("option --target of 'sluice bench': '" + text + "' is not a target; expected "
                    + "sqlite:PATH, postgresql://HOST:PORT/DB?user=… or mariadb://HOST:PORT/DB?user=…");
        }

        /** The host and port of a server target. */
        record Endpoint(String host, int port) {
            @Override
            public String toString() {
                return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            }
        }

        /**
         * The one server a PostgreSQL or MariaDB target names: its host ({@code localhost} when the URL leaves
         * it out) and port (the kind's default when left out).
         *
         * @throws UsageException for SQLite, or a URL naming several servers or none in a form this understands
         */
        Endpoint endpoint() throws UsageException {
            int[] span = hostPortSpan();
            String hostPort = target.substring(span[0], span[1]);
            String host;
            String port;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0 || (close + 1 < hostPort.length() && hostPort.charAt(close + 1) != ':')) {
                    throw notOneServer();
                }
                host = hostPort.substring(1, close);
                port = close + 1 < hostPort.length() ? hostPort.substring(close + 2) : "";
            } else {
                int colon = hostPort.indexOf(':');
                if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                    throw notOneServer();
                }
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? "" : hostPort.substring(colon + 1);
            }
            if (host.isEmpty()) {
                host = "localhost";
            }
            if (port.isEmpty()) {
                return new Endpoint(host, kind == Kind.POSTGRESQL ? 5432 : 3306);
            }
            try {
                int number = Integer.parseInt(port);
                if (number >= 1 && number <= 65_535) {
                    return new Endpoint(host, number);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw notOneServer();
        }

        /** This target with its server's {@code HOST:PORT} replaced by {@code address} (e.g. a proxy's). */
        Spec via(String address) throws UsageException {
            int[] span = hostPortSpan();
            return new Spec(kind, target.substring(0, span[0]) + address + target.substring(span[1]));
        }

        /** Where the host and port are in {@link #target}: after {@code //} and any user information, up to the path. */
        private int[] hostPortSpan() throws UsageException {
            if (kind == Kind.SQLITE || target == null) {
                throw new UsageException("an SQLite target is a file; it has no server address");
            }
            int start = kind.prefix.length() + 2;
            int end = start;
            while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            int at = target.lastIndexOf('@', end - 1);
            if (at >= start) {
                start = at + 1;
            }
            String hostPort = target.substring(start, end);
            if (hostPort.indexOf(',') >= 0 || hostPort.indexOf('(') >= 0 || hostPort.indexOf('=') >= 0) {
                throw notOneServer();
            }
            return new int[] {start, end};
        }

        private UsageException notOneServer() {
            return new UsageException("option --latency-ms of 'sluice bench' needs a target naming one server as HOST:PORT, "
                    + "which the proxy stands in front of, not '" + shown() + "'");
        }

        /** The target with any {@code password} parameter hidden, for printing. */
        String shown() {
            return target == null ? "sqlite:(temporary file)" : target.replaceAll("(?i)(password=)[^&]*", "$1***");
        }
    }

    private final Kind kind;
    /** The target every connection reaches: the server's own address, or the latency proxy's in front of it. */
    private final String target;
    /** The target as given, for printing (passwords hidden). */
    private final String shown;
    private final String baselineUrl;
    private final Path directory;
    private final boolean temporaryDirectory;
    private final Path sluiceFile;
    private final Path baselineFile;
    private final String tablePrefix;
    private final Map<String, String> engineSettings = new LinkedHashMap<>();
    private final List<String> sluiceTables = new ArrayList<>();
    private final List<String> baselineTables = new ArrayList<>();
    private final LatencyProxy proxy;

    private BenchTarget(Kind kind, String target, String shown, LatencyProxy proxy, String baselineUrl, Path directory,
            boolean temporaryDirectory, Path sluiceFile, Path baselineFile, String tablePrefix) {
        this.kind = kind;
        this.target = target;
        this.shown = shown;
        this.proxy = proxy;
        this.baselineUrl = baselineUrl;
        this.directory = directory;
        this.temporaryDirectory = temporaryDirectory;
        this.sluiceFile = sluiceFile;
        this.baselineFile = baselineFile;
        this.tablePrefix = tablePrefix;
    }

    /**
     * Prepares the target of {@code spec}: for SQLite, a fresh Sluice file and a fresh baseline file beside
     * it; for a server, checks that its JDBC driver is on the class path, and with {@code latencyMillis > 0}
     * starts a {@link LatencyProxy} in front of it, through which every connection of the run then goes (the
     * baselines' and Sluice's alike). {@link #close()} stops the proxy.
     *
     * @throws Bench.BenchFailure when a database file already exists or the driver is missing
     * @throws UsageException when {@code latencyMillis > 0} and the target is not one server
     */
    static BenchTarget open(Spec spec, String buffer, Map<String, String> settings, long latencyMillis)
            throws IOException, Bench.BenchFailure, UsageException {
        BenchTarget target = open(spec, buffer, latencyMillis);
        target.engineSettings.putAll(settings);
        return target;
    }

    private static BenchTarget open(Spec spec, String buffer, long latencyMillis)
            throws IOException, Bench.BenchFailure, UsageException {
        if (latencyMillis > 0 && spec.kind() == Kind.SQLITE) {
            throw new UsageException(BenchOptions.LATENCY_ON_SQLITE);
        }
        if (spec.kind() == Kind.SQLITE) {
            boolean temporary = spec.target() == null;
            Path sluiceFile = temporary ? Files.createTempDirectory("sluice-bench").resolve("sluice.db")
                    : Path.of(spec.target().substring(Kind.SQLITE.prefix.length())).toAbsolutePath();
            Path directory = sluiceFile.getParent();
            Path baselineFile = directory.resolve(sluiceFile.getFileName() + ".baseline.db");
            for (Path path : List.of(sluiceFile, baselineFile)) {
                if (Files.exists(path)) {
                    throw new Bench.BenchFailure(path + " already exists; the benchmark needs a fresh database file", null);
                }
            }
            BenchTarget bench = new BenchTarget(Kind.SQLITE, "sqlite:" + sluiceFile, spec.shown(), null,
                    "jdbc:sqlite:" + baselineFile, directory, temporary, sluiceFile, baselineFile, "bench_");
            bench.engineSettings.put("async_insert_buffer", buffer);
            return bench;
        }
        String plainUrl = "jdbc:" + spec.target();
        try {
            Driver driver = DriverManager.getDriver(plainUrl);
            if (driver == null) {
                throw new SQLException("no driver");
            }
        } catch (SQLException e) {
            String artifact = spec.kind() == Kind.POSTGRESQL ? "org.postgresql:postgresql" : "org.mariadb.jdbc:mariadb-java-client";
            throw new Bench.BenchFailure("no JDBC driver for " + spec.kind().label + " on the class path: put the "
                    + artifact + " jar on the class path (cli/target/sluice.jar, which ./sluice runs, bundles it)", e);
        }
        Spec.Endpoint server = latencyMillis > 0 ? spec.endpoint() : null;
        Path directory = Files.createTempDirectory("sluice-bench");
        String prefix = "sluice_bench_" + ProcessHandle.current().pid() + "_";
        LatencyProxy proxy = null;
        Spec reached = spec;
        if (server != null) {
            proxy = LatencyProxy.start(server.host(), server.port(), latencyMillis);
            reached = spec.via(proxy.address());
        }
        BenchTarget bench = new BenchTarget(spec.kind(), reached.target(), spec.shown(), proxy, "jdbc:" + reached.target(),
                directory, true, null, null, prefix);
        bench.engineSettings.put("async_insert_buffer", buffer);
        if (buffer.equals("wal")) {
            bench.engineSettings.put("async_insert_wal_directory", directory.resolve("wal").toString());
        }
        return bench;
    }

    Kind kind() {
        return kind;
    }

    /** Where the rows go, for printing (passwords hidden). */
    String describe() {
        if (kind == Kind.SQLITE) {
            return sluiceFile + " (Sluice), " + baselineFile + " (plain JDBC)";
        }
        return shown + " (tables " + tablePrefix + "*)";
    }

    /**
     * What the latency proxy does, for printing, or {@code null} when there is none: every connection goes
     * through it, so each round trip to the server takes twice its delay more.
     */
    String describeNetwork() {
        if (proxy == null) {
            return null;
        }
        return String.format(Locale.ROOT, "every connection through a proxy adding %d ms each way (%d ms round trip), %s in front of %s",
                proxy.delayMillis(), 2 * proxy.delayMillis(), proxy.address(), proxy.upstream());
    }

    /** The table name of a phase: {@code suffix} with this run's prefix. */
    String table(String suffix) {
        return tablePrefix + suffix;
    }

    /**
     * The Sluice URL with {@code settings} (query-level) added; every connection of a run uses the same
     * engine-level settings, so they all share one engine.
     */
    String sluiceUrl(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(engineSettings);
        all.putAll(settings);
        StringBuilder url = new StringBuilder("jdbc:sluice:").append(target);
        char separator = target.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> setting : all.entrySet()) {
            url.append(separator).append(setting.getKey()).append('=')
                    .append(java.net.URLEncoder.encode(setting.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /** The plain JDBC URL of the baselines (through the latency proxy when there is one). */
    String baselineUrl() {
        return baselineUrl;
    }

    /** The target as the engine knows it: the Sluice URL without {@code jdbc:sluice:} and Sluice's settings. */
    String engineTarget() {
        return target;
    }

    /** Properties for the target driver under Sluice: SQLite runs at the baselines' durability. */
    Properties sluiceProperties() {
        Properties properties = new Properties();
        if (kind == Kind.SQLITE) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "FULL");
        }
        return properties;
    }

    String createTable(String table) {
        return switch (kind) {
            case SQLITE -> "CREATE TABLE " + table + " (id INTEGER NOT NULL, ts INTEGER NOT NULL, name TEXT, value REAL)";
            case POSTGRESQL -> "CREATE TABLE " + table + " (id BIGINT NOT NULL, ts BIGINT NOT NULL, name TEXT, value DOUBLE PRECISION)";
            case MARIADB -> "CREATE TABLE " + table + " (id BIGINT NOT NULL, ts BIGINT NOT NULL, name VARCHAR(32), value DOUBLE) ENGINE=InnoDB";
        };
    }

    /** Creates a phase's table through a Sluice connection (DDL passes through to the target). */
    void createSluiceTable(Connection sluice, String table) throws SQLException {
        try (Statement statement = sluice.createStatement()) {
            if (kind != Kind.SQLITE) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            sluiceTables.add(table);
            statement.execute(createTable(table));
        }
    }

    /**
     * A plain connection to the baseline database through the target's own driver, with an empty
     * {@code table}: SQLite in WAL mode with {@code synchronous=FULL}; PostgreSQL and MariaDB as configured
     * (their defaults commit durably: {@code synchronous_commit=on}, {@code innodb_flush_log_at_trx_commit=1}).
     */
    Connection openBaseline(String table) throws SQLException {
        Connection connection = DriverManager.getConnection(baselineUrl);
        try (Statement statement = connection.createStatement()) {
            if (kind == Kind.SQLITE) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
            } else {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            baselineTables.add(table);
            statement.execute(createTable(table));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Writes rows {@code 0 … rows-1} into {@code table} with the target's best bulk path, adding to
     * {@code written} as it goes. Returns the method used, for the summary.
     */
    String bulkLoad(Connection connection, String table, long rows, LongAdder written) throws SQLException {
        switch (kind) {
            case SQLITE -> {
                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + Rows.COLUMNS
                        + ") VALUES (?, ?, ?, ?)")) {
                    for (long id = 0; id < rows; id++) {
                        Rows.bind(insert, id);
                        insert.addBatch();
                        if ((id + 1) % SQLITE_BATCH_CHUNK == 0) {
                            insert.executeBatch();
                            written.add(SQLITE_BATCH_CHUNK);
                        }
                    }
                    insert.executeBatch();
                    connection.commit();
                    written.add(rows % SQLITE_BATCH_CHUNK);
                } finally {
                    connection.setAutoCommit(true);
                }
                return "one prepared-statement batch in one transaction";
            }
            case POSTGRESQL -> {
                long copied = copyIn(connection, "COPY " + table + " (" + Rows.COLUMNS + ") FROM STDIN (FORMAT csv)",
                        Rows.csvLines(0, rows, written));
                if (copied != rows) {
                    throw new SQLException("COPY reported " + copied + " rows, not " + rows);
                }
                return "COPY FROM STDIN (CopyManager, CSV)";
            }
            case MARIADB -> {
                connection.setAutoCommit(false);
                try {
                    long id = 0;
                    try (PreparedStatement insert = connection.prepareStatement(multiRowInsert(table, MARIADB_ROWS_PER_STATEMENT))) {
                        for (; id + MARIADB_ROWS_PER_STATEMENT <= rows; id += MARIADB_ROWS_PER_STATEMENT) {
                            bindRows(insert, id, MARIADB_ROWS_PER_STATEMENT);
                            insert.executeUpdate();
                            written.add(MARIADB_ROWS_PER_STATEMENT);
                        }
                    }
                    int rest = (int) (rows - id);
                    if (rest > 0) {
                        try (PreparedStatement insert = connection.prepareStatement(multiRowInsert(table, rest))) {
                            bindRows(insert, id, rest);
                            insert.executeUpdate();
                            written.add(rest);
                        }
                    }
                    connection.commit();
                } finally {
                    connection.setAutoCommit(true);
                }
                return "multi-row INSERTs of " + MARIADB_ROWS_PER_STATEMENT + " rows in one transaction";
            }
        }
        throw new IllegalStateException("unknown target kind " + kind);
    }

    static String multiRowInsert(String table, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(Rows.COLUMNS).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        }
        return sql.toString();
    }

    private static void bindRows(PreparedStatement insert, long firstId, int rows) throws SQLException {
        for (int i = 0; i < rows; i++) {
            long id = firstId + i;
            int base = i * 4;
            insert.setLong(base + 1, id);
            insert.setLong(base + 2, Rows.timestamp(id));
            insert.setString(base + 3, Rows.name(id));
            insert.setDouble(base + 4, Rows.value(id));
        }
    }

    /** {@code CopyManager.copyIn(sql, reader)} of pgjdbc, reached reflectively. */
    private static long copyIn(Connection connection, String sql, Reader data) throws SQLException {
        try {
            Class<?> pgConnection = Class.forName("org.postgresql.PGConnection", true, connection.getClass().getClassLoader());
            Object copyApi = pgConnection.getMethod("getCopyAPI").invoke(connection.unwrap(pgConnection));
            Method copyIn = copyApi.getClass().getMethod("copyIn", String.class, Reader.class);
            return (Long) copyIn.invoke(copyApi, sql, data);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sqlException) {
                throw sqlException;
            }
            throw new SQLException("COPY failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("pgjdbc's CopyManager is not usable: " + e, e);
        }
    }

    long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Drops the tables of this run from a server (unless {@code keep}) and deletes temporary files. */
    void cleanUp(boolean keep, java.io.PrintStream out) throws IOException {
        if (keep) {
            out.println(kind == Kind.SQLITE ? "Kept the databases: " + sluiceFile + ", " + baselineFile
                    : "Kept the tables " + tablePrefix + "* in " + shown);
            return;
        }
        if (kind != Kind.SQLITE) {
            dropQuietly(baselineUrl, baselineTables);
            dropQuietly(baselineUrl, sluiceTables);
        }
        if (temporaryDirectory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
            return;
        }
        for (Path database : List.of(sluiceFile, baselineFile)) {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
            }
        }
        Path wal = directory.resolve(sluiceFile.getFileName() + ".sluice-wal");
        if (Files.isDirectory(wal)) {
            try (Stream<Path> paths = Files.walk(wal)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void dropQuietly(String url, List<String> tables) {
        if (tables.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            System.err.println("Warning: could not drop the benchmark's tables " + tables + ": " + e.getMessage());
        }
    }

    /** Stops the latency proxy, if any, closing every connection still open through it. */
    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}

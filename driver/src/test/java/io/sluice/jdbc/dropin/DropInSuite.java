package io.sluice.jdbc.dropin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.engine.Engines;
import io.sluice.jdbc.SluiceConnection;
import io.sluice.jdbc.SluiceStatement;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An application that used the target database directly, now through {@code jdbc:sluice:…} with only the
 * URL changed: the same suite runs on SQLite, PostgreSQL and MariaDB (one subclass each, which also adds
 * what only its database has). Everything is checked against the real database through the target's own
 * driver, never only through Sluice. Each test makes tables with unique names and drops them afterwards.
 */
abstract class DropInSuite {
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** Tables this test created, dropped after it through the target's own driver. */
    private final List<String> created = new ArrayList<>();

    // ------------------------------------------------------------------ what each database says

    /** Skips (or, with CI=true, fails) the test when the database is not reachable. */
    abstract void requireServer();

    /** The Sluice URL of the target with its target parameters, e.g. {@code jdbc:sluice:postgresql://…/test?user=postgres}. */
    abstract String sluiceUrl();

    /** The same database through its own driver: {@code jdbc:<target>}. */
    abstract String targetUrl();

    /** What {@code DatabaseMetaData.getDatabaseProductName()} says. */
    abstract String productName();

    /** A quoted identifier in the database's own syntax. */
    abstract String quote(String identifier);

    /** The column definition of a key the database generates: {@code id … PRIMARY KEY}. */
    abstract String generatedKeyColumn(String name);

    /** The type of a timestamp with microseconds. */
    abstract String timestampType();

    /** Whether the database has a SMALLINT narrower than 64 bits (SQLite's integers are all 64-bit). */
    abstract boolean hasNarrowIntegers();

    /**
     * The column definition of a text of at most 5 characters, and the status an entry with a longer value
     * ends with: {@code ParsingError} where Sluice knows the limit from the declared type, {@code FlushError}
     * where a CHECK constraint in the database refuses it (SQLite does not enforce {@code VARCHAR(n)}).
     */
    abstract String fiveCharacterColumn(String name);

    abstract String tooLongTextStatus();

    /**
     * The status of an entry whose value has too many integer digits for a DECIMAL(6,2) column, and what
     * the error says. Where the database refuses it (PostgreSQL, MariaDB in strict mode), Sluice applies the
     * same precision rule when it parses the entry, so only that entry fails and no write is tried with it.
     */
    abstract String overflowingNumericStatus();

    abstract String overflowingNumericError();

    /** The clause that makes an INSERT of {@code (id, note)} replace the note of an existing id. */
    abstract String upsertClause();

    /** The class of the target driver's connections. */
    abstract Class<? extends Connection> targetConnectionClass();

    /** What the target driver reports as the network timeout after it was set to {@code milliseconds}. */
    int networkTimeoutAfterSetting(int milliseconds) {
        return milliseconds;
    }

    /** What an application on this database registers with Jdbi (SQLite's keep dates as text). */
    void configure(Jdbi jdbi) {}

    /** A bound timestamp as the target's own driver stores it (sqlite-jdbc keeps milliseconds). */
    LocalDateTime storedTimestamp(LocalDateTime bound) {
        return bound;
    }

    /** A timestamp column's value as the target driver gives it back. */
    LocalDateTime readTimestamp(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class);
    }

    /** A date column's value as the target driver gives it back. */
    LocalDate readDate(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, LocalDate.class);
    }

    // ------------------------------------------------------------------ helpers

    @BeforeEach
    void requireTheServer() {
        requireServer();
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            for (String table : created) {
                statement.execute("DROP TABLE IF EXISTS " + quote(table));
            }
        }
        created.clear();
    }

    @AfterAll
    static void closeEngines() {
        Engines.closeAll();
    }

    /** The Sluice URL with more parameters appended. */
    String url(String... parameters) {
        StringBuilder url = new StringBuilder(sluiceUrl());
        for (String parameter : parameters) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(parameter);
        }
        return url.toString();
    }

    Connection sluice(String... parameters) throws SQLException {
        Connection connection = DriverManager.getConnection(url(parameters));
        assertThat(connection).isInstanceOf(SluiceConnection.class);
        return connection;
    }

    /** A connection straight to the target through its own driver, bypassing Sluice. */
    Connection direct() throws SQLException {
        Connection connection = DriverManager.getConnection(targetUrl());
        assertThat(connection).isNotInstanceOf(SluiceConnection.class);
        return connection;
    }

    /** A unique lower-case table name. */
    static String uniqueName(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet() + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
    }

    /** Creates a table with a unique name through the target's own driver; dropped after the test. */
    String createTable(String prefix, String columns) throws SQLException {
        String name = uniqueName(prefix);
        createNamed(name, columns);
        return name;
    }

    void createNamed(String name, String columns) throws SQLException {
        created.add(name);
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + quote(name) + " (" + columns + ")");
        }
    }

    /** A ClickHouse VALUES string literal: backslash and quote escaped with a backslash. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            return rows.getLong(1);
        }
    }

    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            return rows.getString(1);
        }
    }

    /** The ids in a table, with how often each occurs. */
    Map<Long, Integer> idCounts(String table) throws SQLException {
        Map<Long, Integer> counts = new HashMap<>();
        try (Connection connection = direct();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM " + quote(table))) {
            while (rows.next()) {
                counts.merge(rows.getLong(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** One entry's row in {@code system.asynchronous_insert_log}. */
    record LogRow(String status, String exception, String flushQueryId, long rows) {}

    /**
     * Sends each VALUES tuple as its own INSERT without waiting (on a connection with these URL parameters too), into one buffer that only an explicit
     * flush empties, flushes it, and returns each entry's log row by tuple.
     */
    Map<String, LogRow> insertEachThenFlush(String table, String columns, List<String> tuples, String... parameters) throws SQLException {
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(List.of(parameters));
        all.addAll(List.of("wait_for_async_insert=0", "async_insert_use_adaptive_busy_timeout=0", "async_insert_busy_timeout_max_ms=60000"));
        try (Connection connection = sluice(all.toArray(String[]::new));
                Statement statement = connection.createStatement()) {
            for (String tuple : tuples) {
                assertThat(statement.executeUpdate("INSERT INTO " + quote(table) + " (" + columns + ") VALUES " + tuple))
                        .as("an INSERT that does not wait returns 0").isZero();
                ids.put(tuple, statement.unwrap(SluiceStatement.class).getLastQueryId());
            }
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quote(table));
            return logRows(connection, ids);
        }
    }

    static Map<String, LogRow> logRows(Connection connection, Map<String, String> queryIds) throws SQLException {
        Map<String, LogRow> byQueryId = new HashMap<>();
        try (PreparedStatement log = connection.prepareStatement(
                "SELECT query_id, status, exception, flush_query_id, rows FROM system.asynchronous_insert_log")) {
            try (ResultSet rows = log.executeQuery()) {
                while (rows.next()) {
                    byQueryId.put(rows.getString(1), new LogRow(rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
                }
            }
        }
        Map<String, LogRow> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : queryIds.entrySet()) {
            LogRow row = byQueryId.get(entry.getValue());
            assertThat(row).as("the log row of %s", entry.getKey()).isNotNull();
            result.put(entry.getKey(), row);
        }
        return result;
    }

    static void assertOneFlush(Map<String, LogRow> log) {
        assertThat(log.values().stream().map(LogRow::flushQueryId).distinct()).as("every entry went into the same flush: %s", log)
                .hasSize(1);
    }

    // ------------------------------------------------------------------ an application's connection pool

    @Test
    @DisplayName("A HikariCP pool of Sluice connections serves 64 threads inserting and reading; every acknowledged row is written once")
    void aPoolServesManyThreads() throws Exception {
        String table = createTable("pool", "id BIGINT NOT NULL, thread INT NOT NULL, name VARCHAR(100), amount DECIMAL(12,2)");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url("async_insert_busy_timeout_max_ms=50"));
        config.setMaximumPoolSize(24);
        config.setPoolName("dropin-" + table);
        int threads = 64;
        int perThread = 15;
        List<Future<List<Long>>> results = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(executor.submit(() -> {
                        start.await();
                        return runClient(pool, table, thread, perThread);
                    }));
                }
                start.countDown();
                executor.shutdown();
                assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).as("the clients finished").isTrue();
            } finally {
                executor.shutdownNow();
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(24);
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection.isWrapperFor(SluiceConnection.class)).isTrue();
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quote(table));
            }
        }
        Set<Long> acknowledged = new HashSet<>();
        for (Future<List<Long>> result : results) {
            for (Long id : result.get()) {
                assertThat(acknowledged.add(id)).as("id %d acknowledged once", id).isTrue();
            }
        }
        assertThat(acknowledged).hasSize(threads * perThread + threads * (perThread / 5));
        Map<Long, Integer> counts = idCounts(table);
        assertThat(counts.keySet()).as("every acknowledged row is in the table, and nothing else").isEqualTo(acknowledged);
        assertThat(counts.values()).as("no row is written twice").containsOnly(1);
        try (Connection connection = direct();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + quote(table) + " WHERE name = ?")) {
            select.setString(1, "it's \\ here");
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("bound and literal text arrive unchanged").isEqualTo(acknowledged.size());
            }
        }
    }

    /** One application thread: borrows a connection per operation, inserts five ways, reads its own writes. */
    private List<Long> runClient(HikariDataSource pool, String table, int thread, int operations) throws SQLException {
        List<Long> acknowledged = new ArrayList<>();
        String quoted = quote(table);
        String columns = " (id, thread, name, amount)";
        for (int i = 0; i < operations; i++) {
            long id = thread * 10_000L + i;
            try (Connection connection = pool.getConnection()) {
                switch (i % 5) {
                    case 0 -> {
                        try (Statement statement = connection.createStatement()) {
                            assertThat(statement.executeUpdate("INSERT INTO " + quoted + columns + " VALUES (" + id + ", " + thread
                                    + ", 'it\\'s \\\\ here', 1.25)")).isEqualTo(1);
                        }
                        assertVisible(connection, quoted, id);
                    }
                    case 1 -> {
                        try (Statement statement = connection.createStatement()) {
                            assertThat(statement.executeUpdate("INSERT INTO " + quoted + columns + " SETTINGS wait_for_async_insert = 0 VALUES ("
                                    + id + ", " + thread + ", 'it\\'s \\\\ here', 2.5)")).isZero();
                        }
                    }
                    case 2 -> {
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + columns + " VALUES (?, ?, ?, ?)")) {
                            bind(insert, id, thread);
                            assertThat(insert.executeUpdate()).isEqualTo(1);
                        }
                        assertVisible(connection, quoted, id);
                    }
                    case 3 -> {
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO " + quoted + columns + " SETTINGS wait_for_async_insert = 0 VALUES (?, ?, ?, ?)")) {
                            bind(insert, id, thread);
                            assertThat(insert.executeUpdate()).isZero();
                        }
                    }
                    default -> {
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + columns + " VALUES (?, ?, ?, ?)")) {
                            bind(insert, id, thread);
                            insert.addBatch();
                            bind(insert, id + 5_000, thread);
                            insert.addBatch();
                            assertThat(insert.executeBatch()).containsExactly(1, 1);
                        }
                        assertVisible(connection, quoted, id);
                        acknowledged.add(id + 5_000);
                    }
                }
                acknowledged.add(id);
            }
        }
        return acknowledged;
    }

    private static void bind(PreparedStatement insert, long id, int thread) throws SQLException {
        insert.setLong(1, id);
        insert.setInt(2, thread);
        insert.setString(3, "it's \\ here");
        insert.setBigDecimal(4, new BigDecimal("3.75"));
    }

    /** A waiting INSERT's row can be read as soon as it returns, through the same pooled connection. */
    private static void assertVisible(Connection connection, String quotedTable, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + quotedTable + " WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("row %d after its waiting INSERT returned", id).isEqualTo(1);
            }
        }
    }

    // ------------------------------------------------------------------ Jdbi

    public record Payment(long id, String name, BigDecimal amount, boolean active, LocalDate day, LocalDateTime at) {}

    @Test
    @DisplayName("Jdbi inserts with bound parameters, batches and transactions, and maps the rows to Java types")
    void jdbi() throws SQLException {
        String table = createTable("jdbi", "id BIGINT NOT NULL, name VARCHAR(50), amount DECIMAL(10,2), active BOOLEAN, day DATE, at "
                + timestampType());
        String quoted = quote(table);
        String insert = "INSERT INTO " + quoted + " (id, name, amount, active, day, at) VALUES (:id, :name, :amount, :active, :day, :at)";
        Jdbi jdbi = Jdbi.create(url());
        configure(jdbi);
        List<Payment> expected = List.of(
                new Payment(1, "O'Brien \\ \"quoted\"", new BigDecimal("12.34"), true, LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000)),
                new Payment(2, "two", new BigDecimal("-0.50"), false, LocalDate.of(1999, 12, 31), LocalDateTime.of(1999, 12, 31, 23, 59, 59)),
                new Payment(3, "three", new BigDecimal("1000.00"), true, LocalDate.of(2030, 1, 1), LocalDateTime.of(2030, 1, 1, 0, 0)));
        jdbi.useHandle(handle -> {
            assertThat(handle.getConnection().isWrapperFor(SluiceConnection.class)).isTrue();
            Payment first = expected.get(0);
            int written = handle.createUpdate(insert).bind("id", first.id()).bind("name", first.name()).bind("amount", first.amount())
                    .bind("active", first.active()).bind("day", first.day()).bind("at", first.at()).execute();
            assertThat(written).as("a waiting INSERT returns its rows").isEqualTo(1);
            PreparedBatch batch = handle.prepareBatch(insert);
            for (Payment payment : expected.subList(1, expected.size())) {
                batch.bind("id", payment.id()).bind("name", payment.name()).bind("amount", payment.amount()).bind("active", payment.active())
                        .bind("day", payment.day()).bind("at", payment.at()).add();
            }
            assertThat(batch.execute()).containsExactly(1, 1);
        });
        List<Payment> read = jdbi.withHandle(handle -> handle.createQuery("SELECT id, name, amount, active, day, at FROM " + quoted
                + " ORDER BY id").map((rows, context) -> new Payment(rows.getLong("id"), rows.getString("name"),
                        rows.getBigDecimal("amount"), rows.getBoolean("active"), readDate(rows, "day"), readTimestamp(rows, "at")))
                .list());
        List<Payment> stored = expected.stream().map(p -> new Payment(p.id(), p.name(), p.amount(), p.active(), p.day(),
                storedTimestamp(p.at()))).toList();
        assertThat(read).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(stored);
        jdbi.useHandle(handle -> {
            assertThat(handle.createQuery("SELECT name FROM " + quoted + " WHERE id = :id").bind("id", 1).mapTo(String.class).one())
                    .isEqualTo(expected.get(0).name());
            assertThat(handle.createQuery("SELECT count(*) FROM " + quoted + " WHERE active = :active").bind("active", true)
                    .mapTo(Long.class).one()).isEqualTo(2);
            assertThat(handle.createQuery("SELECT amount FROM " + quoted + " WHERE id = :id").bind("id", 3).mapTo(BigDecimal.class).one())
                    .isEqualByComparingTo("1000");
            assertThat(handle.createQuery("SELECT active FROM " + quoted + " WHERE id = :id").bind("id", 2).mapTo(Boolean.class).one())
                    .isFalse();
            assertThat(handle.createQuery("SELECT id, name, amount, active, day, at FROM " + quoted + " WHERE id = :id").bind("id", 2)
                    .registerRowMapper(ConstructorMapper.factory(Payment.class)).mapTo(Payment.class).one())
                    .as("Jdbi's constructor mapper").usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(expected.get(1));
            // A transaction: its INSERT is synchronous and rolls back with it.
            assertThatThrownBy(() -> handle.useTransaction(transaction -> {
                assertThat(transaction.createUpdate(insert).bind("id", 4).bind("name", "rolled back").bind("amount", BigDecimal.ONE)
                        .bind("active", true).bind("day", LocalDate.of(2024, 1, 1)).bind("at", LocalDateTime.of(2024, 1, 1, 0, 0))
                        .execute()).isEqualTo(1);
                assertThat(transaction.createQuery("SELECT count(*) FROM " + quoted).mapTo(Long.class).one()).isEqualTo(4);
                throw new IllegalStateException("undo");
            })).hasMessage("undo");
            assertThat(handle.createQuery("SELECT count(*) FROM " + quoted).mapTo(Long.class).one()).isEqualTo(3);
        });
        // Fire and forget through Jdbi: 0 rows at once, written by the flush.
        Jdbi.create(url("wait_for_async_insert=0")).useHandle(handle -> {
            assertThat(handle.createUpdate(insert).bind("id", 5).bind("name", "later").bind("amount", BigDecimal.TEN).bind("active", false)
                    .bind("day", LocalDate.of(2024, 1, 1)).bind("at", LocalDateTime.of(2024, 1, 1, 0, 0)).execute()).isZero();
            handle.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quoted);
            assertThat(handle.createQuery("SELECT name FROM " + quoted + " WHERE id = 5").mapTo(String.class).one()).isEqualTo("later");
        });
    }

    // ------------------------------------------------------------------ everything else passes through

    @Test
    @DisplayName("DDL, SELECT, UPDATE and DELETE pass through; an INSERT after ALTER TABLE sees the new column")
    void statementsPassThrough() throws SQLException {
        String table = uniqueName("pass");
        created.add(table);
        String quoted = quote(table);
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("CREATE TABLE " + quoted + " (id INT NOT NULL, name VARCHAR(20))")).isZero();
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (1, 'a'), (2, 'b'), (3, 'c')")).isEqualTo(3);
            assertThat(statement.executeUpdate("UPDATE " + quoted + " SET name = 'B' WHERE id >= 2")).isEqualTo(2);
            assertThat(statement.executeUpdate("DELETE FROM " + quoted + " WHERE id = 3")).isEqualTo(1);
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM " + quoted + " ORDER BY id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("a");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("name")).isEqualTo("B");
                assertThat(rows.next()).isFalse();
            }
            statement.execute("ALTER TABLE " + quoted + " ADD COLUMN extra INT");
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, extra) VALUES (4, 40)")).isEqualTo(1);
            try (Connection other = sluice(); Statement second = other.createStatement()) {
                assertThat(second.executeUpdate("INSERT INTO " + quoted + " (id, name, extra) VALUES (5, 'e', 50)")).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT extra FROM " + quoted + " WHERE id = ?")) {
                select.setInt(1, 5);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(50);
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + quoted + " SET extra = ? WHERE id < ?")) {
                update.setInt(1, 7);
                update.setInt(2, 3);
                assertThat(update.executeUpdate()).isEqualTo(2);
            }
            statement.execute("DROP TABLE " + quoted);
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + quoted + " VALUES (1, 'x', 1)"))
                    .isInstanceOf(SQLException.class).hasMessageStartingWith("UNKNOWN_TABLE");
        }
        try (Connection connection = direct(); ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            assertThat(tables.next()).as("the DROP reached the database").isFalse();
        }
    }

    @Test
    @DisplayName("INSERTs in the target's own SQL (expressions, upserts, RETURNING) run on the target as written, at once")
    void theTargetsOwnInsertsRunOnTheTarget() throws SQLException {
        String table = createTable("own", "id INT NOT NULL PRIMARY KEY, note VARCHAR(40)");
        String quoted = quote(table);
        // Read-your-writes off: this test tells buffered INSERTs from the target's own, which would otherwise
        // write the buffered ones first (ReadYourWritesTest covers that).
        try (Connection connection = sluice("wait_for_async_insert=0", "async_insert_use_adaptive_busy_timeout=0",
                "async_insert_busy_timeout_max_ms=60000", "async_insert_read_your_writes=0");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, note) VALUES (1, upper('expression'))"))
                    .as("not buffered: written at once, with its count").isEqualTo(1);
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, note) VALUES (2, 'plain'), (3, 'plain')"))
                    .as("literals only: buffered").isZero();
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, note) VALUES (1, 'upserted') " + upsertClause()))
                    .isPositive();
            try (ResultSet rows = statement.executeQuery("INSERT INTO " + quoted + " (id, note) VALUES (4, 'returned') RETURNING id, note")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(4);
                assertThat(rows.getString(2)).isEqualTo("returned");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + " (id, note) VALUES (?, lower(?))")) {
                assertThat(insert.unwrap(io.sluice.jdbc.SluicePreparedStatement.class).isBufferedInsert()).isFalse();
                insert.setInt(1, 5);
                insert.setString(2, "LOWERED");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + quoted + " (id, note) VALUES (?, ?) " + upsertClause())) {
                upsert.setInt(1, 5);
                upsert.setString(2, "upserted too");
                assertThat(upsert.executeUpdate()).isPositive();
            }
            try (Connection other = direct()) {
                assertThat(queryString(other, "SELECT note FROM " + quoted + " WHERE id = 1")).isEqualTo("upserted");
                assertThat(queryString(other, "SELECT note FROM " + quoted + " WHERE id = 5")).isEqualTo("upserted too");
                assertThat(queryLong(other, "SELECT count(*) FROM " + quoted + " WHERE id = 2")).as("still buffered, for a minute").isZero();
            }
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + quoted + " (id, note) SETTINGS wait_for_async_insert = 1,"
                    + " async_insert_busy_timeout_max_ms = 10 VALUES (6, upper('x'))")).as("with Sluice's SETTINGS it is Sluice's, and Sluice evaluates no expressions")
                    .isInstanceOf(SQLException.class).hasMessageStartingWith("SYNTAX_ERROR").hasMessageContaining("expressions are not supported");
            connection.setAutoCommit(false);
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, note) VALUES (7, upper('rolled back'))")).isEqualTo(1);
            connection.rollback();
            connection.setAutoCommit(true);
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quoted);
        }
        assertThat(idCounts(table)).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    @DisplayName("With autoCommit off an INSERT is synchronous inside the transaction; commit and rollback work")
    void transactions() throws SQLException {
        String table = createTable("tx", "id INT NOT NULL, name VARCHAR(20)");
        String quoted = quote(table);
        try (Connection connection = sluice("wait_for_async_insert=0"); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(connection.getAutoCommit()).isFalse();
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (1, 'one'), (2, 'two')"))
                    .as("inside a transaction the INSERT is written at once, even with wait_for_async_insert=0").isEqualTo(2);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + " (id, name) VALUES (?, ?)")) {
                insert.setInt(1, 3);
                insert.setString(2, "three");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertThat(queryLong(connection, "SELECT count(*) FROM " + quoted)).as("seen inside the transaction").isEqualTo(3);
            try (Connection other = direct()) {
                assertThat(queryLong(other, "SELECT count(*) FROM " + quoted)).as("not seen outside before the commit").isZero();
            }
            connection.rollback();
            assertThat(queryLong(connection, "SELECT count(*) FROM " + quoted)).as("rolled back").isZero();
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (4, 'four')")).isEqualTo(1);
            statement.executeUpdate("UPDATE " + quoted + " SET name = 'FOUR' WHERE id = 4");
            connection.commit();
            connection.setAutoCommit(true);
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (5, 'five')"))
                    .as("back in autocommit mode the INSERT is buffered and does not wait").isZero();
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quoted);
        }
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT name FROM " + quoted + " WHERE id = 4")).isEqualTo("FOUR");
            assertThat(idCounts(table)).containsOnlyKeys(4L, 5L);
        }
    }

    @Test
    @DisplayName("Savepoints: rolling back to one undoes the INSERTs after it and keeps those before")
    void savepoints() throws SQLException {
        String table = createTable("sp", "id INT NOT NULL");
        String quoted = quote(table);
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO " + quoted + " VALUES (1)");
            Savepoint named = connection.setSavepoint("before_two");
            statement.executeUpdate("INSERT INTO " + quoted + " VALUES (2)");
            connection.rollback(named);
            Savepoint anonymous = connection.setSavepoint();
            statement.executeUpdate("INSERT INTO " + quoted + " VALUES (3)");
            connection.releaseSavepoint(anonymous);
            connection.commit();
            connection.setAutoCommit(true);
        }
        assertThat(idCounts(table)).containsOnlyKeys(1L, 3L);
    }

    @Test
    @DisplayName("getGeneratedKeys answers for an INSERT prepared or run with RETURN_GENERATED_KEYS or key column names")
    void generatedKeys() throws SQLException {
        String table = createTable("keys", generatedKeyColumn("id") + ", name VARCHAR(20)");
        String quoted = quote(table);
        long first;
        try (Connection connection = sluice()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + " (name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "first");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    first = keys.getLong(1);
                }
                insert.setString(1, "second");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isGreaterThan(first);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + " (name) VALUES (?)", new String[] {"id"})) {
                insert.setString(1, "third");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isGreaterThan(first);
                }
            }
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (name) VALUES ('fourth')", Statement.RETURN_GENERATED_KEYS))
                        .isEqualTo(1);
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isGreaterThan(first);
                }
                assertThat(statement.execute("INSERT INTO " + quoted + " (name) VALUES ('fifth')", Statement.RETURN_GENERATED_KEYS)).isFalse();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isGreaterThan(first);
                }
            }
        }
        try (Connection connection = direct()) {
            assertThat(queryLong(connection, "SELECT id FROM " + quoted + " WHERE name = 'first'")).isEqualTo(first);
        }
    }

    @Test
    @DisplayName("A pool can set a connection's network timeout and abort it; the target connection goes with it")
    void networkTimeoutAndAbort() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Connection connection = sluice();
            Connection target = connection.unwrap(targetConnectionClass());
            connection.setNetworkTimeout(executor, 5_000);
            assertThat(connection.getNetworkTimeout()).isEqualTo(networkTimeoutAfterSetting(5_000));
            assertThat(target.getNetworkTimeout()).isEqualTo(networkTimeoutAfterSetting(5_000));
            connection.abort(executor);
            assertThat(connection.isClosed()).isTrue();
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(target.isClosed()).as("the target connection is closed once the executor ran").isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    @DisplayName("getMetaData answers as the target database, so frameworks detect it")
    void metaData() throws SQLException {
        String table = createTable("meta", "id INT NOT NULL, name VARCHAR(20)");
        try (Connection connection = sluice("wait_for_async_insert=0")) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getDatabaseProductName()).isEqualTo(productName());
            assertThat(metaData.getURL()).startsWith(targetUrl().substring(0, targetUrl().indexOf(':', "jdbc:".length()) + 1))
                    .doesNotContain("sluice")
                    .doesNotContain("wait_for_async_insert");
            assertThat(metaData.getDriverName()).doesNotContainIgnoringCase("sluice");
            assertThat(metaData.getConnection()).as("the metadata's connection is the one that made it").isSameAs(connection);
            try (ResultSet tables = metaData.getTables(null, null, table, null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo(table);
            }
            try (ResultSet columns = metaData.getColumns(null, null, table, "name")) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getInt("COLUMN_SIZE")).isEqualTo(20);
            }
        }
    }

    @Test
    @DisplayName("Sluice settings in the URL and in properties are Sluice's; the target's own reach its driver")
    void settingsAreTakenOutOfTheUrlAndProperties() throws SQLException {
        String table = createTable("settings", "id INT NOT NULL");
        String quoted = quote(table);
        try (Connection connection = sluice("wait_for_async_insert=0", "async_insert_busy_timeout_max_ms=60000",
                "async_insert_use_adaptive_busy_timeout=0");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (1)")).as("wait_for_async_insert=0 from the URL").isZero();
            try (ResultSet rows = statement.executeQuery("SELECT value FROM system.settings WHERE name = 'async_insert_busy_timeout_max_ms'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("60000");
            }
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        Properties properties = new Properties();
        properties.setProperty("wait_for_async_insert", "0");
        try (Connection connection = DriverManager.getConnection(url(), properties); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO " + quoted + " VALUES (2)")).as("wait_for_async_insert=0 from a property").isZero();
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        assertThat(idCounts(table)).containsOnlyKeys(1L, 2L);
        assertThatThrownBy(() -> DriverManager.getConnection(url("async_insert_no_such_thing=1")))
                .isInstanceOf(SQLException.class).hasMessageContaining("UNKNOWN_SETTING").hasMessageContaining("async_insert_no_such_thing");
    }

    // ------------------------------------------------------------------ what frameworks and pools call

    /** One call a framework or pool makes, its outcome rendered as text: the value, or the exception's class and message. */
    interface Probe {
        Object on(Connection connection) throws Exception;
    }

    static String outcome(Connection connection, Probe probe) {
        try {
            Object value = probe.on(connection);
            return "value " + value;
        } catch (Exception e) {
            // MariaDB's messages name the server connection, which differs between any two connections
            return "threw " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\(conn=\\d+\\) ", "");
        }
    }

    @Test
    @DisplayName("What Hibernate, Spring, jOOQ, Flyway and HikariCP call on a connection and its statements answers as the target driver does")
    void frameworkCallsAnswerAsTheTargetDriver() throws SQLException {
        String table = createTable("calls", "id INT NOT NULL, name VARCHAR(20)");
        String insert = "INSERT INTO " + quote(table) + " (id, name) VALUES (?, ?)";
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("isValid", c -> c.isValid(2));
        probes.put("getAutoCommit", Connection::getAutoCommit);
        probes.put("getTransactionIsolation", Connection::getTransactionIsolation);
        probes.put("setTransactionIsolation", c -> {
            c.setTransactionIsolation(c.getTransactionIsolation());
            return c.getTransactionIsolation();
        });
        probes.put("getHoldability", Connection::getHoldability);
        probes.put("setHoldability", c -> {
            c.setHoldability(c.getHoldability());
            return c.getHoldability();
        });
        probes.put("isReadOnly", Connection::isReadOnly);
        probes.put("getCatalog", Connection::getCatalog);
        probes.put("getSchema", Connection::getSchema);
        probes.put("setSchema", c -> {
            c.setSchema(c.getSchema());
            return c.getSchema();
        });
        probes.put("getClientInfo", c -> c.getClientInfo().stringPropertyNames());
        probes.put("setClientInfo", c -> {
            c.setClientInfo("ApplicationName", "sluice-test");
            return c.getClientInfo("ApplicationName");
        });
        probes.put("getWarnings", Connection::getWarnings);
        probes.put("clearWarnings", c -> {
            c.clearWarnings();
            return c.getWarnings();
        });
        probes.put("getNetworkTimeout", Connection::getNetworkTimeout);
        probes.put("getTypeMap", c -> c.getTypeMap().size());
        probes.put("nativeSQL", c -> c.nativeSQL("SELECT 1"));
        probes.put("createClob", c -> c.createClob() != null);
        probes.put("createBlob", c -> c.createBlob() != null);
        probes.put("statement settings", c -> {
            try (Statement statement = c.createStatement()) {
                statement.setFetchSize(100);
                statement.setQueryTimeout(5);
                statement.setMaxRows(10);
                statement.setEscapeProcessing(true);
                statement.clearWarnings();
                return List.of(statement.getFetchSize(), statement.getQueryTimeout(), statement.getMaxRows(),
                        String.valueOf(statement.getWarnings()), statement.getResultSetConcurrency());
            }
        });
        probes.put("query with fetch size", c -> {
            try (Statement statement = c.createStatement()) {
                statement.setFetchSize(50);
                try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                    rows.setFetchSize(10);
                    return List.of(rows.next(), rows.getInt(1), rows.getConcurrency(), rows.getType(),
                            String.valueOf(rows.getWarnings()), rows.getMetaData().getColumnCount());
                }
            }
        });
        probes.put("parameter count of an INSERT", c -> {
            try (PreparedStatement prepared = c.prepareStatement(insert)) {
                return prepared.getParameterMetaData().getParameterCount();
            }
        });
        probes.put("unwrap to Connection", c -> c.isWrapperFor(Connection.class));
        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            String plain;
            String sluice;
            try (Connection connection = direct()) {
                plain = outcome(connection, probe.getValue());
            }
            try (Connection connection = sluice()) {
                sluice = outcome(connection, probe.getValue());
            }
            assertThat(sluice).as(probe.getKey()).isEqualTo(plain);
            assertThat(sluice).as(probe.getKey() + ": never 0A000 from Sluice itself, which HikariCP evicts on")
                    .doesNotContain("UNSUPPORTED_METHOD");
        }
    }

    @Test
    @DisplayName("a connection asks the target to describe an INSERT text once, however often it is prepared, and again after DDL")
    void parameterMetaDataIsDescribedOncePerTextAndConnection() throws SQLException {
        String table = createTable("params_once", "id INT NOT NULL, name VARCHAR(20)");
        String insert = "INSERT INTO " + quote(table) + " (id, name) VALUES (?, ?)";
        try (Connection connection = sluice()) {
            java.sql.ParameterMetaData first;
            try (PreparedStatement prepared = connection.prepareStatement(insert)) {
                first = prepared.getParameterMetaData();
            }
            try (PreparedStatement prepared = connection.prepareStatement(insert)) {
                assertThat(prepared.getParameterMetaData()).as("the same text on the same connection").isSameAs(first);
            }
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + quote(table + "_other") + " (id INT)");
                statement.execute("DROP TABLE " + quote(table + "_other"));
            }
            try (PreparedStatement prepared = connection.prepareStatement(insert)) {
                java.sql.ParameterMetaData again = prepared.getParameterMetaData();
                assertThat(again).as("described again after DDL").isNotSameAs(first);
                assertThat(again.getParameterCount()).isEqualTo(2);
            }
        }
    }

    @Test
    @DisplayName("getParameterMetaData of a buffered INSERT describes its parameters as the target does, and Spring's setNull with those types writes NULLs")
    void parameterMetaDataOfABufferedInsert() throws SQLException {
        String table = createTable("params", "id INT NOT NULL, name VARCHAR(20), amount DECIMAL(10,2)");
        String insert = "INSERT INTO " + quote(table) + " (id, name, amount) VALUES (?, ?, ?)";
        List<String> plain;
        try (Connection connection = direct(); PreparedStatement prepared = connection.prepareStatement(insert)) {
            plain = describe(prepared.getParameterMetaData());
        }
        try (Connection connection = sluice(); PreparedStatement prepared = connection.prepareStatement(insert)) {
            assertThat(prepared.unwrap(io.sluice.jdbc.SluicePreparedStatement.class).isBufferedInsert()).isTrue();
            java.sql.ParameterMetaData parameters = prepared.getParameterMetaData();
            assertThat(describe(parameters)).isEqualTo(plain).hasSize(3 * 4);

            prepared.setInt(1, 1);
            prepared.setNull(2, typeOrNull(parameters, 2));
            prepared.setNull(3, typeOrNull(parameters, 3));
            assertThat(prepared.executeUpdate()).isEqualTo(1);
        }
        try (Connection connection = direct()) {
            assertThat(queryLong(connection, "SELECT count(*) FROM " + quote(table) + " WHERE name IS NULL AND amount IS NULL"))
                    .isEqualTo(1);
        }
    }

    /** Each parameter's type, type name, class name and nullability as outcomes (a driver may refuse to say). */
    static List<String> describe(java.sql.ParameterMetaData parameters) throws SQLException {
        List<String> described = new ArrayList<>();
        for (int i = 1; i <= parameters.getParameterCount(); i++) {
            int param = i;
            described.add(outcome(null, c -> parameters.getParameterType(param)));
            described.add(outcome(null, c -> parameters.getParameterTypeName(param)));
            described.add(outcome(null, c -> parameters.getParameterClassName(param)));
            described.add(outcome(null, c -> parameters.isNullable(param)));
        }
        return described;
    }

    /** What Spring's StatementCreatorUtils does: the parameter's type, or Types.NULL when the driver cannot say. */
    static int typeOrNull(java.sql.ParameterMetaData parameters, int param) {
        try {
            return parameters.getParameterType(param);
        } catch (SQLException e) {
            return java.sql.Types.NULL;
        }
    }

    @Test
    @DisplayName("setNull with every java.sql.Types constant writes a NULL through a buffered INSERT")
    void setNullWithEveryType() throws Exception {
        String table = createTable("nulls", "id INT NOT NULL, note VARCHAR(20)");
        List<Integer> types = new ArrayList<>();
        for (java.lang.reflect.Field field : java.sql.Types.class.getFields()) {
            types.add(field.getInt(null));
        }
        try (Connection connection = sluice();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quote(table) + " (id, note) VALUES (?, ?)")) {
            for (int type : types) {
                insert.setInt(1, type);
                insert.setNull(2, type);
                insert.addBatch();
                insert.setInt(1, type);
                insert.setObject(2, null, type);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(2 * types.size()).containsOnly(1);
        }
        try (Connection connection = direct()) {
            assertThat(queryLong(connection, "SELECT count(*) FROM " + quote(table) + " WHERE note IS NULL"))
                    .isEqualTo(2L * types.size());
        }
    }

    // ------------------------------------------------------------------ data types against the real database

    @Test
    @DisplayName("Integers: values at the ends of their ranges are written; an out-of-range or non-integer value fails only its own INSERT")
    void integers() throws SQLException {
        String table = createTable("ints", "id INT NOT NULL, small SMALLINT, big BIGINT");
        Map<String, LogRow> log = insertEachThenFlush(table, "id, small, big", List.of(
                "(1, 32767, 9223372036854775807)",
                "(2, -32768, -9223372036854775808)",
                "(3, 0, 9223372036854775808)",
                "(4, 32768, 0)",
                "(5, 'abc', 0)",
                "(6, 1, 1)"));
        assertOneFlush(log);
        assertThat(log.get("(1, 32767, 9223372036854775807)").status()).isEqualTo("Ok");
        assertThat(log.get("(2, -32768, -9223372036854775808)").status()).isEqualTo("Ok");
        assertThat(log.get("(3, 0, 9223372036854775808)").status()).isEqualTo("ParsingError");
        assertThat(log.get("(3, 0, 9223372036854775808)").exception()).startsWith("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE")
                .contains("'9223372036854775808'").contains("column big");
        assertThat(log.get("(5, 'abc', 0)").status()).isEqualTo("ParsingError");
        assertThat(log.get("(5, 'abc', 0)").exception()).contains("abc").contains("column small");
        assertThat(log.get("(6, 1, 1)").status()).isEqualTo("Ok");
        if (hasNarrowIntegers()) {
            assertThat(log.get("(4, 32768, 0)").status()).isEqualTo("ParsingError");
            assertThat(log.get("(4, 32768, 0)").exception()).startsWith("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE").contains("'32768'")
                    .contains("column small").contains("-32768").contains("32767");
            assertThat(idCounts(table)).containsOnlyKeys(1L, 2L, 6L);
        } else {
            assertThat(log.get("(4, 32768, 0)").status()).isEqualTo("Ok");
            assertThat(idCounts(table)).containsOnlyKeys(1L, 2L, 4L, 6L);
        }
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT small, big FROM " + quote(table) + " WHERE id IN (1, 2) ORDER BY id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(32767);
            assertThat(rows.getLong(2)).isEqualTo(Long.MAX_VALUE);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(-32768);
            assertThat(rows.getLong(2)).isEqualTo(Long.MIN_VALUE);
        }
        // A waiting client gets its own error, precise and with ClickHouse's code.
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + quote(table) + " VALUES (7, 1, 99999999999999999999)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(321))
                    .hasMessageStartingWith("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE").hasMessageContaining("column big");
        }
    }

    @Test
    @DisplayName("Numeric: exact decimals are written; a non-number fails parsing and a too-large one fails its own INSERT")
    void numerics() throws SQLException {
        String table = createTable("nums", "id INT NOT NULL, amount DECIMAL(6,2)");
        Map<String, LogRow> log = insertEachThenFlush(table, "id, amount", List.of("(1, 1234.56)", "(2, -0.01)", "(3, 12345.67)",
                "(4, 'x1')", "(5, 12.5)"));
        assertOneFlush(log);
        assertThat(log.get("(1, 1234.56)").status()).isEqualTo("Ok");
        assertThat(log.get("(2, -0.01)").status()).isEqualTo("Ok");
        assertThat(log.get("(3, 12345.67)").status()).isEqualTo(overflowingNumericStatus());
        assertThat(log.get("(3, 12345.67)").exception()).contains(overflowingNumericError());
        assertThat(log.get("(4, 'x1')").status()).isEqualTo("ParsingError");
        assertThat(log.get("(4, 'x1')").exception()).contains("x1").contains("column amount");
        assertThat(log.get("(5, 12.5)").status()).isEqualTo("Ok");
        Map<Long, BigDecimal> values = new HashMap<>();
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, amount FROM " + quote(table))) {
            while (rows.next()) {
                values.put(rows.getLong(1), rows.getBigDecimal(2));
            }
        }
        Map<Long, BigDecimal> expected = new HashMap<>(Map.of(1L, new BigDecimal("1234.56"), 2L, new BigDecimal("-0.01"),
                5L, new BigDecimal("12.50")));
        if (overflowingNumericStatus().equals("Ok")) {
            expected.put(3L, new BigDecimal("12345.67"));
        }
        assertThat(values.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, value) -> assertThat(values.get(id)).as("amount of %d", id).isEqualByComparingTo(value));
    }

    @Test
    @DisplayName("Booleans, dates and timestamps: valid values arrive as written, invalid ones fail their own INSERT")
    void booleansDatesAndTimestamps() throws SQLException {
        String table = createTable("when", "id INT NOT NULL, flag BOOLEAN, day DATE, at " + timestampType());
        Map<String, LogRow> log = insertEachThenFlush(table, "id, flag, day, at", List.of(
                "(1, true, '2024-02-29', '2024-02-29 13:45:30.123456')",
                "(2, 0, '1999-12-31', '1999-12-31 23:59:59')",
                "(3, 'maybe', '2024-01-01', '2024-01-01 00:00:00')",
                "(4, 1, '2023-02-29', '2024-01-01 00:00:00')",
                "(5, false, '2024-01-01', '2024-13-01 00:00:00')",
                "(6, 1, 'someday', '2024-01-01 00:00:00')"));
        assertOneFlush(log);
        assertThat(log.get("(1, true, '2024-02-29', '2024-02-29 13:45:30.123456')").status()).isEqualTo("Ok");
        assertThat(log.get("(2, 0, '1999-12-31', '1999-12-31 23:59:59')").status()).isEqualTo("Ok");
        LogRow maybe = log.get("(3, 'maybe', '2024-01-01', '2024-01-01 00:00:00')");
        assertThat(maybe.status()).isEqualTo("ParsingError");
        assertThat(maybe.exception()).contains("maybe").contains("column flag");
        LogRow february = log.get("(4, 1, '2023-02-29', '2024-01-01 00:00:00')");
        assertThat(february.status()).isEqualTo("ParsingError");
        assertThat(february.exception()).contains("2023-02-29").contains("column day");
        LogRow month = log.get("(5, false, '2024-01-01', '2024-13-01 00:00:00')");
        assertThat(month.status()).isEqualTo("ParsingError");
        assertThat(month.exception()).contains("2024-13-01").contains("column at");
        assertThat(log.get("(6, 1, 'someday', '2024-01-01 00:00:00')").status()).isEqualTo("ParsingError");
        assertThat(idCounts(table)).containsOnlyKeys(1L, 2L);
        try (Connection connection = direct(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT flag, day, at FROM " + quote(table) + " ORDER BY id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean("flag")).isTrue();
            assertThat(readDate(rows, "day")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(readTimestamp(rows, "at")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000));
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean("flag")).isFalse();
            assertThat(readDate(rows, "day")).isEqualTo(LocalDate.of(1999, 12, 31));
            assertThat(readTimestamp(rows, "at")).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59));
        }
    }

    @Test
    @DisplayName("Text lengths: a value longer than the column allows fails only its own INSERT")
    void textLengths() throws SQLException {
        String table = createTable("texts", "id INT NOT NULL, " + fiveCharacterColumn("name"));
        Map<String, LogRow> log = insertEachThenFlush(table, "id, name", List.of("(1, 'abcde')", "(2, 'abcdef')", "(3, 'ééééé')",
                "(4, '')", "(5, NULL)"));
        assertOneFlush(log);
        assertThat(log.get("(1, 'abcde')").status()).isEqualTo("Ok");
        assertThat(log.get("(2, 'abcdef')").status()).isEqualTo(tooLongTextStatus());
        assertThat(log.get("(2, 'abcdef')").exception()).containsIgnoringCase("name");
        assertThat(log.get("(3, 'ééééé')").status()).as("five characters fit, whatever their bytes").isEqualTo("Ok");
        assertThat(log.get("(4, '')").status()).isEqualTo("Ok");
        assertThat(log.get("(5, NULL)").status()).isEqualTo("Ok");
        assertThat(idCounts(table)).containsOnlyKeys(1L, 3L, 4L, 5L);
        try (Connection connection = direct()) {
            assertThat(queryString(connection, "SELECT name FROM " + quote(table) + " WHERE id = 3")).isEqualTo("ééééé");
        }
    }

    // ------------------------------------------------------------------ hostile names and values

    static final List<String> HOSTILE_VALUES = List.of(
            "O'Brien",
            "'); DROP TABLE sentinel; --",
            "back\\slash \\' and \\\\ two",
            "\"double\" and `back` quotes",
            "tab\there, newline\nthere, return\r",
            "line\n\\.\nafter the COPY end marker",
            "percent % and underscore _ and semicolon ;",
            "unicode ünïcødé ✓ 😀");

    /** A table name that would end the statement and drop another table if it were not quoted. */
    String hostileTableName(String sentinel) {
        return "h\"'; DROP TABLE " + sentinel + "; -- " + NAMES.incrementAndGet();
    }

    @Test
    @DisplayName("Hostile table names, column names and values cannot inject SQL, and arrive unchanged")
    void hostileIdentifiersAndValues() throws SQLException {
        String sentinel = createTable("sentinel", "id INT");
        String table = hostileTableName(sentinel);
        String column = "v\"'; DROP TABLE " + sentinel + "; --";
        createNamed(table, "id INT NOT NULL, " + quote(column) + " TEXT");
        String quoted = quote(table);
        try (Connection connection = sluice(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < HOSTILE_VALUES.size(); i++) {
                assertThat(statement.executeUpdate("INSERT INTO " + quoted + " (id, " + quote(column) + ") VALUES (" + i + ", "
                        + literal(HOSTILE_VALUES.get(i)) + ")")).isEqualTo(1);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted + " (id, " + quote(column) + ") VALUES (?, ?)")) {
                for (int i = 0; i < HOSTILE_VALUES.size(); i++) {
                    insert.setInt(1, 100 + i);
                    insert.setString(2, HOSTILE_VALUES.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement unwaited = connection.createStatement()) {
                unwaited.executeUpdate("INSERT INTO " + quoted + " SETTINGS wait_for_async_insert = 0 FORMAT CSV 200,\"say \"\"hi\"\"; DROP TABLE "
                        + sentinel + "\"\n");
                unwaited.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + quoted);
            }
        }
        Map<Integer, String> values = new HashMap<>();
        try (Connection connection = direct(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, " + quote(column) + " FROM " + quoted)) {
                while (rows.next()) {
                    values.put(rows.getInt(1), rows.getString(2));
                }
            }
            assertThat(queryLong(connection, "SELECT count(*) FROM " + quote(sentinel))).as("the sentinel table is still there").isZero();
        }
        Map<Integer, String> expected = new HashMap<>();
        for (int i = 0; i < HOSTILE_VALUES.size(); i++) {
            expected.put(i, HOSTILE_VALUES.get(i));
            expected.put(100 + i, HOSTILE_VALUES.get(i));
        }
        expected.put(200, "say \"hi\"; DROP TABLE " + sentinel);
        assertThat(values).isEqualTo(expected);
    }
}

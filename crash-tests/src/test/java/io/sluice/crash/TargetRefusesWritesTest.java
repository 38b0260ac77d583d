package io.sluice.crash;

import static io.sluice.crash.FaultTesting.awaitCondition;
import static io.sluice.crash.FaultTesting.number;
import static io.sluice.crash.FaultTesting.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.engine.Engines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SQLite target that refuses writes: opened read-only ({@code ?mode=ro} on the target URL; the tests run
 * as root, for whom {@code chmod} changes nothing), or full ({@code ?max_page_count=} caps the file a few
 * pages above what it holds, the way a full disk would). Waiting clients get a clear error; what was
 * acknowledged is kept (the memory buffer: in the dead-letter table, in a system database file here; the
 * WAL: in the WAL) and written once the fault is gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetRefusesWritesTest {
    private static final String QUICK = "async_insert_retry_timeout_ms=300&async_insert_retry_initial_backoff_ms=50"
            + "&async_insert_retry_max_backoff_ms=200&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=50";
    /** A value big enough that a few rows fill a page. */
    private static final String BIG = "x".repeat(1500);

    @TempDir
    Path directory;

    private Path file;
    private Path systemDatabase;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws SQLException {
        file = directory.resolve("target.db");
        systemDatabase = directory.resolve("system.db");
        try (Connection plain = plain(); Statement statement = plain.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE t (id INTEGER NOT NULL, payload TEXT NOT NULL)");
            statement.execute("CREATE TABLE filler (b BLOB)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
        Engines.closeAll();
    }

    private Connection plain() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private Connection sluice(String target, String settings) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sluice:sqlite:" + target + (target.contains("?") ? "&" : "?") + settings);
        connections.add(connection);
        return connection;
    }

    private void restart() throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
        Engines.closeAll();
    }

    private long count(String sql) throws SQLException {
        try (Connection plain = plain()) {
            return number(plain, sql);
        }
    }

    private static String insert(long id, String payload) {
        return "INSERT INTO t (id, payload) VALUES (" + id + ", '" + payload + "')";
    }

    private String readOnly() {
        return "file:" + file + "?mode=ro";
    }

    @Test
    @DisplayName("read-only target, memory buffer: clear errors; failed INSERTs wait in the dead-letter table and are replayed once it is writable")
    void readOnlyWithTheMemoryBuffer() throws Exception {
        String settings = QUICK + "&system_database_path=" + systemDatabase;
        Connection connection = sluice(readOnly(), settings);
        SQLException error = catchThrowableOfType(SQLException.class, () -> update(connection, insert(1, "waited")));
        assertThat((Throwable) error).as("the waiting INSERT fails").isNotNull();
        assertThat(error.getMessage()).contains("main.t").containsIgnoringCase("readonly database");
        assertThat(update(connection, "INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES (2, 'acknowledged')")).isZero();
        awaitCondition("both INSERTs in the dead-letter table", Duration.ofSeconds(20),
                () -> number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter") == 2);

        restart();
        Connection writable = sluice(file.toString(), settings);
        assertThat(number(writable, "SELECT count(*) FROM system.asynchronous_insert_dead_letter"))
                .as("kept in the system database file across the restart").isEqualTo(2);
        update(writable, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER");
        assertThat(number(writable, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isZero();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);
    }

    @Test
    @DisplayName("read-only target, WAL: waiting clients learn their data stays in the WAL; the next engine on a writable target writes every acknowledged INSERT once")
    void readOnlyWithTheWal() throws Exception {
        String settings = "async_insert_buffer=wal&wait_for_async_insert=0&" + QUICK;
        Connection connection = sluice(readOnly(), settings);
        int acknowledged = 20;
        for (int i = 1; i <= acknowledged; i++) {
            assertThat(update(connection, insert(i, "acknowledged"))).isZero();
        }
        SQLException error = catchThrowableOfType(SQLException.class,
                () -> update(connection, "INSERT INTO t SETTINGS wait_for_async_insert = 1 VALUES (100, 'waited')"));
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getMessage()).containsIgnoringCase("readonly database").contains("stays in the durable wal buffer");
        awaitCondition("every flush failed", Duration.ofSeconds(20), () -> number(connection,
                "SELECT count(DISTINCT query_id) FROM system.asynchronous_insert_log WHERE status = 'FlushError'") == acknowledged + 1);
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isZero();
        assertThat(number(connection, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'")).isEqualTo(acknowledged + 1);

        restart();
        Connection writable = sluice(file.toString(), settings);
        update(writable, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(acknowledged + 1);
        assertThat(count("SELECT count(DISTINCT id) FROM t")).isEqualTo(acknowledged + 1);
    }

    /** Fills the filler table and answers the file's page count: the cap that leaves no room. */
    private long fillTheFile() throws SQLException {
        try (Connection plain = plain(); Statement statement = plain.createStatement()) {
            for (int i = 0; i < 50; i++) {
                statement.execute("INSERT INTO filler VALUES (randomblob(4000))");
            }
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            return number(plain, "PRAGMA page_count");
        }
    }

    /** Frees the filler's pages, as deleting files frees a disk. */
    private void freeSpace() throws SQLException {
        try (Connection plain = plain(); Statement statement = plain.createStatement()) {
            statement.execute("DELETE FROM filler");
        }
    }

    @Test
    @DisplayName("full target, memory buffer: clear errors; after space is freed, the dead letters are replayed")
    void fullWithTheMemoryBuffer() throws Exception {
        long pages = fillTheFile();
        Connection connection = sluice(file + "?max_page_count=" + (pages + 2), QUICK);
        long written = 0;
        SQLException full = null;
        while (full == null && written < 1000) {
            try {
                update(connection, insert(written + 1, BIG));
                written++;
            } catch (SQLException e) {
                full = e;
            }
        }
        assertThat((Throwable) full).as("an INSERT failed once the file was full").isNotNull();
        assertThat(full.getMessage()).contains("main.t").contains("database or disk is full");
        int acknowledged = 5;
        for (int i = 0; i < acknowledged; i++) {
            update(connection, "INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES (" + (2000 + i) + ", '" + BIG + "')");
        }
        awaitCondition("the failed INSERTs in the dead-letter table", Duration.ofSeconds(20),
                () -> number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter") == acknowledged + 1);

        freeSpace();
        update(connection, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER");
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isZero();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(written + 1 + acknowledged);
        assertThat(count("SELECT count(DISTINCT id) FROM t")).isEqualTo(written + 1 + acknowledged);
    }

    @Test
    @DisplayName("full target, WAL: acknowledged INSERTs stay in the WAL and are written, without a restart, once space is freed")
    void fullWithTheWal() throws Exception {
        long pages = fillTheFile();
        Connection connection = sluice(file + "?max_page_count=" + (pages + 2), "async_insert_buffer=wal&wait_for_async_insert=0&" + QUICK);
        int acknowledged = 60;
        for (int i = 1; i <= acknowledged; i++) {
            update(connection, insert(i, BIG));
        }
        awaitCondition("a flush failed on the full file", Duration.ofSeconds(20), () -> number(connection,
                "SELECT count(*) FROM system.asynchronous_insert_log WHERE status = 'FlushError'") > 0);
        SQLException error = catchThrowableOfType(SQLException.class,
                () -> update(connection, "INSERT INTO t SETTINGS wait_for_async_insert = 1 VALUES (100, '" + BIG + "')"));
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getMessage()).contains("database or disk is full").contains("stays in the durable wal buffer");
        assertThat(number(connection, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).isZero();
        assertThat(count("SELECT count(*) FROM t")).as("not everything fitted").isLessThan(acknowledged + 1);

        freeSpace();
        awaitCondition("every acknowledged INSERT written once there is room", Duration.ofSeconds(30),
                () -> count("SELECT count(*) FROM t") == acknowledged + 1);
        assertThat(count("SELECT count(DISTINCT id) FROM t")).isEqualTo(acknowledged + 1);
        awaitCondition("the WAL released them", Duration.ofSeconds(10),
                () -> number(connection, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'") == 0);
    }
}

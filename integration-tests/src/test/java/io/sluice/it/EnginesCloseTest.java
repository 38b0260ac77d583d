package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import io.sluice.jdbc.SluiceDataSource;
import io.sluice.spi.ManualClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine lives while connections (or a data source) use it: when the last one closes it flushes what
 * it holds and closes after its linger, releasing its threads, files and MBean; a new connection opens it
 * again. Nothing buffered is lost on the way.
 */
class EnginesCloseTest {
    private static final int TARGETS = 200;

    @TempDir
    Path directory;

    /** Engines other tests left lingering close on their own clock; closed here, they cannot move the counts. */
    @BeforeEach
    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private static int sluiceMBeans() throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.sluice:*"), null).size();
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    private static long oneValue(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    @Test
    void twoHundredTargetsComeAndGoAndLeaveNoThreadsFilesOrMBeansBehind() throws Exception {
        // One target first, so that what every engine shares (class loading, JDBC drivers) is in the baseline.
        Path warm = directory.resolve("warm.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sluice:sqlite:" + warm + "?engine_linger_ms=0");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER)");
        }
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long files = openFiles();
        int mbeans = sluiceMBeans();

        for (int i = 0; i < TARGETS; i++) {
            String url = "jdbc:sluice:sqlite:" + directory.resolve("target" + i + ".db") + "?engine_linger_ms=0&wait_for_async_insert=0"
                    + "&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0";
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id INTEGER)");
                // Buffered, not written: the engine's close must write it.
                statement.executeUpdate("INSERT INTO t VALUES (" + i + ")");
            }
        }

        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads + 4);
        assertThat(openFiles()).isLessThanOrEqualTo(files + 8);
        assertThat(sluiceMBeans()).isEqualTo(mbeans);
        for (int i = 0; i < TARGETS; i++) {
            try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("target" + i + ".db"))) {
                assertThat(oneValue(plain, "SELECT sum(id) FROM t")).as("target %d", i).isEqualTo(i);
            }
        }
    }

    @Test
    void anEngineLingersOnItsClockAndANewConnectionReopensIt() throws Exception {
        ManualClock clock = new ManualClock();
        Properties properties = new Properties();
        properties.put(Engines.CLOCK_PROPERTY, clock);
        String url = "jdbc:sluice:sqlite:" + directory.resolve("linger.db") + "?engine_linger_ms=1000&wait_for_async_insert=0"
                + "&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0";
        int mbeans = sluiceMBeans();
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER)");
            statement.executeUpdate("INSERT INTO t VALUES (1)");
        }
        assertThat(sluiceMBeans()).isEqualTo(mbeans + 1);
        clock.advanceMillis(999);
        assertThat(sluiceMBeans()).isEqualTo(mbeans + 1);
        // A connection within the linger keeps the engine: its buffer still holds the first row.
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            assertThat(oneValue(connection, "SELECT count(*) FROM system.asynchronous_inserts")).isEqualTo(1);
        }
        clock.advanceMillis(999);
        assertThat(sluiceMBeans()).isEqualTo(mbeans + 1);
        clock.advanceMillis(1);
        assertThat(sluiceMBeans()).isEqualTo(mbeans);
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("linger.db"))) {
            assertThat(oneValue(plain, "SELECT count(*) FROM t")).isEqualTo(1);
        }
        // And a new connection opens a new engine.
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            assertThat(oneValue(connection, "SELECT count(*) FROM t")).isEqualTo(1);
            assertThat(sluiceMBeans()).isEqualTo(mbeans + 1);
        }
    }

    @Test
    void closingADataSourceClosesItsEngine() throws Exception {
        int mbeans = sluiceMBeans();
        SluiceDataSource dataSource = new SluiceDataSource("jdbc:sluice:sqlite:" + directory.resolve("ds.db")
                + "?engine_linger_ms=600000&wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000&async_insert_use_adaptive_busy_timeout=0");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER)");
            statement.executeUpdate("INSERT INTO t VALUES (7)");
        }
        assertThat(sluiceMBeans()).isEqualTo(mbeans + 1);
        dataSource.close();
        assertThat(sluiceMBeans()).isEqualTo(mbeans);
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("ds.db"))) {
            assertThat(oneValue(plain, "SELECT sum(id) FROM t")).isEqualTo(7);
        }
    }
}

package io.sluice.bench.jmh;

import io.sluice.engine.Engines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-row INSERT statements through a Sluice {@link Connection} with {@code wait_for_async_insert=0}:
 * {@code Statement.executeUpdate} down to the key queue's append (driver, statement parse with a cached head,
 * settings and key resolution, the buffered-bytes reservation, the buffer plugin, the flush policy check).
 * One operation is one INSERT. Each thread has its own connection; every thread inserts into the same table
 * with the same head, so all threads append to one key queue and contend on its lock ({@code append4Threads}).
 *
 * <p>To measure the append path and not the flush, nothing flushes while an iteration runs: the threshold
 * policy with a one-hour busy timeout and count and size limits far beyond what an iteration buffers, and
 * {@code async_insert_max_buffered_bytes} far beyond it too, so backpressure never waits. After each
 * iteration the buffers are drained ({@code SYSTEM FLUSH ASYNC INSERT QUEUE}, then {@code SYSTEM FLUSH LOGS}
 * so that the system-log write does not spill into the next iteration), outside the measured time. At the
 * end of the trial the table must hold exactly the rows that were inserted.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class QueueAppendBenchmark {
    /** Statements per thread: a power of two, so the data differs from call to call. */
    private static final int STATEMENTS = 4096;
    private static final int MASK = STATEMENTS - 1;

    /** Sluice settings that keep every flush out of the measured time. */
    static Map<String, String> appendOnlySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wait_for_async_insert", "0");
        settings.put("async_insert_use_adaptive_busy_timeout", "0");
        settings.put("async_insert_busy_timeout_max_ms", "3600000");
        settings.put("async_insert_max_query_number", "1000000000");
        settings.put("async_insert_max_data_size", "4294967296");
        settings.put("async_insert_max_buffered_bytes", "17179869184");
        return settings;
    }

    /** The SQLite file, the engine on it, and an admin connection that drains the buffers. */
    @State(Scope.Benchmark)
    public static class Target {
        /**
         * Sluice's {@code log_queries} setting: 1 (the default) writes a {@code system.query_log} row for every
         * statement; {@code -p logQueries=0,1} shows what that costs the append path.
         */
        @Param({"1"})
        public String logQueries;

        SqliteTarget sqlite;
        String url;
        Connection admin;
        final List<Client> clients = new CopyOnWriteArrayList<>();
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            sqlite = new SqliteTarget("sluice-jmh-append");
            Map<String, String> settings = appendOnlySettings();
            settings.put("log_queries", logQueries);
            url = sqlite.sluiceUrl(settings);
            admin = DriverManager.getConnection(url);
        }

        @TearDown(Level.Iteration)
        public void drain() throws SQLException {
            try (Statement statement = admin.createStatement()) {
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
                statement.execute("SYSTEM FLUSH LOGS");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                drain();
                long sent = 0;
                for (Client client : clients) {
                    sent += client.sent;
                }
                long written = sqlite.rowCount();
                if (written != sent) {
                    throw new IllegalStateException("Inserted " + sent + " rows but the table holds " + written);
                }
                admin.close();
            } finally {
                Engines.closeAll();
                sqlite.close();
            }
        }
    }

    /** One thread's connection and statement, and the INSERT texts it cycles through. */
    @State(Scope.Thread)
    public static class Client {
        Connection connection;
        Statement statement;
        final String[] inserts = new String[STATEMENTS];
        long sent;

        @Setup(Level.Trial)
        public void setUp(Target target) throws SQLException {
            int thread = target.threads.getAndIncrement();
            for (int i = 0; i < STATEMENTS; i++) {
                inserts[i] = SqliteTarget.insertSql(thread * 1_000_000_000L + i);
            }
            connection = DriverManager.getConnection(target.url);
            statement = connection.createStatement();
            target.clients.add(this);
        }

        int insertNext() throws SQLException {
            return statement.executeUpdate(inserts[(int) (sent++ & MASK)]);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            statement.close();
            connection.close();
        }
    }

    @Benchmark
    @Threads(1)
    public int append1Thread(Client client) throws SQLException {
        return client.insertNext();
    }

    @Benchmark
    @Threads(4)
    public int append4Threads(Client client) throws SQLException {
        return client.insertNext();
    }
}

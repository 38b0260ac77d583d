package io.sluice.bench.jmh;

import io.sluice.engine.Engines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flush of one batch of {@code entries} single-row INSERTs into a SQLite file (WAL,
 * {@code synchronous=FULL}, Sluice's defaults): the lane parses every entry with the Values reader, writes
 * the rows as one part in one transaction, logs each entry to the system tables and completes its future.
 *
 * <ul>
 *   <li>{@code insertAndFlush}: end to end, {@code entries} INSERTs with {@code wait_for_async_insert=0}, then
 *       {@code SYSTEM FLUSH ASYNC INSERT QUEUE}, which returns once the batch is written;
 *   <li>{@code flushOnly}: the same batch is appended in an untimed per-invocation setup, and only the
 *       {@code SYSTEM FLUSH ASYNC INSERT QUEUE} is timed.
 * </ul>
 *
 * The primary score is batches per second; the {@code entries} secondary score (an
 * {@link AuxCounters} counter) is the same rate per entry. {@code gc.alloc.rate.norm} is per batch: divide by
 * {@code entries} for the allocation per entry (it counts every thread, so the flush thread's too).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class FlushPathBenchmark {
    private static final String FLUSH = "SYSTEM FLUSH ASYNC INSERT QUEUE";

    /** The SQLite file and one Sluice connection on it; single-threaded. */
    @State(Scope.Thread)
    public static class Target {
        @Param({"100", "450"})
        public int entries;

        SqliteTarget sqlite;
        Connection connection;
        Statement statement;
        String[] inserts;
        long sent;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            sqlite = new SqliteTarget("sluice-jmh-flush");
            // Only SYSTEM FLUSH flushes: no count, size or time trigger fires within a batch.
            connection = DriverManager.getConnection(sqlite.sluiceUrl(QueueAppendBenchmark.appendOnlySettings()));
            statement = connection.createStatement();
            inserts = new String[entries];
            for (int i = 0; i < entries; i++) {
                inserts[i] = SqliteTarget.insertSql(i);
            }
        }

        void append() throws SQLException {
            for (String insert : inserts) {
                statement.executeUpdate(insert);
            }
            sent += inserts.length;
        }

        boolean flush() throws SQLException {
            return statement.execute(FLUSH);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                flush();
                long written = sqlite.rowCount();
                if (written != sent) {
                    throw new IllegalStateException("Inserted " + sent + " rows but the table holds " + written);
                }
                statement.close();
                connection.close();
            } finally {
                Engines.closeAll();
                sqlite.close();
            }
        }
    }

    /**
     * For {@code flushOnly}: a full batch appended before each invocation, outside the timing. The benchmark
     * reaches the {@link Target} only through this state: a benchmark method that also took {@code Target}
     * directly would get a second, separate instance from JMH (its state graph makes one per path).
     */
    @State(Scope.Thread)
    public static class Appended {
        Target target;

        @Setup(Level.Invocation)
        public void append(Target target) throws SQLException {
            this.target = target;
            target.append();
        }
    }

    /** Entries flushed, reported as a rate beside the batches. Reset every iteration, as JMH requires. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Entries {
        public long entries;

        @Setup(Level.Iteration)
        public void reset() {
            entries = 0;
        }
    }

    @Benchmark
    public boolean insertAndFlush(Target target, Entries counter) throws SQLException {
        target.append();
        counter.entries += target.entries;
        return target.flush();
    }

    @Benchmark
    public boolean flushOnly(Appended appended, Entries counter) throws SQLException {
        counter.entries += appended.target.entries;
        return appended.target.flush();
    }
}

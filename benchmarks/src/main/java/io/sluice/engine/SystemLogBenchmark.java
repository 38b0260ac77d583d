package io.sluice.engine;

import io.sluice.engine.system.SystemTables;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * The system-log writer alone: what the engine's {@code sluice-N-system-log} thread does for fire-and-forget
 * INSERTs. One operation queues the log rows of {@code flushes} flushes of {@code entries} single-row INSERTs
 * each (per INSERT one {@code system.query_log} row and one {@code system.asynchronous_insert_log} entry; per
 * flush its two {@code AsyncInsertFlush} query-log rows and one {@code system.part_log} row), then writes them
 * in one transaction with {@code SYSTEM FLUSH LOGS}'s code path, into the in-memory system database. The
 * defaults make one write about as large as the engine's (10,000 pending rows).
 *
 * <p>The log runs on a simulated clock that advances {@value #MICROS_PER_FLUSH} µs per flush (200,000 INSERTs/s),
 * so the trim to {@code system_log_max_rows}, which runs at most once a minute, never runs within an iteration:
 * it runs, untimed, after each one. The trial starts with 1,000,000 rows in each log table (the default
 * {@code system_log_max_rows}), so every iteration appends to tables of one to two million rows. The secondary
 * score {@code inserts} is the rate per client INSERT: {@code 1 / inserts} is the writer's time per INSERT.
 *
 * <p>The class lives in the engine's package because the system tables are package-private.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SystemLogBenchmark {
    private static final String HEAD = "INSERT INTO bench_rows (id, name, value, note) VALUES";
    private static final int QUERY_IDS = 1 << 14;
    private static final long MICROS_PER_FLUSH = 2_250;
    private static final int MAX_ROWS = 1_000_000;

    /** The system tables and the log rows of one flush, built once; single-threaded. */
    @State(Scope.Thread)
    public static class Log {
        @Param({"450"})
        public int entries;

        @Param({"22"})
        public int flushes;

        SystemTables system;
        String[] queryIds;
        long nowMicros = 1_800_000_000_000_000L;
        int next;
        long logged;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            system = new SystemTables("", 259_200, MAX_ROWS, 10_000, 100_000_000, List.of(), evicted -> {});
            queryIds = new String[QUERY_IDS];
            for (int i = 0; i < QUERY_IDS; i++) {
                queryIds[i] = Engine.newQueryId();
            }
            while (logged < MAX_ROWS) {
                write();
            }
            trim();
        }

        /** Brings the log tables back to {@code system_log_max_rows}, a simulated minute later. */
        @TearDown(Level.Iteration)
        public void trim() throws SQLException {
            nowMicros += 60_000_000;
            system.flushLogs(nowMicros);
        }

        /** Queues and writes the rows of {@code flushes} flushes. */
        void write() throws SQLException {
            for (int i = 0; i < flushes; i++) {
                logFlush();
            }
            system.flushLogs(nowMicros);
            logged += (long) flushes * entries;
        }

        @TearDown(Level.Trial)
        public void close() {
            system.close();
        }

        /** Queues the rows of one flush of {@code entries} INSERTs, as the engine's flush lane and sessions do. */
        void logFlush() {
            String flushId = queryIds[next++ & (QUERY_IDS - 1)];
            long start = nowMicros;
            List<SystemTables.EntryLogRow> logRows = new ArrayList<>(entries);
            for (int i = 0; i < entries; i++) {
                String id = queryIds[next++ & (QUERY_IDS - 1)];
                long at = start + i;
                system.logQuery(new SystemTables.QueryLogRow("QueryFinish", at + 3, at, "Insert", id, HEAD, true, "main", "bench_rows", 0, 0, 0,
                        "", ""));
                logRows.add(new SystemTables.EntryLogRow(at, id, 34, 1, "", "Ok", "Parsed", ""));
            }
            nowMicros += MICROS_PER_FLUSH;
            List<SystemTables.QueryLogRow> flushQueries = List.of(
                    new SystemTables.QueryLogRow("QueryStart", start, start, "AsyncInsertFlush", flushId, HEAD, true, "main", "bench_rows",
                            0, 0, 0, "", ""),
                    new SystemTables.QueryLogRow("QueryFinish", nowMicros, start, "AsyncInsertFlush", flushId, HEAD, true, "main",
                            "bench_rows", entries, entries * 34L, 0, "", ""));
            List<SystemTables.PartLogRow> parts = List.of(new SystemTables.PartLogRow(nowMicros, flushId, "main", "bench_rows",
                    "all_" + next, entries, entries * 34L, 2, 0, ""));
            system.log(new SystemTables.FlushLogRow(flushId, HEAD, "main", "bench_rows", "Values", nowMicros, 200, logRows), parts,
                    flushQueries, List.of());
        }
    }

    /** Client INSERTs logged, for the secondary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Inserts {
        public long inserts;
    }

    @Benchmark
    public void queueAndWrite(Log log, Inserts counter) throws SQLException {
        log.write();
        counter.inserts += (long) log.flushes * log.entries;
    }
}

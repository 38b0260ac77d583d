package io.sluice.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

/** What a run measured: the records the summary table and the HTML report are rendered from. */
final class BenchResults {
    private BenchResults() {}

    /** What a phase is. */
    enum Kind {
        /** plain JDBC, single-row autocommit INSERTs */
        AUTOCOMMIT,
        /** plain JDBC, the target's best bulk load */
        BULK,
        /** plain JDBC, producer threads, a queue and one writer committing batches (what a user writes by hand) */
        HAND_BATCHER,
        /** through Sluice */
        SLUICE
    }

    /** Sluice's counters from {@code system.events}. */
    record Counters(long queries, long rows, long flushes) {
        Counters minus(Counters before) {
            return new Counters(queries - before.queries, rows - before.rows, flushes - before.flushes);
        }
    }

    /**
     * One reading taken while a phase ran.
     *
     * @param seconds since the phase started
     * @param sent rows the clients had sent (or the baseline had written)
     * @param written rows Sluice had written ({@code AsyncInsertRows} since the phase started), or -1
     * @param queueBytes {@code AsynchronousInsertQueueBytes}: bytes in open buffers, or -1
     * @param bufferedBytes {@code AsynchronousInsertBufferedBytes}: bytes buffered or being flushed, or -1
     * @param pending {@code PendingAsyncInsert}: INSERTs buffered or being flushed, or -1
     */
    record Sample(double seconds, long sent, long written, long queueBytes, long bufferedBytes, long pending) {}

    /**
     * The flushes of one phase's table: rows of each flush (its parts in {@code system.part_log} added up)
     * and its whole duration in microseconds (from {@code system.query_log}), both sorted ascending.
     */
    record Flushes(long[] rows, long[] durationMicros) {
        static final Flushes NONE = new Flushes(new long[0], new long[0]);

        int count() {
            return rows.length;
        }
    }

    /**
     * One measured phase.
     *
     * @param scenario the scenario's label ({@code baseline} for the baselines)
     * @param name what ran, as the summary shows it
     * @param clients concurrent clients (threads); 1 for the baselines
     * @param rows rows written (for waiting clients: acknowledged)
     * @param nanos from the start until every row was written (waiting clients: until the last returned)
     * @param counters Sluice's counters during the phase, or {@code null}
     * @param latencies every acknowledgement latency in nanoseconds, sorted (waiting clients), or {@code null}
     * @param flushes the phase's flushes, or {@code null}
     * @param samples readings over time
     * @param note how the phase wrote (the bulk method, the encoding), or empty
     * @param usage the CPU time this process used during the phase, the JIT's compilation time in it, and the
     *     load average at its end
     */
    record Phase(String scenario, String name, Kind kind, int clients, long rows, long nanos, Counters counters,
            long[] latencies, Flushes flushes, List<Sample> samples, String note, Usage usage) {
        /**
         * CPU time of this process per row written, in microseconds (NaN when unknown): all of it, the JIT
         * compiler threads' included ({@link Usage#jitMillis()} says how much of the phase they compiled).
         */
        double cpuMicrosPerRow() {
            return rows == 0 || usage.cpuNanos() < 0 ? Double.NaN : usage.cpuNanos() / 1e3 / rows;
        }

        double rowsPerSecond() {
            return nanos == 0 ? 0 : rows * 1e9 / nanos;
        }

        boolean hasLatencies() {
            return latencies != null && latencies.length > 0;
        }

        /** The exact nearest-rank percentile of the acknowledgement latencies, in nanoseconds. */
        long latency(double percent) {
            return Percentiles.of(latencies, percent);
        }

        double ratioTo(Phase baseline) {
            if (baseline == null || baseline.rowsPerSecond() == 0) {
                return Double.NaN;
            }
            return rowsPerSecond() / baseline.rowsPerSecond();
        }
    }

    /**
     * What a phase cost the machine: this process's CPU time (all threads; -1 when the JVM cannot tell), the
     * time the JIT spent compiling during the phase ({@link #compilationMillis()}, in milliseconds; -1 when the
     * JVM cannot tell), and the one-minute load average when it ended. On a shared machine the CPU time per row
     * is steadier than the elapsed time. The JIT time says how much of the phase the compiler threads worked
     * rather than the steady state (their CPU is part of the process's).
     */
    record Usage(long cpuNanos, long jitMillis, double loadAverage) {
        static final Usage UNKNOWN = new Usage(-1, -1, -1);

        /** The process's CPU time and the JIT's compilation time at one moment, for {@link #since(Mark)}. */
        record Mark(long cpuNanos, long jitMillis) {}

        /** This process's CPU time and the JIT's compilation time so far. */
        static Mark mark() {
            return new Mark(processCpuNanos(), compilationMillis());
        }

        /** This process's CPU time so far, or -1. */
        static long processCpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return -1;
        }

        /**
         * The milliseconds the JIT has spent compiling since the JVM started, or -1 when the JVM has no JIT
         * compiler or does not report its time: on Linux, the CPU time of HotSpot's compiler threads (threads
         * that ended are not counted; HotSpot keeps at least one of each compiler); elsewhere the compilations'
         * elapsed time the JVM reports, which on a busy machine is more than their CPU time.
         */
        static long compilationMillis() {
            long compilerCpu = compilerThreadsCpuMillis();
            if (compilerCpu >= 0) {
                return compilerCpu;
            }
            CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
            return compilation == null || !compilation.isCompilationTimeMonitoringSupported() ? -1
                    : compilation.getTotalCompilationTime();
        }

        /** The user and system CPU time of the threads named "C1 CompilerThread…" and "C2 CompilerThread…", or -1. */
        static long compilerThreadsCpuMillis() {
            java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
            if (!java.nio.file.Files.isDirectory(tasks)) {
                return -1;
            }
            long ticks = 0;
            boolean found = false;
            try (java.util.stream.Stream<java.nio.file.Path> threads = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path thread : (Iterable<java.nio.file.Path>) threads::iterator) {
                    String stat;
                    try {
                        stat = java.nio.file.Files.readString(thread.resolve("stat"));
                    } catch (java.io.IOException ended) {
                        continue;
                    }
                    // pid (comm) state ppid …: utime and stime are the 14th and 15th fields, the comm may hold spaces.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || !stat.substring(open + 1, close).matches("C[12] CompilerThre.*")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    found = true;
                }
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
            // USER_HZ is 100 on every Linux the JDK runs on.
            return found ? ticks * 10 : -1;
        }

        /** The usage since {@code before}. */
        static Usage since(Mark before) {
            Mark now = mark();
            return new Usage(difference(before.cpuNanos(), now.cpuNanos()), difference(before.jitMillis(), now.jitMillis()),
                    MachineInfo.currentLoadAverage());
        }

        private static long difference(long before, long after) {
            return before < 0 || after < 0 ? -1 : after - before;
        }
    }

    /** One class of a heap histogram: instances and bytes (for a difference, after minus before). */
    record ClassBytes(String name, long instances, long bytes) {}

    /**
     * The heap measurement: heap used (after {@code System.gc()}) before and after {@code entries} were
     * buffered, against their raw size.
     *
     * @param rawBytes the entries' inline data, as Sluice counts bytes
     * @param queueBytes {@code AsynchronousInsertQueueBytes} while they were buffered
     * @param topClasses the classes whose bytes grew most between the two class histograms
     * @param flushNanos how long the flush of all of them took afterwards
     */
    record Heap(long entries, long rawBytes, long queueBytes, long heapBefore, long heapAfter, long heapMax,
            List<ClassBytes> topClasses, long flushNanos, long rowsWritten) {
        long heapGrowth() {
            return heapAfter - heapBefore;
        }

        double ratio() {
            return rawBytes == 0 ? Double.NaN : (double) heapGrowth() / rawBytes;
        }
    }

    /**
     * A whole run.
     *
     * @param command the command line as given
     * @param target where the rows went (passwords hidden)
     * @param busyTimeoutMillis {@code async_insert_busy_timeout_max_ms} of the waiting clients
     * @param loadAfter the load average when the run ended
     * @param autocommit the plain autocommit baseline, or {@code null}
     * @param bulk the bulk-load baseline, or {@code null}
     * @param handBatcher the hand-written batcher baseline, or {@code null}
     * @param phases every phase in the order it ran, baselines first
     * @param heap the heap measurement, or {@code null}
     * @param failures what went wrong (rows missing…); empty when every row sent was written
     */
    record Run(String command, MachineInfo machine, String target, String targetKind, String buffer, Instant started,
            double seconds, double loadAfter, long busyTimeoutMillis, Phase autocommit, Phase bulk, Phase handBatcher, List<Phase> phases,
            Heap heap, List<String> failures) {}
}

package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import io.sluice.cli.BenchResults.ClassBytes;
import io.sluice.cli.BenchResults.Counters;
import io.sluice.cli.BenchResults.Flushes;
import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import io.sluice.cli.BenchResults.Sample;
import io.sluice.cli.BenchResults.Usage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/**
 * {@code sluice bench}: Sluice against plain JDBC on one target, in one run on this machine. The baselines
 * come first (plain single-row autocommit INSERTs through the target's own driver for a fixed time, then
 * the target's best bulk load of the same rows the fire-and-forget phases send), then each chosen
 * scenario:
 *
 * <ul>
 *   <li><b>fire-and-forget</b>: many threads, each with its own Sluice connection, send single-row INSERT
 *       text with {@code wait_for_async_insert=0}; the time runs until {@code SYSTEM FLUSH ASYNC INSERT
 *       QUEUE} returns, that is until every row is written, which a {@code count(*)} then checks;
 *   <li><b>prepared</b>: the same with statement text and with a {@code PreparedStatement};
 *   <li><b>formats</b>: the same in each format (Values, CSV, JSONEachRow);
 *   <li><b>waiting</b>: for each step of the sweep, that many clients insert single rows with
 *       {@code wait_for_async_insert=1} for a fixed time, each acknowledgement's latency recorded;
 *   <li><b>heap</b>: a million entries buffered under a huge busy timeout; heap used after
 *       {@code System.gc()} before and after, against their raw size, and a class histogram difference; with
 *       {@code --heap-prepared} the entries are typed rows from a {@code PreparedStatement}, their raw size the
 *       length of each row's {@code VALUES} text.
 * </ul>
 *
 * While a phase runs, a sampler reads Sluice's counters and gauges every 250 ms; afterwards each phase's
 * flushes are read from {@code system.part_log}. Sluice is reached through JDBC only. Not thread-safe;
 * one instance runs once.
 */
final class Bench {
    private static final String COUNTERS_QUERY = "SELECT event, value FROM system.events "
            + "WHERE event IN ('AsyncInsertFlush', 'AsyncInsertRows', 'AsyncInsertQuery')";
    private static final int TOP_CLASSES = 12;

    private final BenchOptions options;
    private final List<String> arguments;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showProgress;
    private final List<String> failures = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();
    private BenchTarget target;
    private Connection control;
    private javax.management.ObjectName engine;
    private Phase autocommit;
    private Phase bulk;
    private Phase handBatcher;

    /** The loop one client thread runs on its own connection. */
    private interface ClientWork {
        void run(int client, Connection connection, long deadlineNanos) throws Exception;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * @param arguments the command line after {@code bench}, for the report
     * @param terminal whether {@code err} is a terminal (the progress bar is shown only then)
     */
    Bench(BenchOptions options, List<String> arguments, PrintStream out, PrintStream err, boolean terminal) {
        this.options = options;
        this.arguments = arguments;
        this.out = out;
        this.err = err;
        this.showProgress = terminal && options.progress();
    }

    /** Runs every chosen scenario, prints the summary, writes the report; 0 when every row sent was written. */
    int run() throws Exception {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        MachineInfo machine = MachineInfo.current();
        target = BenchTarget.open(options.target(), options.buffer(), engineSettings());
        Heap heap = null;
        long busyTimeout = 200;
        out.println("Sluice bench: " + scenarioNames() + " into " + target.kind().label + ", buffer " + options.buffer()
                + (options.settings().isEmpty() ? "" : ", settings " + options.settings()));
        out.println("Databases: " + target.describe());
        out.println("Machine: " + machine.describe());
        if (machine.loadAverage() > machine.processors()) {
            out.printf(Locale.ROOT, "Warning: the load average (%.1f) exceeds the %d processors: other work competes for"
                    + " the CPU, so these figures are unreliable; run again on a quieter machine.%n",
                    machine.loadAverage(), machine.processors());
        }
        try {
            if (options.needsBaselines()) {
                autocommit = baselineAutocommit();
                bulk = baselineBulk();
                handBatcher = baselineHandBatcher();
            }
            Properties properties = target.sluiceProperties();
            control = connect(target.sluiceUrl(Map.of()), properties);
            engine = Sampler.engineMBean(target.engineTarget());
            if (engine == null) {
                err.println("Warning: no JMX MBean found for the engine of " + options.target().shown()
                        + "; the report will have no buffered bytes or rows written over time");
            }
            busyTimeout = busyTimeoutMillis();
            if (options.warmupRows() > 0 && options.needsBaselines()) {
                warmUp();
            }
            for (Scenario scenario : options.scenarios()) {
                switch (scenario) {
                    case FIRE_AND_FORGET -> fireAndForget(scenario, "ff", Rows.Encoding.VALUES,
                            "fire-and-forget, " + threads(options.threads()));
                    case PREPARED -> {
                        fireAndForget(scenario, "text", Rows.Encoding.VALUES, "statement text, " + threads(options.threads()));
                        fireAndForget(scenario, "prepared", Rows.Encoding.PREPARED, "PreparedStatement, " + threads(options.threads()));
                    }
                    case FORMATS -> {
                        for (Rows.Encoding format : options.formats()) {
                            fireAndForget(scenario, format.format.toLowerCase(Locale.ROOT), format,
                                    "FORMAT " + format.format + ", " + threads(options.threads()));
                        }
                    }
                    case WAITING -> {
                        for (int clients : options.clients()) {
                            waiting(clients);
                        }
                    }
                    case HEAP -> heap = heap();
                }
            }
        } finally {
            closeQuietly(control);
            target.cleanUp(options.keep(), out);
        }
        Run run = new Run("sluice bench" + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)), machine,
                options.target().shown(), target.kind().label,
                options.buffer(), started, (System.nanoTime() - startNanos) / 1e9, MachineInfo.currentLoadAverage(), busyTimeout,
                autocommit, bulk, handBatcher, List.copyOf(phases), heap, List.copyOf(failures));
        printSummary(run);
        writeReport(run);
        if (failures.isEmpty()) {
            out.println("Every row sent was written.");
            return 0;
        }
        for (String failure : failures) {
            err.println("FAILED: " + failure);
        }
        return 1;
    }

    private String scenarioNames() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            names.add(scenario == Scenario.WAITING ? "waiting " + options.clients() : scenario.label);
        }
        return String.join(", ", names);
    }

    private static String threads(int threads) {
        return threads + (threads == 1 ? " thread" : " threads");
    }

    // ---- baselines

    /**
     * Single-row autocommit INSERTs for {@code --baseline-seconds}, then on in one-second windows (up to three
     * times as long) until the last window's rate is within 10% of the rate so far: the first seconds of an
     * fsync-bound loop are often faster or slower than its steady state.
     */
    private Phase baselineAutocommit() throws Exception {
        String name = "plain JDBC, autocommit";
        String table = target.table("baseline_autocommit");
        LongAdder sent = new LongAdder();
        long nanos;
        List<Sample> samples;
        long durationNanos = options.baselineSeconds() * 1_000_000_000L;
        long longestNanos = 3 * durationNanos;
        long cpu;
        Usage usage;
        try (Connection connection = target.openBaseline(table); Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder(96);
            cpu = Usage.processCpuNanos();
            long start = System.nanoTime();
            long[] deadline = {start + durationNanos};
            Sampler sampler = Sampler.start(null, sent::sum);
            try (Progress progress = progress(name, sent::sum, () -> (System.nanoTime() - start) / (double) (deadline[0] - start))) {
                long id = 0;
                long windowStart = start;
                long windowRows = 0;
                while (true) {
                    statement.executeUpdate(Rows.insert(sql, table, Rows.Encoding.VALUES, id++));
                    sent.increment();
                    windowRows++;
                    long now = System.nanoTime();
                    if (now - deadline[0] < 0) {
                        continue;
                    }
                    // The first check has no window of its own to compare yet: it opens one.
                    boolean first = windowStart == start;
                    double overall = sent.sum() * 1e9 / (now - start);
                    double window = windowRows * 1e9 / Math.max(1, now - windowStart);
                    if ((!first && Math.abs(window - overall) <= 0.1 * overall) || now - start >= longestNanos) {
                        break;
                    }
                    if (!first) {
                        progress.relabel(name + ", lengthened until its rate is stable");
                    }
                    windowStart = now;
                    windowRows = 0;
                    deadline[0] = now + 1_000_000_000L;
                }
            }
            nanos = System.nanoTime() - start;
            usage = Usage.since(cpu);
            samples = sampler.stop();
            verifyCount(connection, name, table, sent.sum());
        }
        Phase phase = new Phase("baseline", name, Kind.AUTOCOMMIT, 1, sent.sum(), nanos, null, null, null, samples,
                "single-row INSERT statements, autocommit, one connection", usage);
        record(phase);
        return phase;
    }

    private Phase baselineBulk() throws Exception {
        String name = "plain JDBC, bulk load";
        String table = target.table("baseline_bulk");
        LongAdder written = new LongAdder();
        long rows = options.rows();
        long nanos;
        String method;
        List<Sample> samples;
        Usage usage;
        try (Connection connection = target.openBaseline(table)) {
            long cpu = Usage.processCpuNanos();
            long start = System.nanoTime();
            Sampler sampler = Sampler.start(null, written::sum);
            try (Progress progress = progress(name, written::sum, () -> written.sum() / (double) rows)) {
                method = target.bulkLoad(connection, table, rows, written);
            }
            nanos = System.nanoTime() - start;
            usage = Usage.since(cpu);
            samples = sampler.stop();
            verifyCount(connection, name, table, rows);
        }
        Phase phase = new Phase("baseline", name, Kind.BULK, 1, rows, nanos, null, null, null, samples, method, usage);
        record(phase);
        return phase;
    }

    /** The batching a user writes by hand: {@link HandBatcher}, with as many producers as Sluice gets clients. */
    private Phase baselineHandBatcher() throws Exception {
        int producers = options.threads();
        String name = "hand-written batcher, " + threads(producers);
        String table = target.table("baseline_hand");
        LongAdder written = new LongAdder();
        long rows = options.rows();
        long nanos;
        List<Sample> samples;
        Usage usage;
        try (Connection connection = target.openBaseline(table)) {
            long cpu = Usage.processCpuNanos();
            long start = System.nanoTime();
            Sampler sampler = Sampler.start(null, written::sum);
            try (Progress progress = progress(name, written::sum, () -> written.sum() / (double) rows)) {
                HandBatcher.run(connection, table, rows, producers, written);
            }
            nanos = System.nanoTime() - start;
            usage = Usage.since(cpu);
            samples = sampler.stop();
            verifyCount(connection, name, table, rows);
        }
        Phase phase = new Phase("baseline", name, Kind.HAND_BATCHER, producers, rows, nanos, null, null, null, samples,
                "producer threads, a bounded queue, one writer: PreparedStatement batches of "
                        + String.format(Locale.ROOT, "%,d", HandBatcher.BATCH_ROWS) + " rows, one transaction each", usage);
        record(phase);
        return phase;
    }

    // ---- warm-up

    /** The most rows the waiting warm-up sends: enough calls of the small-flush path for the JIT's top tier. */
    static final long WAITING_WARMUP_ROWS = 20_000;
    /**
     * How long one waiting client runs last in the warm-up: a lone caller leads every flush itself, a path the
     * JIT otherwise recompiles during the first measured phase (it deoptimized and recompiled about 600 methods
     * there, taking 40% of the process's CPU, after a warm-up of several clients only).
     */
    static final long LONE_WAITING_WARMUP_NANOS = 3_000_000_000L;

    /**
     * Runs the bulk load and each encoding the scenarios use through Sluice with {@code --warmup-rows} rows,
     * unmeasured, so that the JIT has compiled those paths before the first measured phase; with the waiting
     * scenario, also up to {@value #WAITING_WARMUP_ROWS} of them through waiting clients, whose small flushes (a
     * caller leading its own flush, one-round-trip writes, the client's wait) fire-and-forget never takes. (The
     * autocommit baseline, which waits on the disk, ran before for at least {@code --baseline-seconds}: its
     * driver path is warm by then.)
     */
    private void warmUp() throws Exception {
        long rows = options.warmupRows();
        long start = System.nanoTime();
        String bulkTable = target.table("warmup_bulk");
        try (Connection connection = target.openBaseline(bulkTable)) {
            target.bulkLoad(connection, bulkTable, rows, new LongAdder());
        }
        java.util.Set<Rows.Encoding> encodings = new java.util.LinkedHashSet<>();
        encodings.add(Rows.Encoding.VALUES);
        if (options.runs(Scenario.PREPARED)) {
            encodings.add(Rows.Encoding.PREPARED);
        }
        if (options.runs(Scenario.FORMATS)) {
            encodings.addAll(options.formats());
        }
        int threads = options.threads();
        for (Rows.Encoding encoding : encodings) {
            String table = target.table("warmup_" + encoding.name().toLowerCase(Locale.ROOT));
            target.createSluiceTable(control, table);
            LongAdder sent = new LongAdder();
            runClients("warm-up, " + encoding.description, threads, target.sluiceUrl(Map.of("wait_for_async_insert", "0")),
                    sent::sum, null, () -> sent.sum() / (double) rows, (client, connection, deadline) ->
                            send(connection, table, encoding, rows * client / threads, rows * (client + 1) / threads, sent),
                    () -> flush(table));
        }
        if (options.runs(Scenario.WAITING)) {
            long waitingRows = Math.min(rows, WAITING_WARMUP_ROWS);
            String table = target.table("warmup_waiting");
            target.createSluiceTable(control, table);
            LongAdder sent = new LongAdder();
            runClients("warm-up, waiting clients", threads, target.sluiceUrl(Map.of("wait_for_async_insert", "1")),
                    sent::sum, null, () -> sent.sum() / (double) waitingRows, (client, connection, deadline) ->
                            send(connection, table, Rows.Encoding.VALUES, waitingRows * client / threads,
                                    waitingRows * (client + 1) / threads, sent),
                    () -> flush(table));
            AtomicLong nextId = new AtomicLong(waitingRows);
            runClients("warm-up, one waiting client", 1, target.sluiceUrl(Map.of("wait_for_async_insert", "1")), sent::sum,
                    LONE_WAITING_WARMUP_NANOS, null, (client, connection, deadline) -> {
                        StringBuilder sql = new StringBuilder(96);
                        try (Statement statement = connection.createStatement()) {
                            while (System.nanoTime() - deadline < 0 && clientFailure.get() == null) {
                                statement.executeUpdate(Rows.insert(sql, table, Rows.Encoding.VALUES, nextId.getAndIncrement()));
                                sent.increment();
                            }
                        }
                    }, () -> flush(table));
        }
        out.printf(Locale.ROOT, "  %-40s %,11d rows per path, not measured (%.1f s)%s%n", "warm-up", rows,
                (System.nanoTime() - start) / 1e9, options.runs(Scenario.WAITING)
                        ? String.format(Locale.ROOT, "; %,d through %d waiting clients, then one for %d s", Math.min(rows, WAITING_WARMUP_ROWS),
                                threads, LONE_WAITING_WARMUP_NANOS / 1_000_000_000L) : "");
    }

    /** Sends rows {@code from … to-1} as single-row INSERTs in {@code encoding} on one connection. */
    private void send(Connection connection, String table, Rows.Encoding encoding, long from, long to, LongAdder sent)
            throws SQLException {
        if (encoding == Rows.Encoding.PREPARED) {
            try (PreparedStatement insert = connection.prepareStatement(Rows.preparedSql(table))) {
                for (long id = from; id < to && clientFailure.get() == null; id++) {
                    Rows.bind(insert, id);
                    insert.executeUpdate();
                    sent.increment();
                }
            }
        } else {
            StringBuilder sql = new StringBuilder(128);
            try (Statement statement = connection.createStatement()) {
                for (long id = from; id < to && clientFailure.get() == null; id++) {
                    statement.executeUpdate(Rows.insert(sql, table, encoding, id));
                    sent.increment();
                }
            }
        }
    }

    // ---- fire-and-forget

    private void fireAndForget(Scenario scenario, String suffix, Rows.Encoding encoding, String name) throws Exception {
        int threads = options.threads();
        long rows = options.rows();
        String table = target.table(suffix);
        target.createSluiceTable(control, table);
        LongAdder sent = new LongAdder();
        Counters before = counters();
        Timed timed = runClients(name, threads, target.sluiceUrl(Map.of("wait_for_async_insert", "0")), sent::sum,
                null, () -> sent.sum() / (double) rows, (client, connection, deadline) ->
                        send(connection, table, encoding, rows * client / threads, rows * (client + 1) / threads, sent),
                () -> flush(table));
        Phase phase = new Phase(scenario.label, name, Kind.SLUICE, threads, sent.sum(), timed.nanos(), counters().minus(before),
                null, flushes(table), timed.samples(), encoding.description, timed.usage());
        record(phase);
        verifyCount(control, name, table, rows);
    }

    // ---- waiting clients

    private void waiting(int clients) throws Exception {
        String name = clients + (clients == 1 ? " waiting client" : " waiting clients");
        String table = target.table("wait_" + clients);
        target.createSluiceTable(control, table);
        AtomicLong nextId = new AtomicLong();
        LongAdder acknowledged = new LongAdder();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        Counters before = counters();
        long durationNanos = options.seconds() * 1_000_000_000L;
        Timed timed = runClients(name, clients, target.sluiceUrl(Map.of("wait_for_async_insert", "1")), acknowledged::sum,
                durationNanos, null, (client, connection, deadline) -> {
                    long[] mine = new long[1024];
                    StringBuilder sql = new StringBuilder(96);
                    try (Statement statement = connection.createStatement()) {
                        while (System.nanoTime() - deadline < 0 && clientFailure.get() == null) {
                            long id = nextId.getAndIncrement();
                            String insert = Rows.insert(sql, table, Rows.Encoding.VALUES, id);
                            long sentAt = System.nanoTime();
                            int written = statement.executeUpdate(insert);
                            long latency = System.nanoTime() - sentAt;
                            if (counts[client] == mine.length) {
                                mine = java.util.Arrays.copyOf(mine, mine.length * 2);
                            }
                            mine[counts[client]++] = latency;
                            latencies[client] = mine;
                            if (written != 1) {
                                throw new IllegalStateException("the insert of row " + id + " was acknowledged with "
                                        + written + " rows written, not 1");
                            }
                            acknowledged.increment();
                        }
                    }
                }, () -> {});
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        long[] all = new long[total];
        int at = 0;
        for (int client = 0; client < clients; client++) {
            if (latencies[client] != null) {
                System.arraycopy(latencies[client], 0, all, at, counts[client]);
                at += counts[client];
            }
        }
        java.util.Arrays.sort(all);
        Phase phase = new Phase(Scenario.WAITING.label, name, Kind.SLUICE, clients, acknowledged.sum(), timed.nanos(),
                counters().minus(before), all, flushes(table), timed.samples(), "statement text, wait_for_async_insert=1",
                timed.usage());
        record(phase);
        verifyCount(control, name, table, acknowledged.sum());
    }

    // ---- heap

    /**
     * The settings every Sluice connection gets: the user's, and for the heap scenario a buffer bound with room
     * for its entries unless the user chose one (the bound counts each entry's heap, bookkeeping included).
     */
    private Map<String, String> engineSettings() {
        if (!options.scenarios().contains(Scenario.HEAP) || options.settings().containsKey("async_insert_max_buffered_bytes")) {
            return options.settings();
        }
        Map<String, String> settings = new LinkedHashMap<>(options.settings());
        long room = Math.max(256L << 20, 2 * options.heapEntries() * heapEntryEstimate());
        settings.put("async_insert_max_buffered_bytes", Long.toString(room));
        return settings;
    }

    /** What one of the heap scenario's entries is expected to cost: its data or typed row, its query id and its bookkeeping. */
    private long heapEntryEstimate() {
        int rowBytes = Math.max(options.heapRowBytes(), Rows.dataBytes(Rows.Encoding.VALUES, options.heapEntries() / 2));
        String queryId = "00000000-0000-0000-0000-000000000000";
        if (options.heapPrepared()) {
            Object[] row = Rows.values(options.heapEntries() / 2);
            row[2] = "x".repeat(rowBytes);
            return io.sluice.engine.insert.EntryHeap.of(null, List.<Object[]>of(row), queryId, "", "", false);
        }
        return io.sluice.engine.insert.EntryHeap.of("x".repeat(rowBytes), null, queryId, "", "", false);
    }

    private Heap heap() throws Exception {
        long entries = options.heapEntries();
        String table = target.table("heap");
        target.createSluiceTable(control, table);
        int rowBytes = options.heapRowBytes();
        long heapEstimate = entries * heapEntryEstimate();
        long bound = engineLong("async_insert_max_buffered_bytes", Long.MAX_VALUE);
        if (heapEstimate > bound) {
            throw new BenchFailure(String.format(Locale.ROOT, "--heap-entries %,d would buffer about %s of heap, data and bookkeeping,"
                    + " more than async_insert_max_buffered_bytes (%s); choose fewer entries or raise the bound", entries,
                    Units.bytes(heapEstimate), Units.bytes(bound)), null);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wait_for_async_insert", "0");
        settings.put("async_insert_use_adaptive_busy_timeout", "0");
        settings.put("async_insert_busy_timeout_max_ms", "86400000");
        settings.put("async_insert_max_query_number", Long.toString(entries + 1));
        settings.put("async_insert_max_data_size", Long.toString(1L << 40));
        int threads = options.threads();
        boolean prepared = options.heapPrepared();
        String name = "heap: " + Units.count(entries) + (prepared ? " buffered prepared entries" : " buffered entries")
                + (rowBytes > 0 ? " of " + Units.count(rowBytes) + " B" : "");
        LongAdder sent = new LongAdder();
        long[] raw = new long[threads];

        collectGarbage();
        long heapBefore = heapUsed();
        Map<String, ClassBytes> histogramBefore = classHistogram();
        collectGarbage();
        heapBefore = Math.min(heapBefore, heapUsed());
        runClients(name, threads, target.sluiceUrl(settings), sent::sum, null, () -> sent.sum() / (double) entries,
                (client, connection, deadline) -> {
                    if (prepared) {
                        // Raw bytes of a typed row: the length of its VALUES text, as the statement-text entries count theirs.
                        try (PreparedStatement insert = connection.prepareStatement(Rows.preparedSql(table))) {
                            for (long id = entries * client / threads; id < entries * (client + 1) / threads
                                    && clientFailure.get() == null; id++) {
                                raw[client] += Rows.bindPadded(insert, id, rowBytes);
                                insert.executeUpdate();
                                sent.increment();
                            }
                        }
                        return;
                    }
                    StringBuilder sql = new StringBuilder(96);
                    int prefix = ("INSERT INTO " + table + " VALUES ").length();
                    try (Statement statement = connection.createStatement()) {
                        for (long id = entries * client / threads; id < entries * (client + 1) / threads
                                && clientFailure.get() == null; id++) {
                            String insert = rowBytes > 0 ? Rows.paddedInsert(sql, table, id, rowBytes)
                                    : Rows.insert(sql, table, Rows.Encoding.VALUES, id);
                            statement.executeUpdate(insert);
                            raw[client] += insert.length() - prefix;
                            sent.increment();
                        }
                    }
                }, () -> {});
        try (Statement statement = control.createStatement()) {
            statement.execute("SYSTEM FLUSH LOGS");
        }
        long queueBytes = metric("AsynchronousInsertQueueBytes");
        long pending = metric("PendingAsyncInsert");
        collectGarbage();
        long heapAfter = heapUsed();
        Map<String, ClassBytes> histogramAfter = classHistogram();
        long rawBytes = 0;
        for (long bytes : raw) {
            rawBytes += bytes;
        }
        if (pending != entries) {
            failures.add(String.format(Locale.ROOT, "%s: %,d entries were pending when the heap was measured, not %,d",
                    name, pending, entries));
        }
        long flushStart = System.nanoTime();
        try (Progress progress = progress("flushing " + Units.count(entries) + " entries", () -> 0, () -> Double.NaN)) {
            flush(table);
        }
        long flushNanos = System.nanoTime() - flushStart;
        long written = countQuietly(table);
        verifyCount(control, name, table, entries);
        Heap heap = new Heap(entries, rawBytes, queueBytes, heapBefore, heapAfter,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(), topGrowth(histogramBefore, histogramAfter),
                flushNanos, written);
        out.printf(Locale.ROOT, "  %-40s heap %s → %s: %s for %s raw = %.2f× raw, %,d B per entry; flushed in %.2f s%n",
                name, Units.bytes(heapBefore), Units.bytes(heapAfter), Units.bytes(heap.heapGrowth()), Units.bytes(rawBytes),
                heap.ratio(), heap.heapGrowth() / Math.max(1, entries), flushNanos / 1e9);
        if (prepared) {
            out.printf(Locale.ROOT, "  %-40s raw = each typed row's VALUES text, e.g. %s (%d B)%n", "", sampleValues(), Rows.dataBytes(Rows.Encoding.PREPARED, 0));
        }
        return heap;
    }

    private static String sampleValues() {
        StringBuilder values = new StringBuilder(64);
        Rows.appendData(values, Rows.Encoding.PREPARED, 0);
        return values.toString();
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The live-object class histogram of this JVM ({@code GC.class_histogram} through the diagnostic-command
     * MBean), by class name; empty when the JVM does not offer it.
     */
    static Map<String, ClassBytes> classHistogram() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parseClassHistogram(String.valueOf(text));
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Parses {@code GC.class_histogram} output: {@code "   1:   12345   678901  [B (java.base@17)"}. */
    static Map<String, ClassBytes> parseClassHistogram(String text) {
        Map<String, ClassBytes> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 4 || !parts[0].endsWith(":")) {
                continue;
            }
            try {
                long instances = Long.parseLong(parts[1]);
                long bytes = Long.parseLong(parts[2]);
                classes.merge(parts[3], new ClassBytes(parts[3], instances, bytes),
                        (a, b) -> new ClassBytes(a.name(), a.instances() + b.instances(), a.bytes() + b.bytes()));
            } catch (NumberFormatException e) {
                // a header or total line
            }
        }
        return classes;
    }

    /** The classes whose bytes grew most from {@code before} to {@code after}, largest growth first. */
    static List<ClassBytes> topGrowth(Map<String, ClassBytes> before, Map<String, ClassBytes> after) {
        List<ClassBytes> growth = new ArrayList<>();
        for (ClassBytes now : after.values()) {
            ClassBytes then = before.get(now.name());
            long bytes = now.bytes() - (then == null ? 0 : then.bytes());
            if (bytes > 0) {
                growth.add(new ClassBytes(now.name(), now.instances() - (then == null ? 0 : then.instances()), bytes));
            }
        }
        growth.sort(Comparator.comparingLong(ClassBytes::bytes).reversed());
        return List.copyOf(growth.subList(0, Math.min(TOP_CLASSES, growth.size())));
    }

    // ---- clients

    /** What {@link #runClients} measured from the release of the clients until {@code finish} returned. */
    private record Timed(long nanos, List<Sample> samples, Usage usage) {}

    /**
     * Connects {@code clients} threads (each its own connection), releases them together, waits for them and
     * then runs {@code finish}. Returns the nanoseconds from the release until {@code finish} returned;
     * connecting is not timed. The sampler and the CPU time start at the release too. The first failure of any
     * client stops the others and is thrown.
     *
     * @param durationNanos how long the clients may run (passed to them as a deadline), or {@code null}
     */
    private Timed runClients(String label, int clients, String url, LongSupplier progressRows, Long durationNanos,
            DoubleSupplier fraction, ClientWork work, SqlAction finish) throws Exception {
        clientFailure.set(null);
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        List<Thread> threads = new ArrayList<>(clients);
        Properties properties = target.sluiceProperties();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                boolean counted = false;
                try (Connection connection = connect(url, properties)) {
                    connected.countDown();
                    counted = true;
                    go.await();
                    if (clientFailure.get() == null) {
                        work.run(client, connection, deadline.get());
                    }
                } catch (Throwable e) {
                    clientFailure.compareAndSet(null, e);
                } finally {
                    if (!counted) {
                        connected.countDown();
                    }
                }
            }, "sluice-bench-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        connected.await();
        Sampler sampler = Sampler.start(engine, progressRows);
        long cpu = Usage.processCpuNanos();
        long start = System.nanoTime();
        deadline.set(durationNanos == null ? start + Long.MAX_VALUE / 2 : start + durationNanos);
        DoubleSupplier done = fraction != null ? fraction : () -> (System.nanoTime() - start) / (double) durationNanos;
        try (Progress progress = progress(label, progressRows, done)) {
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            Throwable failure = clientFailure.get();
            if (failure != null) {
                throw new BenchFailure(label + ": " + describe(failure), failure);
            }
            // Every row is sent (the bar may show 100%); the phase's time runs on until the last flush is written.
            progress.relabel(label + ", waiting for the last flushes");
            finish.run();
        } catch (Exception e) {
            sampler.stop();
            throw e;
        }
        long nanos = System.nanoTime() - start;
        Usage usage = Usage.since(cpu);
        return new Timed(nanos, sampler.stop(), usage);
    }

    private Connection connect(String url, Properties properties) throws SQLException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            if (target.kind() != BenchTarget.Kind.SQLITE) {
                throw new SQLException(e.getMessage() + " (each Sluice connection holds a connection to "
                        + target.kind().label + ": fewer --threads or --clients may be needed, or a larger max_connections)",
                        e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
    }

    private Progress progress(String label, LongSupplier rows, DoubleSupplier fraction) {
        return showProgress ? Progress.start(err, label, rows, fraction) : Progress.disabled();
    }

    /** A phase or run that cannot go on. */
    static final class BenchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : message;
    }

    // ---- SQL

    private void flush(String table) throws SQLException {
        try (Statement statement = control.createStatement()) {
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
        }
    }

    private Counters counters() throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(COUNTERS_QUERY)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        }
        return new Counters(values.getOrDefault("AsyncInsertQuery", 0L), values.getOrDefault("AsyncInsertRows", 0L),
                values.getOrDefault("AsyncInsertFlush", 0L));
    }

    private long metric(String name) throws SQLException {
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM system.metrics WHERE metric = '" + name + "'")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    private long busyTimeoutMillis() throws SQLException {
        return engineLong("async_insert_busy_timeout_max_ms", 200);
    }

    private long engineLong(String setting, long fallback) throws SQLException {
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM system.settings WHERE name = '" + setting + "'")) {
            return rows.next() ? Long.parseLong(rows.getString(1).trim()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** SQLite: microseconds since the epoch of a {@code YYYY-MM-DD HH:MM:SS.ffffff} column of the system tables. */
    private static final String MICROS = "(CAST(strftime('%%s', %1$s) AS INTEGER) * 1000000 + CAST(substr(%1$s, 21) AS INTEGER))";

    /**
     * The table's flushes: rows per flush query from {@code system.part_log}, and each flush's whole duration
     * (parsing, writing, committing, from its {@code QueryStart} to its {@code QueryFinish} in
     * {@code system.query_log}; the part's write time when the query log is off). Two queries joined here by
     * query id: joined in SQL, against an aggregate of the query log view (whose query id is computed, so no index
     * serves it), the time grew with the square of the flushes, minutes after a long phase.
     */
    private Flushes flushes(String table) throws SQLException {
        Map<String, Long> durations = new HashMap<>();
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT query_id, " + MICROS.formatted("event_time_microseconds") + " - "
                        + MICROS.formatted("query_start_time_microseconds") + " FROM system.query_log"
                        + " WHERE query_kind = 'AsyncInsertFlush' AND type = 'QueryFinish' AND \"table\" = '" + table + "'")) {
            while (rows.next()) {
                durations.merge(rows.getString(1), rows.getLong(2), Math::max);
            }
        }
        List<long[]> flushes = new ArrayList<>();
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery("SELECT query_id, sum(rows), sum(duration_ms) * 1000 FROM system.part_log"
                        + " WHERE \"table\" = '" + table + "' AND event_type = 'NewPart' AND coalesce(error, 0) = 0 GROUP BY query_id")) {
            while (rows.next()) {
                Long duration = durations.get(rows.getString(1));
                flushes.add(new long[] {rows.getLong(2), duration == null ? rows.getLong(3) : duration});
            }
        }
        long[] rows = new long[flushes.size()];
        long[] durationsPerFlush = new long[flushes.size()];
        for (int i = 0; i < flushes.size(); i++) {
            rows[i] = flushes.get(i)[0];
            durationsPerFlush[i] = flushes.get(i)[1];
        }
        return new Flushes(Percentiles.sorted(rows), Percentiles.sorted(durationsPerFlush));
    }

    private void verifyCount(Connection connection, String phase, String table, long expected) throws SQLException {
        long actual = target.count(connection, table);
        if (actual != expected) {
            String failure = String.format(Locale.ROOT, "%s: the table %s holds %,d rows, but %,d were sent", phase, table,
                    actual, expected);
            failures.add(failure);
            err.println("FAILED: " + failure);
        }
    }

    private long countQuietly(String table) {
        try {
            return target.count(control, table);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the run's result is what matters
            }
        }
    }

    // ---- output

    private void record(Phase phase) {
        phases.add(phase);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-40s %,11d rows in %6.2f s = %,10.0f rows/s",
                phase.name(), phase.rows(), phase.nanos() / 1e9, phase.rowsPerSecond()));
        if (phase.kind() == Kind.SLUICE) {
            line.append(" (").append(Units.ratio(phase.ratioTo(autocommit))).append(" autocommit, ")
                    .append(Units.ratio(phase.ratioTo(handBatcher))).append(" hand batcher, ")
                    .append(Units.ratio(phase.ratioTo(bulk))).append(" bulk)");
        }
        if (phase.counters() != null) {
            line.append(String.format(Locale.ROOT, ", %,d flushes, %s rows/flush", phase.counters().flushes(),
                    Summary.rowsPerFlush(phase)));
        }
        if (!Double.isNaN(phase.cpuMicrosPerRow())) {
            line.append(", ").append(Summary.cpuPerRow(phase)).append(" µs CPU/row");
        }
        if (phase.usage().loadAverage() >= 0) {
            line.append(String.format(Locale.ROOT, ", load %.1f", phase.usage().loadAverage()));
        }
        if (phase.hasLatencies()) {
            line.append(", ack p50 ").append(Units.millis(phase.latency(50))).append(", p99 ")
                    .append(Units.millis(phase.latency(99)));
        }
        out.println(line);
    }

    private void printSummary(Run run) {
        out.println();
        if (!run.phases().isEmpty()) {
            out.print(TablePrinter.render(Summary.HEADERS, Summary.rows(run), Summary.RIGHT_ALIGNED));
        }
        if (run.bulk() != null) {
            out.println("Bulk load: " + run.bulk().note() + ".");
        }
        if (run.handBatcher() != null) {
            out.println("Hand-written batcher: " + run.handBatcher().note() + ".");
        }
        out.println();
        for (String headline : Summary.headlines(run)) {
            out.println(headline);
        }
    }

    private void writeReport(Run run) throws IOException {
        if (options.report() != null) {
            Path report = options.report();
            if (report.getParent() != null) {
                Files.createDirectories(report.getParent());
            }
            Files.writeString(report, HtmlReport.render(run), StandardCharsets.UTF_8);
            out.println("Report: " + report);
        }
        if (options.charts() != null) {
            Files.createDirectories(options.charts());
            for (HtmlReport.Chart chart : HtmlReport.charts(run)) {
                Files.writeString(options.charts().resolve(chart.slug() + ".svg"),
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg(), StandardCharsets.UTF_8);
            }
            out.println("Charts: " + options.charts());
        }
    }
}

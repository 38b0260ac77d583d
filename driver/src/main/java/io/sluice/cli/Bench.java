package io.sluice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * {@code sluice bench}: Sluice against plain JDBC on SQLite, in one run on this machine. Phases:
 *
 * <ol>
 *   <li>baselines on a separate file with sqlite-jdbc alone ({@code journal_mode=WAL},
 *       {@code synchronous=FULL}): single-row autocommit INSERTs from one thread for a fixed time, then the
 *       same rows as one batch load in one transaction;
 *   <li>fire-and-forget: many threads, each with its own Sluice connection, send single-row INSERT text with
 *       {@code wait_for_async_insert=0}; the time runs until {@code SYSTEM FLUSH ASYNC INSERT QUEUE} returns,
 *       that is until every row is written, which is then checked with {@code count(*)};
 *   <li>waiting clients: many threads insert single rows with {@code wait_for_async_insert=1} for a fixed
 *       time; each insert's acknowledgement latency is recorded.
 * </ol>
 *
 * Uses JDBC only. Not thread-safe; one instance runs once.
 */
final class Bench {
    static final String CREATE_TABLE =
            "CREATE TABLE events (id INTEGER NOT NULL, ts INTEGER NOT NULL, name TEXT, value REAL)";
    private static final String COUNTERS_QUERY = "SELECT event, value FROM system.events "
            + "WHERE event IN ('AsyncInsertFlush', 'AsyncInsertRows', 'AsyncInsertQuery')";
    private static final long BATCH_CHUNK = 10_000;

    /** What to run; the defaults finish within a minute on two cores. */
    record Options(int threads, long rows, int waitingClients, int seconds, int baselineSeconds, Path file,
            boolean keep) {
        static final java.util.Set<String> VALUE_OPTIONS =
                java.util.Set.of("threads", "rows", "waiting-clients", "seconds", "baseline-seconds", "file");
        static final java.util.Set<String> FLAGS = java.util.Set.of("keep");

        static Options from(Arguments args) throws UsageException {
            if (!args.positionals().isEmpty()) {
                throw new UsageException("'sluice bench' takes no arguments, only options: " + args.positionals());
            }
            String file = args.option("file", null);
            return new Options(
                    args.intOption("threads", 8, 1),
                    args.longOption("rows", 200_000, 1),
                    args.intOption("waiting-clients", 300, 0),
                    args.intOption("seconds", 5, 1),
                    args.intOption("baseline-seconds", 3, 1),
                    file == null ? null : Path.of(file).toAbsolutePath(),
                    args.flag("keep"));
        }
    }

    /** Sluice's counters from {@code system.events}. */
    record Counters(long queries, long rows, long flushes) {
        Counters minus(Counters before) {
            return new Counters(queries - before.queries, rows - before.rows, flushes - before.flushes);
        }
    }

    /** One row of the summary; {@code counters} and {@code latencies} are {@code null} where not measured. */
    record Phase(String name, long rows, long nanos, Counters counters, LatencyHistogram latencies) {
        double rowsPerSecond() {
            return nanos == 0 ? 0 : rows * 1e9 / nanos;
        }
    }

    /** The loop one client thread runs on its own connection. */
    private interface ClientWork {
        void run(int client, Statement statement, long deadlineNanos) throws Exception;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> failures = new ArrayList<>();
    private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();

    Bench(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs every phase and prints the summary; 0 when every row sent was written, else 1. */
    int run() throws Exception {
        boolean temporary = options.file() == null;
        Path directory = temporary ? Files.createTempDirectory("sluice-bench") : options.file().getParent();
        Path sluiceFile = temporary ? directory.resolve("sluice.db") : options.file();
        Path baselineFile = directory.resolve(sluiceFile.getFileName() + ".baseline.db");
        for (Path path : List.of(sluiceFile, baselineFile)) {
            if (Files.exists(path)) {
                err.println("Error: " + path + " already exists; the benchmark needs a fresh database file");
                return 1;
            }
        }
        out.printf("Sluice bench: %,d rows fire-and-forget from %d threads, %d waiting clients for %d s%n",
                options.rows(), options.threads(), options.waitingClients(), options.seconds());
        out.println("Databases: " + sluiceFile + " (Sluice), " + baselineFile + " (plain JDBC)");
        try {
            List<Phase> phases = new ArrayList<>();
            Phase autocommit = baselineAutocommit(baselineFile);
            phases.add(autocommit);
            Phase batchLoad = baselineBatchLoad(baselineFile);
            phases.add(batchLoad);
            String url = "jdbc:sluice:sqlite:" + sluiceFile;
            Properties properties = targetProperties();
            try (Connection control = DriverManager.getConnection(url, properties)) {
                try (Statement statement = control.createStatement()) {
                    statement.execute(CREATE_TABLE);
                }
                Phase fireAndForget = fireAndForget(url, properties, control, autocommit);
                phases.add(fireAndForget);
                long expected = fireAndForget.rows();
                if (options.waitingClients() > 0) {
                    Phase waiting = waitingClients(url, properties, control, autocommit);
                    phases.add(waiting);
                    expected += waiting.rows();
                }
                flush(control);
                verifyCount(control, "in total", expected);
                printSummary(phases, autocommit, batchLoad, fireAndForget);
            }
        } finally {
            cleanUp(temporary, directory, sluiceFile, baselineFile);
        }
        if (failures.isEmpty()) {
            out.println("Every row sent was written.");
            return 0;
        }
        for (String failure : failures) {
            err.println("FAILED: " + failure);
        }
        return 1;
    }

    /** The durability the baseline runs at, asked of the target driver too (sqlite-jdbc pragma properties). */
    private static Properties targetProperties() {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "FULL");
        return properties;
    }

    // ---- phase 1: plain JDBC

    private Phase baselineAutocommit(Path file) throws SQLException {
        String name = "plain JDBC, autocommit";
        LongAdder sent = new LongAdder();
        long nanos;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute(CREATE_TABLE);
            StringBuilder sql = new StringBuilder(96);
            long start = System.nanoTime();
            long deadline = start + options.baselineSeconds() * 1_000_000_000L;
            Progress progress = Progress.start(out, name, sent::sum);
            try {
                for (long id = 0; System.nanoTime() - deadline < 0; id++) {
                    statement.executeUpdate(insertSql(sql, id));
                    sent.increment();
                }
            } finally {
                progress.close();
            }
            nanos = System.nanoTime() - start;
            verifyCount(connection, name, sent.sum());
        }
        Phase phase = new Phase(name, sent.sum(), nanos, null, null);
        printPhase(phase, null);
        return phase;
    }

    private Phase baselineBatchLoad(Path file) throws SQLException {
        String name = "plain JDBC, one batch";
        LongAdder sent = new LongAdder();
        long nanos;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute(CREATE_TABLE.replace("events", "events_batch"));
            }
            long start = System.nanoTime();
            Progress progress = Progress.start(out, name, sent::sum);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events_batch VALUES (?, ?, ?, ?)")) {
                connection.setAutoCommit(false);
                for (long id = 0; id < options.rows(); id++) {
                    insert.setLong(1, id);
                    insert.setLong(2, timestamp(id));
                    insert.setString(3, eventName(id));
                    insert.setDouble(4, value(id));
                    insert.addBatch();
                    if ((id + 1) % BATCH_CHUNK == 0) {
                        insert.executeBatch();
                        sent.add(BATCH_CHUNK);
                    }
                }
                insert.executeBatch();
                connection.commit();
                sent.add(options.rows() % BATCH_CHUNK);
            } finally {
                progress.close();
            }
            nanos = System.nanoTime() - start;
            connection.setAutoCommit(true);
        }
        Phase phase = new Phase(name, options.rows(), nanos, null, null);
        printPhase(phase, null);
        return phase;
    }

    // ---- phase 2: fire-and-forget

    private Phase fireAndForget(String url, Properties properties, Connection control, Phase baseline)
            throws Exception {
        int threads = options.threads();
        long rows = options.rows();
        String name = "Sluice, fire-and-forget, " + threads + (threads == 1 ? " thread" : " threads");
        LongAdder sent = new LongAdder();
        Counters before = counters(control);
        long nanos = runClients(name, threads, url + "?wait_for_async_insert=0", properties, sent::sum,
                Long.MAX_VALUE, (client, statement, deadline) -> {
                    StringBuilder sql = new StringBuilder(96);
                    long to = rows * (client + 1) / threads;
                    for (long id = rows * client / threads; id < to && clientFailure.get() == null; id++) {
                        statement.executeUpdate(insertSql(sql, id));
                        sent.increment();
                    }
                }, () -> flush(control));
        Phase phase = new Phase(name, sent.sum(), nanos, counters(control).minus(before), null);
        printPhase(phase, baseline);
        verifyCount(control, name, rows);
        return phase;
    }

    // ---- phase 3: waiting clients

    private Phase waitingClients(String url, Properties properties, Connection control, Phase baseline)
            throws Exception {
        int clients = options.waitingClients();
        String name = "Sluice, " + clients + " waiting clients";
        AtomicLong nextId = new AtomicLong(options.rows());
        LongAdder acknowledged = new LongAdder();
        LatencyHistogram[] latencies = new LatencyHistogram[clients];
        Counters before = counters(control);
        long nanos = runClients(name, clients, url + "?wait_for_async_insert=1", properties, acknowledged::sum,
                options.seconds() * 1_000_000_000L, (client, statement, deadline) -> {
                    LatencyHistogram histogram = new LatencyHistogram();
                    latencies[client] = histogram;
                    StringBuilder sql = new StringBuilder(96);
                    while (System.nanoTime() - deadline < 0 && clientFailure.get() == null) {
                        long id = nextId.getAndIncrement();
                        String insert = insertSql(sql, id);
                        long sentAt = System.nanoTime();
                        int written = statement.executeUpdate(insert);
                        histogram.record(System.nanoTime() - sentAt);
                        if (written != 1) {
                            throw new IllegalStateException("the insert of row " + id + " was acknowledged with "
                                    + written + " rows written, not 1");
                        }
                        acknowledged.increment();
                    }
                }, () -> {});
        LatencyHistogram all = new LatencyHistogram();
        for (LatencyHistogram histogram : latencies) {
            if (histogram != null) {
                all.add(histogram);
            }
        }
        Phase phase = new Phase(name, acknowledged.sum(), nanos, counters(control).minus(before), all);
        printPhase(phase, baseline);
        return phase;
    }

    /**
     * Connects {@code clients} threads (each its own connection and statement), releases them together,
     * waits for them and then runs {@code finish}. Returns the nanoseconds from the release until
     * {@code finish} returned; connecting is not timed. The first failure of any client stops the others
     * and is thrown.
     *
     * @param durationNanos how long the clients may run, passed to them as a deadline
     */
    private long runClients(String label, int clients, String url, Properties properties, LongSupplier progressRows,
            long durationNanos, ClientWork work, SqlAction finish) throws Exception {
        clientFailure.set(null);
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                boolean counted = false;
                try (Connection connection = DriverManager.getConnection(url, properties);
                        Statement statement = connection.createStatement()) {
                    connected.countDown();
                    counted = true;
                    go.await();
                    if (clientFailure.get() == null) {
                        work.run(client, statement, deadline.get());
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
        long start = System.nanoTime();
        deadline.set(durationNanos == Long.MAX_VALUE ? start + Long.MAX_VALUE / 2 : start + durationNanos);
        Progress progress = Progress.start(out, label, progressRows);
        try {
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            Throwable failure = clientFailure.get();
            if (failure != null) {
                throw new BenchFailure(label + ": " + describe(failure), failure);
            }
            finish.run();
        } finally {
            progress.close();
        }
        return System.nanoTime() - start;
    }

    /** A phase that cannot go on. */
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

    /** {@code INSERT INTO events VALUES (…)} for row {@code id}, built in {@code sql} (reused per thread). */
    static String insertSql(StringBuilder sql, long id) {
        sql.setLength(0);
        sql.append("INSERT INTO events VALUES (").append(id).append(", ").append(timestamp(id)).append(", '")
                .append(eventName(id)).append("', ").append(value(id)).append(')');
        return sql.toString();
    }

    private static long timestamp(long id) {
        return 1_700_000_000_000L + id;
    }

    private static String eventName(long id) {
        return "event-" + (id % 16);
    }

    private static double value(long id) {
        return (id % 1000) / 10.0;
    }

    private static void flush(Connection control) throws SQLException {
        try (Statement statement = control.createStatement()) {
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
    }

    private static Counters counters(Connection control) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = control.createStatement();
                ResultSet rows = statement.executeQuery(COUNTERS_QUERY)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        }
        return new Counters(values.getOrDefault("AsyncInsertQuery", 0L), values.getOrDefault("AsyncInsertRows", 0L),
                values.getOrDefault("AsyncInsertFlush", 0L));
    }

    private void verifyCount(Connection connection, String phase, long expected) throws SQLException {
        long actual;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            actual = rows.getLong(1);
        }
        if (actual != expected) {
            String failure = String.format("%s: the table holds %,d rows, but %,d were sent", phase, actual, expected);
            failures.add(failure);
            err.println("FAILED: " + failure);
        }
    }

    // ---- reports

    private void printPhase(Phase phase, Phase baseline) {
        StringBuilder line = new StringBuilder(String.format("  %-34s %,10d rows in %6.2f s = %,10.0f rows/s",
                phase.name(), phase.rows(), phase.nanos() / 1e9, phase.rowsPerSecond()));
        if (baseline != null) {
            line.append(String.format(" (%s autocommit)", ratio(phase, baseline)));
        }
        if (phase.counters() != null) {
            line.append(String.format(", %,d flushes, %s rows/flush", phase.counters().flushes(),
                    rowsPerFlush(phase.counters())));
        }
        if (phase.latencies() != null && phase.latencies().count() > 0) {
            line.append(String.format(", ack p50 %s, p99 %s", millis(phase.latencies().percentile(50)),
                    millis(phase.latencies().percentile(99))));
        }
        out.println(line);
    }

    private void printSummary(List<Phase> phases, Phase autocommit, Phase batchLoad, Phase fireAndForget) {
        List<String> headers = List.of("phase", "rows", "seconds", "rows/s", "vs autocommit", "flushes",
                "rows/flush", "ack p50", "ack p99");
        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : phases) {
            Counters counters = phase.counters();
            LatencyHistogram latencies = phase.latencies();
            boolean measured = latencies != null && latencies.count() > 0;
            rows.add(List.of(phase.name(), String.format("%,d", phase.rows()),
                    String.format("%.2f", phase.nanos() / 1e9), String.format("%,.0f", phase.rowsPerSecond()),
                    phase == autocommit ? "1.0×" : ratio(phase, autocommit),
                    counters == null ? "-" : String.format("%,d", counters.flushes()),
                    counters == null ? "-" : rowsPerFlush(counters),
                    measured ? millis(latencies.percentile(50)) : "-",
                    measured ? millis(latencies.percentile(99)) : "-"));
        }
        boolean[] rightAligned = {false, true, true, true, true, true, true, true, true};
        out.println();
        out.print(TablePrinter.render(headers, rows, rightAligned));
        out.println();
        out.printf("Fire-and-forget vs plain autocommit inserts: %s (design goal: at least 30×)%n",
                ratio(fireAndForget, autocommit));
        out.printf("Fire-and-forget vs one plain batch load:     %s (design goal: at least 0.5×)%n",
                ratio(fireAndForget, batchLoad));
    }

    private static String ratio(Phase phase, Phase baseline) {
        double base = baseline.rowsPerSecond();
        return base == 0 ? "-" : String.format("%.1f×", phase.rowsPerSecond() / base);
    }

    private static String rowsPerFlush(Counters counters) {
        return counters.flushes() == 0 ? "-" : String.format("%,.0f", (double) counters.rows() / counters.flushes());
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    // ---- files

    private void cleanUp(boolean temporary, Path directory, Path sluiceFile, Path baselineFile) throws IOException {
        if (options.keep()) {
            out.println("Kept the databases: " + sluiceFile + ", " + baselineFile);
            return;
        }
        if (temporary) {
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
    }
}

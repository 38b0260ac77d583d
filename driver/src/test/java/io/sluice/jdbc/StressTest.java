package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.engine.Engines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency stress, end to end through {@link DriverManager}: real threads, a real SQLite file and the
 * real clock.
 *
 * <p>Six inserter threads, each with its own connection, write into one table: CSV, JSONEachRow and
 * Values, each once waiting for the flush ({@code wait_for_async_insert=1}) and once not (through a
 * {@code SETTINGS} clause for CSV and Values, through a session {@code SET} for JSONEachRow). Each INSERT
 * carries 1-5 rows with unique ids and payloads full of commas, quotes, backslashes, line breaks (raw where
 * the format allows them, escaped elsewhere) and non-ASCII text. Two reader threads loop over
 * {@code count(*)} of the table (which must never go down) and every system table; a flusher runs
 * {@code SYSTEM FLUSH ASYNC INSERT QUEUE} every 200 ms (pacing only). The URL sets
 * {@code async_insert_busy_timeout_max_ms=50} so buffers also flush on their own, and
 * {@code async_insert_max_buffered_bytes=262144} so the inserters that do not wait meet backpressure
 * instead of piling up a backlog that only grows with the length of the run.
 *
 * <p>At the end every thread must stop within a bounded time (else the test fails with a dump of all
 * threads, deadlocks included), no statement may have failed, the queue must be empty, the table must hold
 * exactly the rows of the acknowledged INSERTs (none missing, none extra, none twice, each with the source
 * and payload that were sent), and the logs and counters must agree with it.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code sluice.stress.seconds}: how long the load runs, {@value #DEFAULT_SECONDS} s by default so the
 *       normal suite stays fast;</li>
 *   <li>{@code sluice.stress.params}: the URL parameters, by default
 *       {@code async_insert_busy_timeout_max_ms=50&amp;async_insert_max_buffered_bytes=262144}
 *       ({@code async_insert_busy_timeout_max_ms=50} alone leaves the buffered bytes unbounded).</li>
 * </ul>
 * A longer run, from the repository root:
 *
 * <pre>
 * mvn -B -o test -pl driver -Dtest=StressTest -Dsluice.stress.seconds=10
 * mvn -B -o test -pl driver -Dtest=StressTest -Dsluice.stress.seconds=10 -Dsluice.stress.params=async_insert_busy_timeout_max_ms=50
 * </pre>
 *
 * <p>Its summary line ({@code StressTest: ... inserts acknowledged ...}, with the longest time each kind of
 * operation took) goes to {@code driver/target/surefire-reports/io.sluice.jdbc.StressTest-output.txt}.
 */
class StressTest {
    static final long DEFAULT_SECONDS = 3;
    private static final String SECONDS_PROPERTY = "sluice.stress.seconds";
    private static final String PARAMS_PROPERTY = "sluice.stress.params";
    static final String DEFAULT_PARAMS = "async_insert_busy_timeout_max_ms=50&async_insert_max_buffered_bytes=262144";
    /** How long a thread may take to stop after the end of the run before the test calls it stuck. */
    private static final long STOP_GRACE_SECONDS = 60;
    private static final int MIN_INSERTS_TOTAL = 100;
    /** The default {@code system_log_max_rows}: beyond it the log may have been trimmed. */
    private static final long LOG_MAX_ROWS = 1_000_000;

    private static final String[] SYSTEM_TABLES = {
        "asynchronous_inserts", "asynchronous_insert_log", "part_log", "query_log", "events", "metrics",
        "settings", "plugins", "asynchronous_insert_dead_letter"};
    /** Tables that grow with the run: their rows are read with a limit so a reader's loop stays cheap. */
    private static final Set<String> LOG_TABLES = Set.of(
            "asynchronous_insert_log", "part_log", "query_log", "asynchronous_insert_dead_letter");

    /** Pieces of payloads: separators, quotes of every kind, escapes, line breaks and non-ASCII text. */
    private static final String[] PIECES = {
        "plain", "some, quoted \"payload\"", "it's", "''", "\"\"", ",", ", ,", "back\\slash", "\\N", "\\n",
        "line\nbreak", "crlf\r\nbreak", "tab\there", "  padded  ", "{\"json\": [1, 2]}", "(1, 'x')",
        "ünïcødé", "日本語のテキスト", "emoji 🚀🎉", "Ελληνικά", "NULL", "DEFAULT", ";", "--", "/* */", "é\u0301"};

    /** The three formats, and how each writes a row. */
    enum Format {
        CSV, JSON_EACH_ROW, VALUES
    }

    /** What was sent for one id. */
    record Row(String source, String payload) {}

    @TempDir
    Path directory;

    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    /** Every id sent, acknowledged or not, with what was sent for it. */
    private final Map<Long, Row> sent = new ConcurrentHashMap<>();
    /** The ids of every INSERT that returned normally. */
    private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> insertsBySource = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> readerLoops = new ConcurrentHashMap<>();
    private final AtomicLong flushes = new AtomicLong();
    /** The longest time one operation took, per kind, in milliseconds: for the summary. */
    private final Map<String, AtomicLong> longestMillis = new ConcurrentHashMap<>();
    private volatile long deadline;

    @AfterEach
    void closeEverything() {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the engine closes its connections anyway
            }
        }
        Engines.closeAll();
    }

    private Connection connect(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        connections.add(connection);
        return connection;
    }

    @Test
    void concurrentInsertsReadsAndFlushesLoseNothingAndDuplicateNothing() throws Exception {
        long seconds = Long.getLong(SECONDS_PROPERTY, DEFAULT_SECONDS);
        String parameters = System.getProperty(PARAMS_PROPERTY, DEFAULT_PARAMS);
        String url = "jdbc:sluice:sqlite:" + directory.resolve("stress.db") + "?" + parameters;
        Connection main = connect(url);
        try (Statement statement = main.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (id INTEGER NOT NULL, source TEXT, payload TEXT)");
        }

        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (Format format : Format.values()) {
            for (boolean wait : new boolean[] {true, false}) {
                Connection connection = connect(url);
                String source = format.name().toLowerCase(Locale.ROOT) + (wait ? "-wait" : "-nowait");
                insertsBySource.put(source, new AtomicLong());
                threads.add(new Thread(() -> runInserter(connection, format, wait, source, start), "stress-" + source));
            }
        }
        for (int i = 1; i <= 2; i++) {
            Connection connection = connect(url);
            String name = "stress-reader-" + i;
            readerLoops.put(name, new AtomicLong());
            threads.add(new Thread(() -> runReader(connection, start), name));
        }
        Connection flusherConnection = connect(url);
        Statement flusherStatement = flusherConnection.createStatement();
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "stress-flusher"));

        long began = System.nanoTime();
        deadline = began + TimeUnit.SECONDS.toNanos(seconds);
        threads.forEach(Thread::start);
        flusher.scheduleWithFixedDelay(() -> {
            try {
                long startNanos = System.nanoTime();
                flusherStatement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
                timed("flush", startNanos);
                flushes.incrementAndGet();
            } catch (Throwable e) {
                record("flusher", "SYSTEM FLUSH ASYNC INSERT QUEUE", e);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        start.countDown();

        // The threads stop by themselves at the deadline; join waits for that, then for a bounded grace.
        long joinBy = deadline + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        flusher.shutdown();
        boolean flusherStopped = flusher.awaitTermination(
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())), TimeUnit.MILLISECONDS);
        List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toList());
        if (!flusherStopped) {
            stuck.add("stress-flusher");
        }
        if (!stuck.isEmpty()) {
            fail("Threads did not stop within " + STOP_GRACE_SECONDS + " s of the end of the run: " + stuck
                    + "\nErrors so far: " + errors + "\n" + threadDump());
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        try (Statement statement = main.createStatement()) {
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
        }

        // Gather everything first, so the summary is printed even when an assertion fails.
        Map<Long, Integer> expected = new HashMap<>();
        acknowledged.forEach(id -> expected.merge(id, 1, Integer::sum));
        Map<Long, Integer> found = new HashMap<>();
        List<String> wrongContent = new ArrayList<>();
        try (Statement statement = main.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, source, payload FROM t")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                found.merge(id, 1, Integer::sum);
                Row actual = new Row(rows.getString(2), rows.getString(3));
                Row sentRow = sent.get(id);
                if (!actual.equals(sentRow) && wrongContent.size() < 20) {
                    wrongContent.add("id " + id + ": sent " + describe(sentRow) + ", found " + describe(actual));
                }
            }
        }
        long rowCount = found.values().stream().mapToLong(Integer::longValue).sum();
        Map<String, Long> statuses = new TreeMap<>();
        long okRows = 0;
        try (Statement statement = main.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT status, count(*), sum(rows) FROM system.asynchronous_insert_log GROUP BY status")) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getLong(2));
                if ("Ok".equals(rows.getString(1))) {
                    okRows = rows.getLong(3);
                }
            }
        }
        Map<String, Long> events = nameValues(main, "SELECT event, value FROM system.events");
        Map<String, Long> metrics = nameValues(main, "SELECT metric, value FROM system.metrics");
        long inserts = insertsBySource.values().stream().mapToLong(AtomicLong::get).sum();
        String summary = "StressTest: " + seconds + " s requested, " + elapsedMillis + " ms elapsed, " + inserts
                + " inserts acknowledged " + new TreeMap<>(insertsBySource) + ", " + rowCount + " rows in t, "
                + "asynchronous_insert_log " + statuses + " (" + okRows + " rows Ok), "
                + events.getOrDefault("AsyncInsertFlush", 0L) + " flushes, "
                + events.getOrDefault("AsyncInsertBackpressureWaits", 0L) + " backpressure waits, "
                + "reader loops " + new TreeMap<>(readerLoops) + ", " + flushes.get() + " scheduled flushes, "
                + "longest ms " + new TreeMap<>(longestMillis) + ", url parameters " + parameters;
        System.out.println(summary);

        assertThat(errors.size()).as("errors of the inserters, readers and flusher (the first 20):%n%s",
                errors.stream().limit(20).collect(Collectors.joining("\n\n"))).isZero();
        assertThat(queryLong(main, "SELECT count(*) FROM system.asynchronous_inserts"))
                .as("buffers still pending after the final flush").isZero();
        assertThat(metrics.get("PendingAsyncInsert")).as("PendingAsyncInsert after the final flush").isZero();
        assertThat(metrics.get("AsynchronousInsertBufferedBytes")).as("AsynchronousInsertBufferedBytes after the final flush")
                .isZero();

        Set<Long> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(found.keySet());
        Set<Long> extra = new TreeSet<>(found.keySet());
        extra.removeAll(expected.keySet());
        Map<Long, Integer> duplicated = new TreeMap<>();
        found.forEach((id, count) -> {
            if (count > 1) {
                duplicated.put(id, count);
            }
        });
        assertThat(expected.values()).as("an id was acknowledged twice: the test's own bug").containsOnly(1);
        assertThat(missing).as("acknowledged ids missing from t (%d of %d; asynchronous_insert_log statuses %s)",
                missing.size(), expected.size(), statuses).isEmpty();
        assertThat(extra).as("ids in t that no INSERT acknowledged").isEmpty();
        assertThat(duplicated).as("ids written more than once (id -> copies)").isEmpty();
        assertThat(wrongContent).as("rows whose source or payload differ from what was sent").isEmpty();
        assertThat(rowCount).as("rows in t").isEqualTo(acknowledged.size());

        assertThat(statuses.keySet()).as("statuses in system.asynchronous_insert_log").containsOnly("Ok");
        if (inserts < LOG_MAX_ROWS) {
            assertThat(statuses.get("Ok")).as("Ok entries in system.asynchronous_insert_log").isEqualTo(inserts);
            assertThat(okRows).as("rows of the Ok entries in system.asynchronous_insert_log").isEqualTo(rowCount);
        }
        assertThat(queryLong(main, "SELECT count(*) FROM system.asynchronous_insert_dead_letter"))
                .as("entries in system.asynchronous_insert_dead_letter").isZero();
        assertThat(events.getOrDefault("AsyncInsertQuery", 0L)).as("AsyncInsertQuery").isEqualTo(inserts);
        assertThat(events.getOrDefault("AsyncInsertRows", 0L)).as("AsyncInsertRows").isEqualTo(rowCount);
        for (String zero : List.of("FailedAsyncInsertQuery", "SynchronousInsertQuery", "AsyncInsertWaitTimeouts",
                "AsyncInsertBackpressureRefusals", "AsyncInsertDeadLetters", "DuplicatedInsertedBlocks")) {
            assertThat(events.getOrDefault(zero, 0L)).as("event %s", zero).isZero();
        }

        // Every thread runs its loop at least once, so these hold however slow the machine is.
        insertsBySource.forEach((source, count) -> assertThat(count.get())
                .as("inserts acknowledged for %s", source).isPositive());
        readerLoops.forEach((reader, count) -> assertThat(count.get()).as("loops of %s", reader).isPositive());
        assertThat(flushes.get()).as("scheduled flushes that returned").isPositive();
        assertThat(inserts).as("inserts acknowledged").isGreaterThanOrEqualTo(MIN_INSERTS_TOTAL);
    }

    private static Map<String, Long> nameValues(Connection connection, String sql) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        }
        return values;
    }

    private void timed(String kind, long startNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        longestMillis.computeIfAbsent(kind, k -> new AtomicLong()).accumulateAndGet(millis, Math::max);
    }

    private boolean running() {
        return System.nanoTime() - deadline < 0;
    }

    private void runInserter(Connection connection, Format format, boolean wait, String source, CountDownLatch start) {
        String sql = "";
        try (Statement statement = connection.createStatement()) {
            if (format == Format.JSON_EACH_ROW && !wait) {
                statement.execute("SET wait_for_async_insert = 0");
            }
            start.await();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            do {
                int rowCount = random.nextInt(1, 6);
                long[] ids = new long[rowCount];
                StringBuilder data = new StringBuilder();
                for (int i = 0; i < rowCount; i++) {
                    long id = nextId.getAndIncrement();
                    ids[i] = id;
                    String payload = payload(random);
                    sent.put(id, new Row(source, payload));
                    appendRow(data, format, id, source, payload, random, i);
                }
                sql = insert(format, wait, data);
                try {
                    long startNanos = System.nanoTime();
                    int written = statement.executeUpdate(sql);
                    timed(wait ? "insert-wait" : "insert-nowait", startNanos);
                    int expectedCount = wait ? rowCount : 0;
                    if (written != expectedCount) {
                        errors.add(source + ": executeUpdate returned " + written + " instead of " + expectedCount
                                + " for\n" + sql);
                    }
                    for (long id : ids) {
                        acknowledged.add(id);
                    }
                    insertsBySource.get(source).incrementAndGet();
                } catch (SQLException e) {
                    record(source, sql, e);
                }
            } while (running());
        } catch (Throwable e) {
            record(source, sql, e);
        }
    }

    private static String insert(Format format, boolean wait, StringBuilder data) {
        String settings = wait ? "" : " SETTINGS wait_for_async_insert = 0";
        return switch (format) {
            case CSV -> "INSERT INTO t" + settings + " FORMAT CSV\n" + data;
            // The session SET turns waiting off for this connection.
            case JSON_EACH_ROW -> "INSERT INTO t FORMAT JSONEachRow\n" + data;
            case VALUES -> "INSERT INTO t" + settings + " VALUES " + data;
        };
    }

    private static void appendRow(StringBuilder data, Format format, long id, String source, String payload,
            ThreadLocalRandom random, int index) {
        switch (format) {
            case CSV -> data.append(id).append(',').append(source).append(",\"")
                    .append(payload.replace("\"", "\"\"")).append("\"\n");
            case JSON_EACH_ROW -> {
                boolean escapeNonAscii = random.nextBoolean();
                data.append("{\"id\":").append(id).append(",\"source\":");
                appendJsonString(data, source, escapeNonAscii);
                data.append(",\"payload\":");
                appendJsonString(data, payload, escapeNonAscii);
                data.append("}\n");
            }
            case VALUES -> {
                if (index > 0) {
                    data.append(", ");
                }
                data.append('(').append(id).append(", '").append(source).append("', '");
                boolean doubledQuotes = random.nextBoolean();
                boolean rawBreaks = random.nextBoolean();
                for (int i = 0; i < payload.length(); i++) {
                    char c = payload.charAt(i);
                    switch (c) {
                        case '\\' -> data.append("\\\\");
                        case '\'' -> data.append(doubledQuotes ? "''" : "\\'");
                        case '\n' -> data.append(rawBreaks ? "\n" : "\\n");
                        case '\r' -> data.append(rawBreaks ? "\r" : "\\r");
                        case '\t' -> data.append(rawBreaks ? "\t" : "\\t");
                        default -> data.append(c);
                    }
                }
                data.append("')");
            }
            default -> throw new IllegalStateException(format.name());
        }
    }

    /** A JSON string; with {@code escapeNonAscii}, every non-ASCII char as a {@code \\u} escape (surrogates too). */
    private static void appendJsonString(StringBuilder data, String text, boolean escapeNonAscii) {
        data.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> data.append("\\\"");
                case '\\' -> data.append("\\\\");
                case '\n' -> data.append("\\n");
                case '\r' -> data.append("\\r");
                case '\t' -> data.append("\\t");
                default -> {
                    if (c < 0x20 || (c > 0x7e && escapeNonAscii)) {
                        data.append(String.format("\\u%04x", (int) c));
                    } else {
                        data.append(c);
                    }
                }
            }
        }
        data.append('"');
    }

    private static String payload(ThreadLocalRandom random) {
        int pieces = random.nextInt(0, 4);
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (i > 0 && random.nextBoolean()) {
                payload.append(' ');
            }
            payload.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return payload.toString();
    }

    private void runReader(Connection connection, CountDownLatch start) {
        String name = Thread.currentThread().getName();
        String sql = "";
        try (Statement statement = connection.createStatement()) {
            start.await();
            long lastCount = 0;
            do {
                sql = "SELECT count(*) FROM t";
                long startNanos = System.nanoTime();
                try {
                    long count = queryLong(connection, sql);
                    if (count < lastCount) {
                        errors.add(name + ": count(*) of t went down from " + lastCount + " to " + count);
                    }
                    lastCount = count;
                    for (String table : SYSTEM_TABLES) {
                        sql = "SELECT count(*) FROM system." + table;
                        queryLong(connection, sql);
                        sql = "SELECT * FROM system." + table + (LOG_TABLES.contains(table) ? " LIMIT 200" : "");
                        try (ResultSet rows = statement.executeQuery(sql)) {
                            ResultSetMetaData metadata = rows.getMetaData();
                            while (rows.next()) {
                                for (int column = 1; column <= metadata.getColumnCount(); column++) {
                                    rows.getObject(column);
                                }
                            }
                        }
                    }
                    timed("reader-loop", startNanos);
                    readerLoops.get(name).incrementAndGet();
                } catch (SQLException e) {
                    record(name, sql, e);
                }
            } while (running());
        } catch (Throwable e) {
            record(name, sql, e);
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("No row from " + sql);
            }
            return rows.getLong(1);
        }
    }

    private void record(String who, String sql, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        errors.add(who + " [" + Thread.currentThread().getName() + "] failed on:\n" + sql + "\n" + trace);
    }

    private static String describe(Row row) {
        return row == null ? "nothing" : "(" + quoted(row.source()) + ", " + quoted(row.payload()) + ")";
    }

    private static String quoted(String text) {
        if (text == null) {
            return "NULL";
        }
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /** Every thread with its full stack, locks and lock owners, and the deadlocks the JVM can see. */
    private static String threadDump() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        StringBuilder dump = new StringBuilder();
        long[] deadlocked = bean.findDeadlockedThreads();
        dump.append("Deadlocked threads: ").append(deadlocked == null ? "none" : java.util.Arrays.toString(deadlocked))
                .append("\n\nThread dump:\n");
        for (ThreadInfo info : bean.dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" id=").append(info.getThreadId())
                    .append(' ').append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(info.getLockOwnerName()).append("\" id=").append(info.getLockOwnerId());
            }
            dump.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                dump.append("\tat ").append(stack[i]).append('\n');
                for (var monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        dump.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (var synchronizer : info.getLockedSynchronizers()) {
                dump.append("\t- locked synchronizer ").append(synchronizer).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}

package io.sluice.conformance;

import io.sluice.engine.Engines;
import io.sluice.jdbc.SluiceStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link Scenario} through JDBC against a fresh database of one {@link ScenarioStorage} (a new
 * SQLite file, a new PostgreSQL schema, a new MariaDB database), on its own {@link ManualClock}.
 *
 * <h2>The scenario format</h2>
 *
 * A scenario is a {@code .sql} file under {@code src/test/resources/scenarios/}, in the spirit of
 * ClickHouse's {@code .sql} + {@code .reference} tests, with the expectations written inline:
 *
 * <pre>
 * -- scenario: a flush on the entry count writes every entry at once      (required, first)
 * -- url: async_insert_max_query_number=3&amp;wait_for_async_insert=0        (optional: URL parameters of every connection)
 * -- storages: sqlite (PRAGMA user_version)                              (optional: only these storages, and why)
 * -- known-failure: mariadb (what is broken, and where)                  (optional: a storage it fails on)
 * CREATE TABLE t (a INTEGER);
 * INSERT INTO t VALUES (1);
 * -- expect: 0
 * SELECT a FROM t ORDER BY a;
 * -- expect:
 * -- 1
 * </pre>
 *
 * <b>Storages.</b> A scenario runs on every storage unless its header says {@code -- storages:} with the
 * storages it is written for ({@code sqlite}, {@code postgresql}, {@code mariadb}, joined by commas) and,
 * in parentheses, why: SQLite's own SQL or type names in its statements or expected rows, PRAGMAs, files.
 * On the other storages it is reported as skipped with that reason. A header
 * {@code -- known-failure: mariadb (the bug, and where)} names a storage the scenario fails on because of
 * a known bug: it still runs there, is reported as skipped with what failed, and fails the suite once it
 * passes, so that the header goes with the bug. {@code ${database}} in a statement, an
 * expected row or an expected error stands for the name of the scenario's database as the engine reports
 * it ({@code main} on SQLite, the scenario's own schema or database elsewhere).
 *
 * <p><b>Statements.</b> A statement runs from its first line to the first line that ends with {@code ;}
 * (the {@code ;} is not sent). A statement whose line ends with {@code FORMAT <name>} (an INSERT with data
 * in CSV, TSV, JSONEachRow…) takes the following lines verbatim as its inline data, each ended by a line
 * break, up to a line holding only {@code ;}:
 *
 * <pre>
 * INSERT INTO t FORMAT CSV
 * 1,"a"
 * 2,"b"
 * ;
 * </pre>
 *
 * A statement that fails must be followed by {@code -- error:}; one that succeeds may be followed by
 * {@code -- expect:}. An error nobody expected fails the scenario at once.
 *
 * <p><b>Comments and directives.</b> A line {@code -- name} or {@code -- name: argument}, where the name is
 * lowercase words joined by {@code -}, is a directive; any other {@code --} line is a prose comment. An
 * unknown directive fails the scenario, so a typo never silently weakens it.
 *
 * <ul>
 *   <li>{@code -- expect: N} — the previous statement's update count is N; or, when it returned a result
 *       set, that result is exactly one row rendered as N.
 *   <li>{@code -- expect:} followed by {@code -- row} lines — the result rows, in order, each row's values
 *       joined by {@code |}, SQL NULL written {@code NULL}. The rows end at a blank line, a statement or a
 *       directive. {@code -- expect: no rows} — an empty result.
 *   <li>{@code -- error: NAME} — the previous statement failed with that ClickHouse error: the message starts
 *       with {@code NAME:} and {@code getErrorCode()} is its code. {@code -- error: NAME: message} also
 *       compares the whole message exactly.
 *   <li>{@code -- advance: 200ms} (or {@code 2s}) — advances the scenario's manual clock; every deadline
 *       that became due has fired when it returns (the flushes it started may still be running).
 *   <li>{@code -- await-flushes} — waits until every flush already triggered has finished; does not flush
 *       open buffers.
 *   <li>{@code -- connection: name [params]} — switches to the named connection, opening it on first use
 *       with the scenario's URL parameters followed by {@code params} ({@code a=1&b=2}; later ones win).
 *       The first connection is {@code default}.
 *   <li>{@code -- background: w1} — the next statement runs in a background thread named {@code w1} on
 *       the current connection. The runner continues once that statement has finished or is parked
 *       waiting for its result (e.g. a waiting INSERT whose entry is buffered), so following directives see
 *       its entry. No other statement may use that connection until it is joined.
 *   <li>{@code -- join: w1} — waits for {@code w1}; its outcome becomes "the previous statement" for the
 *       next {@code -- expect:} / {@code -- error:}. Every background statement must be joined.
 *   <li>{@code -- query-id: id} — the next statement's query id (through {@link SluiceStatement#setQueryId}).
 *   <li>{@code -- restart} — a graceful shutdown and a new process: {@link Engines#closeAll()} (which
 *       flushes every buffer), then every connection is opened again with its parameters, on the same
 *       database file and clock. Session state ({@code SET}) is gone.
 *   <li>{@code -- autocommit: off|on}, {@code -- commit}, {@code -- rollback} — the current connection's
 *       transaction control.
 * </ul>
 *
 * Not thread-safe: one runner per scenario.
 */
final class ScenarioRunner implements AutoCloseable {
    /** How long a statement may take; a background one, to finish or to start waiting. */
    private static final long STATEMENT_LIMIT_SECONDS = 30;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)");
    private static final Pattern CONNECTION = Pattern.compile("(\\S+)(?:\\s+(\\S+))?");
    /** Statements that may return rows; every other statement runs with {@code executeUpdate}. */
    private static final Pattern QUERY = Pattern.compile("\\s*(\\(|(SELECT|WITH|EXPLAIN|PRAGMA|VALUES)\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR = Pattern.compile("([A-Z][A-Z_]*)(?::\\s(.*))?", Pattern.DOTALL);

    /** A JDBC connection of the scenario, with the parameters it was opened with. */
    private static final class Conn {
        final String name;
        final String parameters;
        Connection jdbc;
        String busyWith;

        Conn(String name, String parameters) {
            this.name = name;
            this.parameters = parameters;
        }
    }

    /** What a statement did: an update count, result rows, or an error. */
    private record Outcome(int line, String sql, Long updateCount, List<String> rows, SQLException error) {
        String describe() {
            if (error != null) {
                return "error " + error.getMessage() + " (code " + error.getErrorCode() + ")";
            }
            return updateCount != null ? "update count " + updateCount : "rows " + rows;
        }
    }

    /** A statement running in a background thread. */
    private record Background(int line, Conn conn, Thread thread, CompletableFuture<Outcome> outcome) {}

    private final Scenario scenario;
    private final ScenarioStorage.Target target;
    private final ManualClock clock = new ManualClock();
    private final Map<String, Conn> connections = new LinkedHashMap<>();
    private final Map<String, Background> backgrounds = new LinkedHashMap<>();
    private Conn current;
    private Outcome last;
    /** Whether {@link #last} was checked by an {@code -- error:} (an unchecked error fails the scenario). */
    private boolean lastChecked = true;
    private String nextBackground;
    private String nextQueryId;

    /** A runner on a new SQLite file {@code scenario.db} in {@code folder}. */
    ScenarioRunner(Scenario scenario, Path folder) throws SQLException {
        this(scenario, ScenarioStorage.SQLITE.open(folder));
    }

    /**
     * A runner on {@code target}, which it does not close: the caller drops the database after
     * {@link #close()} has closed every engine on it.
     */
    ScenarioRunner(Scenario scenario, ScenarioStorage.Target target) {
        this.scenario = scenario;
        this.target = target;
    }

    /** {@code text} with {@code ${database}} replaced by the scenario's database. */
    private String resolve(String text) {
        return text.replace("${database}", target.database());
    }

    /** Runs every step; throws {@link AssertionError} at the first expectation that does not hold. */
    void run() throws Exception {
        current = open("default", "");
        for (Scenario.Step step : scenario.steps()) {
            if (step instanceof Scenario.Sql sql) {
                requireLastChecked();
                runStatement(new Scenario.Sql(sql.line(), resolve(sql.sql())));
            } else if (step instanceof Scenario.Directive directive) {
                if (!directive.name().equals("error") && !directive.name().equals("expect")) {
                    requireLastChecked();
                }
                runDirective(directive);
            }
        }
        requireLastChecked();
        if (nextBackground != null || nextQueryId != null) {
            throw failure(scenario.steps().get(scenario.steps().size() - 1).line(), "a '-- background:' or '-- query-id:' with no statement after it");
        }
        if (!backgrounds.isEmpty()) {
            Map.Entry<String, Background> first = backgrounds.entrySet().iterator().next();
            throw failure(first.getValue().line(), "background statement '" + first.getKey() + "' was never joined");
        }
    }

    // ---------------------------------------------------------------- statements

    /**
     * Runs a statement on its own thread, so that a statement that never returns (a waiting INSERT whose
     * deadline the manual clock never reaches) fails the scenario instead of hanging the suite.
     */
    private void runStatement(Scenario.Sql step) throws Exception {
        Conn conn = current;
        if (conn.busyWith != null) {
            throw failure(step.line(), "connection '" + conn.name + "' is busy with background statement '" + conn.busyWith
                    + "'; join it first or switch connections");
        }
        String queryId = nextQueryId;
        nextQueryId = null;
        String name = nextBackground;
        nextBackground = null;
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.complete(execute(conn, step, queryId));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "scenario-" + (name == null ? "statement" : name));
        thread.setDaemon(true);
        if (name == null) {
            thread.start();
            last = await(step.line(), outcome, "the statement did not return within " + STATEMENT_LIMIT_SECONDS
                    + " s (a waiting INSERT needs '-- background:' and a clock advance)");
            lastChecked = last.error() == null;
            return;
        }
        conn.busyWith = name;
        backgrounds.put(name, new Background(step.line(), conn, thread, outcome));
        thread.start();
        awaitFinishedOrWaiting(step.line(), name, thread, outcome);
    }

    private Outcome await(int line, CompletableFuture<Outcome> outcome, String timeoutMessage) throws Exception {
        try {
            return outcome.get(STATEMENT_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw failure(line, timeoutMessage);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Runs one statement as an application would: a query with {@code execute} and its result set, anything
     * else (INSERT above all) with {@code executeUpdate}, whose count arrives with the call.
     */
    private static Outcome execute(Conn conn, Scenario.Sql step, String queryId) throws SQLException {
        try (Statement statement = conn.jdbc.createStatement()) {
            if (queryId != null) {
                statement.unwrap(SluiceStatement.class).setQueryId(queryId);
            }
            try {
                if (!QUERY.matcher(step.sql()).lookingAt()) {
                    return new Outcome(step.line(), step.sql(), statement.executeLargeUpdate(step.sql()), null, null);
                }
                if (!statement.execute(step.sql())) {
                    return new Outcome(step.line(), step.sql(), statement.getLargeUpdateCount(), null, null);
                }
                try (ResultSet resultSet = statement.getResultSet()) {
                    return new Outcome(step.line(), step.sql(), null, render(resultSet), null);
                }
            } catch (SQLException e) {
                return new Outcome(step.line(), step.sql(), null, null, e);
            }
        }
    }

    /**
     * Each row's values joined by '|', SQL NULL as {@code NULL}, the same on every storage: a value of a
     * floating-point column as Java writes a double ({@code -2.0}, {@code 1000.0}), whatever text the
     * target's driver gives it; a line break, carriage return or tab inside a value as {@code <LF>},
     * {@code <CR>}, {@code <TAB>}, which an expected row could not hold.
     */
    private static List<String> render(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        int columns = metaData.getColumnCount();
        boolean[] floating = new boolean[columns + 1];
        for (int c = 1; c <= columns; c++) {
            int type = metaData.getColumnType(c);
            floating[c] = type == Types.REAL || type == Types.FLOAT || type == Types.DOUBLE;
        }
        List<String> rows = new ArrayList<>();
        while (resultSet.next()) {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= columns; c++) {
                String value = resultSet.getString(c);
                row.append(c > 1 ? "|" : "").append(value == null ? "NULL" : floating[c] ? asDouble(value) : visible(value));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static String asDouble(String value) {
        try {
            return Double.toString(Double.parseDouble(value));
        } catch (NumberFormatException notANumber) {
            // SQLite keeps what a column holds whatever its declared type: show it as it is.
            return visible(value);
        }
    }

    private static String visible(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('\t') < 0) {
            return value;
        }
        return value.replace("\n", "<LF>").replace("\r", "<CR>").replace("\t", "<TAB>");
    }

    /**
     * Waits until a background statement has finished, or is parked on a {@link CompletableFuture} (an
     * INSERT waiting for its flush, a SYSTEM FLUSH waiting for the writes): by then its entry is in the
     * engine, so the directives that follow act on it.
     */
    private void awaitFinishedOrWaiting(int line, String name, Thread thread, CompletableFuture<Outcome> outcome) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STATEMENT_LIMIT_SECONDS);
        while (!outcome.isDone()) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                for (StackTraceElement frame : thread.getStackTrace()) {
                    if (frame.getClassName().startsWith(CompletableFuture.class.getName())) {
                        return;
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure(line, "background statement '" + name + "' neither finished nor started waiting within "
                        + STATEMENT_LIMIT_SECONDS + " s");
            }
            Thread.sleep(1);
        }
    }

    // ---------------------------------------------------------------- directives

    private void runDirective(Scenario.Directive directive) throws Exception {
        int line = directive.line();
        String argument = directive.argument();
        switch (directive.name()) {
            case "expect" -> expect(directive);
            case "error" -> expectError(line, argument);
            case "advance" -> {
                Matcher duration = DURATION.matcher(argument);
                if (!duration.matches()) {
                    throw failure(line, "'-- advance:' takes a duration like 200ms or 2s, not '" + argument + "'");
                }
                long amount = Long.parseLong(duration.group(1));
                clock.advanceMillis(duration.group(2).equals("s") ? amount * 1000 : amount);
            }
            case "await-flushes" -> {
                noArgument(directive);
                Engines.awaitFlushes();
            }
            case "connection" -> {
                Matcher words = CONNECTION.matcher(argument);
                if (!words.matches()) {
                    throw failure(line, "'-- connection:' takes a name and optional URL parameters, not '" + argument + "'");
                }
                String parameters = words.group(2) == null ? "" : words.group(2);
                Conn existing = connections.get(words.group(1));
                if (existing == null) {
                    current = open(words.group(1), parameters);
                } else if (parameters.isEmpty() || parameters.equals(existing.parameters)) {
                    current = existing;
                } else {
                    throw failure(line, "connection '" + existing.name + "' is already open with parameters '" + existing.parameters + "'");
                }
            }
            case "background" -> {
                if (argument.isEmpty() || backgrounds.containsKey(argument) || nextBackground != null) {
                    throw failure(line, "'-- background:' needs a fresh name and a statement after it");
                }
                nextBackground = argument;
            }
            case "join" -> {
                Background background = backgrounds.remove(argument);
                if (background == null) {
                    throw failure(line, "no background statement named '" + argument + "'");
                }
                last = await(line, background.outcome(), "background statement '" + argument + "' did not finish within "
                        + STATEMENT_LIMIT_SECONDS + " s");
                lastChecked = last.error() == null;
                background.conn().busyWith = null;
            }
            case "query-id" -> {
                if (argument.isEmpty()) {
                    throw failure(line, "'-- query-id:' needs an id");
                }
                nextQueryId = argument;
            }
            case "restart" -> {
                noArgument(directive);
                Engines.closeAll();
                // The shutdown flush completed every waiting statement; let those threads finish with their
                // connections before the connections are replaced. Their outcomes wait for '-- join:'.
                for (Background background : backgrounds.values()) {
                    try {
                        background.outcome().get(STATEMENT_LIMIT_SECONDS, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw failure(line, "a background statement was still running " + STATEMENT_LIMIT_SECONDS + " s after the shutdown");
                    }
                }
                for (Conn conn : connections.values()) {
                    closeQuietly(conn.jdbc);
                    conn.jdbc = connect(conn.parameters);
                }
            }
            case "autocommit" -> {
                if (!argument.equals("on") && !argument.equals("off")) {
                    throw failure(line, "'-- autocommit:' takes on or off");
                }
                current.jdbc.setAutoCommit(argument.equals("on"));
            }
            case "commit" -> {
                noArgument(directive);
                current.jdbc.commit();
            }
            case "rollback" -> {
                noArgument(directive);
                current.jdbc.rollback();
            }
            default -> throw failure(line, "unknown directive '-- " + directive.name() + "'");
        }
    }

    private void expect(Scenario.Directive directive) {
        int line = directive.line();
        Outcome outcome = requireOutcome(line);
        String argument = directive.argument();
        if (outcome.error() != null) {
            throw mismatch(line, outcome, expectedText(directive), outcome.describe());
        }
        if (outcome.updateCount() != null) {
            if (!directive.rows().isEmpty() || !argument.matches("-?\\d+")) {
                throw mismatch(line, outcome, expectedText(directive), outcome.describe());
            }
            if (outcome.updateCount() != Long.parseLong(argument)) {
                throw mismatch(line, outcome, "update count " + argument, outcome.describe());
            }
            return;
        }
        List<String> expected = !directive.rows().isEmpty() ? directive.rows().stream().map(this::resolve).toList()
                : argument.equals("no rows") ? List.of() : List.of(resolve(argument));
        if (!expected.equals(outcome.rows())) {
            throw mismatch(line, outcome, rowsText(expected), rowsText(outcome.rows()));
        }
    }

    private String expectedText(Scenario.Directive directive) {
        return directive.rows().isEmpty() ? resolve(directive.argument()) : rowsText(directive.rows().stream().map(this::resolve).toList());
    }

    private void expectError(int line, String written) {
        String argument = resolve(written);
        Outcome outcome = requireOutcome(line);
        lastChecked = true;
        Matcher error = ERROR.matcher(argument);
        if (!error.matches()) {
            throw failure(line, "'-- error:' takes an error name (UNKNOWN_TABLE) and optionally ': message'");
        }
        String name = error.group(1);
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw failure(line, "'" + name + "' is not one of Sluice's error names");
        }
        String expected = error.group(2) == null ? name + " (code " + code.code() + ")"
                : name + ": " + error.group(2) + " (code " + code.code() + ")";
        if (outcome.error() == null) {
            throw mismatch(line, outcome, "error " + expected, outcome.describe());
        }
        String message = String.valueOf(outcome.error().getMessage());
        boolean matches = outcome.error().getErrorCode() == code.code()
                && (error.group(2) == null ? message.startsWith(name + ":") : message.equals(name + ": " + error.group(2)));
        if (!matches) {
            throw mismatch(line, outcome, "error " + expected, outcome.describe());
        }
    }

    private Outcome requireOutcome(int line) {
        if (last == null) {
            throw failure(line, "no statement before this expectation");
        }
        return last;
    }

    /** An error that no {@code -- error:} expected fails the scenario where it happened. */
    private void requireLastChecked() {
        if (!lastChecked) {
            lastChecked = true;
            SQLException error = last.error();
            AssertionError failure = failure(last.line(), "unexpected error: " + error.getMessage() + " (code " + error.getErrorCode()
                    + ")\n  statement: " + last.sql());
            failure.initCause(error);
            throw failure;
        }
    }

    private void noArgument(Scenario.Directive directive) {
        if (!directive.argument().isEmpty()) {
            throw failure(directive.line(), "'-- " + directive.name() + "' takes no argument");
        }
    }

    // ---------------------------------------------------------------- connections

    private Conn open(String name, String parameters) throws SQLException {
        Conn conn = new Conn(name, parameters);
        conn.jdbc = connect(parameters);
        connections.put(name, conn);
        return conn;
    }

    /**
     * ClickHouse has no read-your-writes: its clients see their buffered INSERTs only once flushed, and the
     * scenarios observe buffers that way from the connection that filled them. So every scenario runs with
     * Sluice's read-your-writes off unless its own URL line says otherwise.
     */
    private static final String CLICKHOUSE_READS = "async_insert_read_your_writes=0";

    private Connection connect(String parameters) throws SQLException {
        String all = String.join("&", scenario.urlParameters(), parameters).replaceAll("^&|&$", "");
        if (!all.contains("async_insert_read_your_writes")) {
            all = all.isEmpty() ? CLICKHOUSE_READS : CLICKHOUSE_READS + "&" + all;
        }
        Properties properties = new Properties();
        properties.put(Engines.CLOCK_PROPERTY, clock);
        return DriverManager.getConnection(target.url(all), properties);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // After closeAll the engine side is gone already; nothing else to release.
        }
    }

    /** Closes the scenario's connections and every engine, flushing what is left. */
    @Override
    public void close() {
        for (Background background : backgrounds.values()) {
            background.thread().interrupt();
        }
        for (Conn conn : connections.values()) {
            if (conn.jdbc != null) {
                closeQuietly(conn.jdbc);
            }
        }
        Engines.closeAll();
    }

    // ---------------------------------------------------------------- failures

    private AssertionError mismatch(int line, Outcome outcome, String expected, String actual) {
        return failure(line, "expectation failed\n  statement (line " + outcome.line() + "): " + outcome.sql().strip()
                + "\n  expected: " + expected + "\n  actual:   " + actual);
    }

    private AssertionError failure(int line, String message) {
        return new AssertionError(scenario.fileName() + ":" + line + ": " + message);
    }

    private static String rowsText(List<String> rows) {
        if (rows.isEmpty()) {
            return "no rows";
        }
        StringBuilder text = new StringBuilder();
        for (String row : rows) {
            text.append("\n    ").append(row);
        }
        return text.toString();
    }
}

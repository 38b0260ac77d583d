package io.sluice.engine;

import io.sluice.engine.session.Session;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.spi.ManualClock;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on a real SQLite file in a temporary folder, with the engine on a manual clock. */
abstract class EngineTestBase {
    @TempDir
    Path folder;

    final ManualClock clock = new ManualClock();
    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void closeEngines() throws SQLException {
        for (Session session : sessions) {
            session.close();
        }
        Engines.closeAll();
    }

    String url(String parameters) {
        return "jdbc:sluice:sqlite:" + folder.resolve("test.db") + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    Session connect(String parameters) throws SQLException {
        Properties properties = new Properties();
        properties.put(Engines.CLOCK_PROPERTY, clock);
        Session session = Engines.connect(url(parameters), properties);
        sessions.add(session);
        return session;
    }

    static long update(Session session, String sql) throws SQLException {
        try (Result result = session.execute(sql, null, null)) {
            return result.updateCount();
        }
    }

    /** The rows of a query, each row's values joined by '|'. */
    static List<String> query(Session session, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Result result = session.execute(sql, null, null)) {
            ResultSet set = result.resultSet();
            int columns = set.getMetaData().getColumnCount();
            while (set.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? "|" : "").append(set.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    static long count(Session session, String table) throws SQLException {
        return Long.parseLong(query(session, "SELECT count(*) FROM " + table).get(0));
    }

    void advanceAndAwait(long millis) throws SQLException {
        clock.advanceMillis(millis);
        Engines.awaitFlushes();
    }

    /**
     * A query on the system tables of {@code session}'s engine, through a session of its own: a Session is not
     * thread-safe, and the test's other thread may be running an INSERT on {@code session} meanwhile.
     */
    static List<String> observe(Session session, String sql) throws SQLException {
        try (Session observer = new Session(session.engine(), SettingsLayer.EMPTY)) {
            return query(observer, sql);
        }
    }

    /** Waits until {@code session}'s engine holds exactly {@code entries} pending INSERTs; another thread may be running one on it. */
    static void awaitPending(Session session, int entries) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!observe(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'").equals(List.of(Integer.toString(entries)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no pending insert appeared");
            }
            Thread.onSpinWait();
        }
    }
}

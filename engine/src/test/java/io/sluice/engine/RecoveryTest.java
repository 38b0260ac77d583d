package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.insert.BufferKey;
import io.sluice.engine.insert.BufferKeyCodec;
import io.sluice.engine.session.Session;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import io.sluice.spi.BufferEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the engine does with the entries a durable buffer kept across a crash. */
class RecoveryTest extends EngineTestBase {
    private static final String BUFFER = "async_insert_buffer=test-seeded&wait_for_async_insert=0";

    @BeforeEach
    @AfterEach
    void clearSeeds() {
        SeededBufferPlugin.SEEDED.clear();
        SeededBufferPlugin.RELEASED.clear();
        SeededBufferPlugin.onRelease = entries -> { };
    }

    private void createTable(String sql) throws Exception {
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement statement = plain.createStatement()) {
            statement.execute(sql);
        }
    }

    private static BufferEntry entry(long sequence, String queryId, String values) {
        return entry(sequence, queryId, values, List.of());
    }

    private static BufferEntry entry(long sequence, String queryId, String values, List<SettingAssignment> settings) {
        String keyId = BufferKeyCodec.encode(new BufferKey("main", "t", List.of("a", "b"), Format.VALUES, settings));
        String sql = "INSERT INTO t VALUES " + values;
        return new BufferEntry(sequence, keyId, queryId, 1_000_000L * sequence, sql, sql.indexOf("VALUES") + 7, null, values.length(), "", "");
    }

    @Test
    void recoveredEntriesAreWrittenBeforeNewOnesOfTheirTableAndReleased() throws Exception {
        createTable("CREATE TABLE t (a INTEGER, b TEXT)");
        SeededBufferPlugin.SEEDED.addAll(List.of(entry(7, "r1", "(1, 'x')"), entry(8, "r2", "(2, 'y'), (3, 'z')")));
        Session session = connect(BUFFER);
        update(session, "INSERT INTO t VALUES (4, 'new')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY rowid")).containsExactly("1|x", "2|y", "3|z", "4|new");
        assertThat(SeededBufferPlugin.RELEASED).extracting(BufferEntry::queryId).startsWith("r1", "r2");
        assertThat(query(session, "SELECT query_id, status, rows FROM system.asynchronous_insert_log WHERE query_id LIKE 'r%' ORDER BY query_id"))
                .containsExactly("r1|Ok|1", "r2|Ok|2");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }

    @Test
    void entriesCommittedBeforeTheCrashAreNotWrittenAgain() throws Exception {
        createTable("CREATE TABLE t (a INTEGER, b TEXT)");
        BufferEntry first = entry(1, "q1", "(1, 'once')");
        SeededBufferPlugin.SEEDED.add(first);
        Session session = connect(BUFFER);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(1);
        session.close();
        Engines.closeAll();
        // The crash came after the commit and before the release: the entry is on disk again, with a new one.
        SeededBufferPlugin.SEEDED.addAll(List.of(first, entry(2, "q2", "(2, 'new')")));
        Session restarted = connect(BUFFER);
        update(restarted, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(restarted, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|once", "2|new");
        assertThat(query(restarted, "SELECT rows, error FROM system.part_log WHERE error != 0")).containsExactly("1|389");
    }

    @Test
    void anEntryWhoseTableIsGoneGoesToTheDeadLetterTable() throws Exception {
        SeededBufferPlugin.SEEDED.add(entry(1, "orphan", "(1, 'x')"));
        Session session = connect(BUFFER);
        assertThat(query(session, "SELECT query_id, status, data, exception FROM system.asynchronous_insert_dead_letter"))
                .containsExactly("orphan|RecoveryError|(1, 'x')|UNKNOWN_TABLE: Table main.t does not exist");
        assertThat(SeededBufferPlugin.RELEASED).extracting(BufferEntry::queryId).containsExactly("orphan");
    }

    @Test
    void aReplayLargerThanTheDeduplicationWindowKeepsEveryIdItWroteUntilItsRelease() throws Exception {
        createTable("CREATE TABLE t (a INTEGER, b TEXT)");
        List<BufferEntry> entries = new java.util.ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            entries.add(entry(i, "w" + i, "(" + i + ", 'x')", List.of(new SettingAssignment("async_insert_deduplication_window", "100"))));
        }
        SeededBufferPlugin.SEEDED.addAll(entries);
        Session session = connect(BUFFER);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(300);
        assertThat(query(session, "SELECT count(*) FROM sluice_ledger WHERE table_name = 'main.t'")).as("ids kept beyond the window of 100").containsExactly("300");
        session.close();
        Engines.closeAll();
        // The crash came right after that one commit of 300 entries, before their release reached the disk.
        SeededBufferPlugin.SEEDED.addAll(entries);
        Session restarted = connect(BUFFER);
        update(restarted, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(restarted, "t")).as("every entry written once").isEqualTo(300);
        assertThat(query(restarted, "SELECT count(DISTINCT a) FROM t")).containsExactly("300");
    }

    @Test
    void entriesWhoseWriteFailedTransientlyStayInTheDurableBufferAndAreWrittenByALaterAttempt() throws Exception {
        Session session = connect(BUFFER + "&sqlite_busy_timeout_ms=0&async_insert_retry_timeout_ms=250"
                + "&async_insert_retry_initial_backoff_ms=100&async_insert_retry_max_backoff_ms=100");
        update(session, "CREATE TABLE t (a INTEGER)");
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            java.util.concurrent.CompletableFuture<String> client = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return "rows: " + update(session, "INSERT INTO t SETTINGS async_insert_busy_timeout_max_ms = 10,"
                            + " wait_for_async_insert = 1 VALUES (1)");
                } catch (java.sql.SQLException e) {
                    return e.getMessage();
                }
            });
            awaitPending(session, 1);
            clock.advanceMillis(10);
            awaitEvent(session, "AsyncInsertRetries", 1);
            clock.advanceMillis(100);
            awaitEvent(session, "AsyncInsertRetries", 2);
            // The third attempt fails too, and one more would start past the 250 ms retry deadline.
            clock.advanceMillis(100);
            assertThat(client.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("UNKNOWN_EXCEPTION: Flush ")
                    .contains("after retrying for 250 ms (async_insert_retry_timeout_ms = 250)").contains("database is locked")
                    .contains("stays in the durable test-seeded buffer");
            assertThat(SeededBufferPlugin.RELEASED).as("kept, not released").isEmpty();
            assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_dead_letter")).containsExactly("0");
            assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("1");
            lock.execute("ROLLBACK");
        }
        // The next attempt comes async_insert_retry_max_backoff_ms later.
        advanceAndAwait(100);
        Engines.awaitFlushes();
        assertThat(count(session, "t")).isEqualTo(1);
        assertThat(SeededBufferPlugin.RELEASED).hasSize(1);
        assertThat(query(session, "SELECT status FROM system.asynchronous_insert_log ORDER BY event_time_microseconds, flush_time_microseconds"))
                .containsExactly("FlushError", "Ok");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }

    @Test
    void anEntryThatFailsOnItsOwnDataLeavesTheDurableBufferOnlyOnceItsDeadLetterIsStored() throws Exception {
        java.nio.file.Path systemDatabase = folder.resolve("system.db");
        List<String> atRelease = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SeededBufferPlugin.onRelease = entries -> {
            // The file's views name their tables as schema "system", as the engine attaches it.
            try (Connection plain = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                try (Statement attach = plain.createStatement()) {
                    attach.execute("ATTACH DATABASE '" + systemDatabase + "' AS system");
                }
                java.sql.PreparedStatement letters = plain.prepareStatement(
                        "SELECT count(*) FROM system.asynchronous_insert_dead_letter WHERE query_id = ?");
                for (BufferEntry entry : entries) {
                    letters.setString(1, entry.queryId());
                    try (java.sql.ResultSet rows = letters.executeQuery()) {
                        rows.next();
                        atRelease.add(entry.queryId() + ": " + rows.getLong(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                atRelease.add(e.toString());
            }
        };
        Session session = connect(BUFFER + "&system_database_path=" + systemDatabase);
        update(session, "CREATE TABLE t (a INTEGER NOT NULL)");
        update(session, "INSERT INTO t VALUES ('not a number')");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        String failed = query(session, "SELECT query_id FROM system.asynchronous_insert_dead_letter").get(0);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (SeededBufferPlugin.RELEASED.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(SeededBufferPlugin.RELEASED).hasSize(2);
        assertThat(atRelease).as("the failed entry's dead letter was in the system database file when it was released")
                .contains(failed + ": 1");
    }

    private static void awaitEvent(Session session, String event, long atLeast) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(observe(session, "SELECT value FROM system.events WHERE event = '" + event + "'").get(0)) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + atLeast + " " + event);
            }
            Thread.onSpinWait();
        }
    }
}

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.engine.flush.PartNames;
import io.sluice.engine.flush.TransactionGroups;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.session.Session;
import io.sluice.engine.system.SystemTables;
import io.sluice.parser.InsertStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Transactions' INSERTs kept on their session and committed as all-or-nothing groups, on a real SQLite file. */
class TransactionInsertsTest extends EngineTestBase {
    private static final String KEY = "CREATE TABLE t (a INTEGER NOT NULL PRIMARY KEY, b TEXT)";

    @Test
    void aTransactionsInsertsAreWrittenAtCommitAsOneGroup() throws Exception {
        Session session = connect("");
        Session reader = connect("");
        update(session, KEY);
        update(session, "CREATE TABLE u (a INTEGER)");
        long before = session.engine().transactions.transactions();
        session.setAutoCommit(false);
        assertThat(update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')")).isEqualTo(2);
        assertThat(update(session, "INSERT INTO u VALUES (7)")).isEqualTo(1);
        assertThat(count(reader, "t")).isZero();
        session.commit();
        assertThat(query(reader, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|x", "2|y");
        assertThat(count(reader, "u")).isEqualTo(1);
        assertThat(session.engine().transactions.transactions()).isEqualTo(before + 1);
    }

    @Test
    void committedGroupsAreWrittenThroughTheStoragesWritePathNotANewConnectionEach() throws Exception {
        LostAnswerStoragePlugin.reset();
        Session session = connect("async_insert_storage=test-lost-answer");
        Session reader = connect("async_insert_storage=test-lost-answer");
        update(session, KEY);
        update(session, "CREATE TABLE u (a INTEGER)");
        session.setAutoCommit(false);
        int opened = LostAnswerStoragePlugin.OPENED.get();
        for (int i = 0; i < 20; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ", 'x')");
            update(session, "INSERT INTO u VALUES (" + i + ")");
            session.commit();
        }
        assertThat(LostAnswerStoragePlugin.OPENED.get() - opened).as("connections opened by 20 COMMITs").isZero();
        assertThat(count(reader, "t")).isEqualTo(20);
        assertThat(count(reader, "u")).isEqualTo(20);
    }

    @Test
    void aCommitWhoseAnswerIsLostReturnsAndItsRowsAreThereOnce() throws Exception {
        LostAnswerStoragePlugin.reset();
        Session session = connect("async_insert_storage=test-lost-answer");
        update(session, KEY);
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        session.commit();
        session.setAutoCommit(true);
        assertThat(LostAnswerStoragePlugin.LOSE_ANSWERS.get()).as("the answer was lost").isZero();
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|x", "2|y");
    }

    @Test
    void groupsOfASharedWriteWhoseAnswerIsLostAreWrittenAgainOnlyIfTheyDidNotCommit() throws Exception {
        LostAnswerStoragePlugin.reset();
        Session session = connect("async_insert_storage=test-lost-answer");
        update(session, KEY);
        Engine engine = session.engine();
        KeyQueue queue = engine.resolve(((InsertStatement) engine.parser.parse("INSERT INTO t VALUES (1, 'x')")).head(), engine.engineSettings);
        List<Runnable> leaders = new ArrayList<>();
        TransactionGroups groups = new TransactionGroups(engine.storage(), new PartNames(), leaders::add, engine.clock, rows -> {}, 10_000);
        CompletableFuture<Void> first = groups.submit(List.of(rows(queue, 1, 2)));
        CompletableFuture<Void> second = groups.submit(List.of(rows(queue, 3)));
        // The shared write commits and its answer is lost: each group is written again on its own.
        LostAnswerStoragePlugin.LOSE_ANSWERS.set(1);
        leaders.forEach(Runnable::run);
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).as("each row once").containsExactly("1", "2", "3");
    }

    @Test
    void aCommittedTransactionsPartsAreInThePartLog() throws Exception {
        Session session = connect("");
        update(session, KEY);
        update(session, "CREATE TABLE u (a INTEGER)");
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        update(session, "INSERT INTO u VALUES (7)");
        session.commit();
        session.setAutoCommit(true);
        assertThat(query(session, "SELECT \"table\", rows, error FROM system.part_log WHERE event_type = 'NewPart' ORDER BY \"table\""))
                .containsExactly("t|2|0", "u|1|0");
        assertThat(query(session, "SELECT count(DISTINCT query_id) FROM system.part_log")).as("one shared write").containsExactly("1");
    }

    @Test
    void aBadRowFailsItsOwnCommitAndWritesNothingOfItsTransaction() throws Exception {
        Session session = connect("");
        update(session, KEY);
        update(session, "INSERT INTO t SETTINGS async_insert = 0 VALUES (1, 'old')");
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (5, 'new')");
        update(session, "INSERT INTO t VALUES (1, 'duplicate')");
        assertThatThrownBy(session::commit).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        session.setAutoCommit(true);
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|old");
    }

    @Test
    void anotherStatementWritesThePendingInsertsOnTheTransactionsConnectionInOrder() throws Exception {
        Session session = connect("");
        Session reader = connect("");
        update(session, KEY);
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x')");
        assertThat(update(session, "UPDATE t SET b = 'z' WHERE a = 1")).isEqualTo(1);
        update(session, "INSERT INTO t VALUES (2, 'y')");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|z", "2|y");
        update(session, "INSERT INTO t VALUES (3, 'w')");
        session.commit();
        assertThat(query(reader, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|z", "2|y", "3|w");
    }

    @Test
    void rollbackDropsThePendingInserts() throws Exception {
        Session session = connect("");
        update(session, KEY);
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x')");
        session.rollback();
        update(session, "INSERT INTO t VALUES (2, 'y')");
        session.commit();
        assertThat(query(session, "SELECT a FROM t")).containsExactly("2");
    }

    @Test
    void withTheSettingOffEachInsertIsWrittenAtOnceOnTheTransaction() throws Exception {
        Session session = connect("async_insert_in_transactions=0");
        update(session, KEY);
        long before = session.engine().transactions.groups();
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x')");
        session.commit();
        assertThat(count(session, "t")).isEqualTo(1);
        assertThat(session.engine().transactions.groups()).isEqualTo(before);
    }

    @Test
    void withoutWaitingAndTheMemoryBufferCommitStillReturnsOnceTheGroupIsCommitted() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, KEY);
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x')");
        session.commit();
        assertThat(count(connect(""), "t")).isEqualTo(1);
        assertThat(session.engine().bufferedTransactions.pendingEntries()).isZero();
    }

    @Test
    void withoutWaitingCommitReturnsOnceTheWalHoldsTheGroupAndTheGroupIsWrittenWhole() throws Exception {
        Session session = connect("async_insert_buffer=wal&wait_for_async_insert=0&sqlite_busy_timeout_ms=60000");
        update(session, KEY);
        update(session, "CREATE TABLE u (a INTEGER)");
        session.setAutoCommit(false);
        update(session, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        update(session, "INSERT INTO u VALUES (7)");
        long groupsBefore = session.engine().transactions.groups();
        // Another writer holds the database: the group cannot be written until it lets go.
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                java.sql.Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    session.commit();
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            commit.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(session.engine().bufferedTransactions.pendingEntries()).as("the group waits for the lock").isEqualTo(2);
            try (java.sql.ResultSet rows = lock.executeQuery("SELECT count(*) FROM t")) {
                rows.next();
                assertThat(rows.getLong(1)).as("nothing written while the lock is held").isZero();
            }
            lock.execute("ROLLBACK");
        }
        session.setAutoCommit(true);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|x", "2|y");
        assertThat(query(session, "SELECT a FROM u")).containsExactly("7");
        assertThat(session.engine().transactions.groups()).isEqualTo(groupsBefore + 1);
        assertThat(session.engine().bufferedTransactions.pendingEntries()).isZero();
    }

    @Test
    void withoutWaitingAGroupTheTargetRefusesGoesWholeToTheDeadLetterTable() throws Exception {
        Session session = connect("async_insert_buffer=wal&wait_for_async_insert=0");
        update(session, KEY);
        update(session, "CREATE TABLE u (a INTEGER)");
        update(session, "INSERT INTO t SETTINGS async_insert = 0 VALUES (1, 'old')");
        session.setAutoCommit(false);
        update(session, "INSERT INTO u VALUES (7)");
        update(session, "INSERT INTO t VALUES (1, 'duplicate')");
        session.commit();
        session.setAutoCommit(true);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "u")).as("all or nothing").isZero();
        assertThat(query(session, "SELECT a, b FROM t")).containsExactly("1|old");
        assertThat(query(session, "SELECT \"table\", status FROM system.asynchronous_insert_dead_letter ORDER BY \"table\""))
                .containsExactly("t|TransactionError", "u|TransactionError");
    }

    @Test
    void groupsQueuedTogetherShareOneTargetTransactionAndABadOneFailsAlone() throws Exception {
        Session session = connect("");
        update(session, KEY);
        Engine engine = session.engine();
        KeyQueue queue = engine.resolve(((InsertStatement) engine.parser.parse("INSERT INTO t VALUES (1, 'x')")).head(), engine.engineSettings);
        List<Runnable> leaders = new ArrayList<>();
        List<SystemTables.PartLogRow> logged = new ArrayList<>();
        TransactionGroups groups = new TransactionGroups(engine.storage(), new PartNames(), leaders::add, engine.clock, logged::addAll);

        CompletableFuture<Void> first = groups.submit(List.of(rows(queue, 1, 2)));
        CompletableFuture<Void> second = groups.submit(List.of(rows(queue, 3)));
        assertThat(groups.queued()).isEqualTo(2);
        leaders.forEach(Runnable::run);
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(groups.transactions()).isEqualTo(1);
        assertThat(groups.groups()).isEqualTo(2);
        assertThat(logged).extracting(SystemTables.PartLogRow::rows, SystemTables.PartLogRow::error)
                .as("one part_log row per insert of the shared write").containsExactly(tuple(2L, 0), tuple(1L, 0));
        logged.clear();

        leaders.clear();
        CompletableFuture<Void> good = groups.submit(List.of(rows(queue, 4)));
        CompletableFuture<Void> bad = groups.submit(List.of(rows(queue, 5), rows(queue, 1)));
        CompletableFuture<Void> neighbour = groups.submit(List.of(rows(queue, 6)));
        leaders.forEach(Runnable::run);
        assertThat(good).isCompleted();
        assertThat(neighbour).isCompleted();
        assertThat(bad).isCompletedExceptionally();
        assertThat(query(session, "SELECT a FROM t ORDER BY a")).containsExactly("1", "2", "3", "4", "6");
        assertThat(groups.transactions()).isEqualTo(3);
        // The failed shared write logs nothing; each group written again alone logs its own parts, the bad one's failed.
        assertThat(logged).extracting(SystemTables.PartLogRow::table, SystemTables.PartLogRow::rows, SystemTables.PartLogRow::error)
                .containsExactly(tuple("t", 1L, 0), tuple("t", 0L, 1), tuple("t", 0L, 1), tuple("t", 1L, 0));
        assertThat(logged.get(1).exception()).contains("UNIQUE");
    }

    private static TransactionGroups.Rows rows(KeyQueue queue, int... keys) {
        List<Object[]> rows = new ArrayList<>();
        for (int key : keys) {
            rows.add(new Object[] {(long) key, "v" + key});
        }
        return new TransactionGroups.Rows(queue, rows);
    }
}

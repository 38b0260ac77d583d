package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A session opens its connection to the target database on first need, never for an async INSERT: many
 * sessions that only insert hold no connection of the target's.
 */
class LazyTargetConnectionTest extends EngineTestBase {
    @Test
    @DisplayName("an async INSERT that does not wait opens no target connection; a SELECT then opens one, kept for the session")
    void anAsyncInsertThatDoesNotWaitOpensNoTargetConnection() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER, b TEXT)");
        Session session = connect("wait_for_async_insert=0");
        assertThat(session.isTargetOpen()).isFalse();

        assertThat(update(session, "INSERT INTO t VALUES (1, 'one'), (2, 'two')")).isZero();
        PreparedInsert prepared = session.prepareInsert("INSERT INTO t (a, b) VALUES (?, ?)");
        try (Result result = prepared.execute(List.<Object[]>of(new Object[] {3, "three"}), null)) {
            assertThat(result.updateCount()).isZero();
        }
        assertThat(session.getAutoCommit()).isTrue();
        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_inserts")).as("system tables are the engine's").containsExactly("1");
        assertThat(session.isTargetOpen()).as("after async INSERTs, a prepared one and a system query").isFalse();

        update(setup, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|one", "2|two", "3|three");
        assertThat(session.isTargetOpen()).isTrue();
        Connection opened = session.targetConnection();
        assertThat(count(session, "t")).isEqualTo(3);
        assertThat(session.targetConnection()).as("the same connection for the session's life").isSameAs(opened);

        session.close();
        assertThat(opened.isClosed()).as("closed with the session").isTrue();
    }

    @Test
    @DisplayName("an async INSERT that waits for its write opens no target connection")
    void anAsyncInsertThatWaitsOpensNoTargetConnection() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session session = connect("wait_for_async_insert=1");
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> run(session, "INSERT INTO t VALUES (1), (2)"));
        awaitPending(setup, 1);
        update(setup, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(session.isTargetOpen()).isFalse();
        assertThat(count(setup, "t")).isEqualTo(2);
    }

    @Test
    @DisplayName("auto-commit reads as on without opening; setting it on changes nothing, setting it off opens and starts a transaction")
    void autoCommitAnswersWithoutOpeningUntilItIsTurnedOff() throws Exception {
        Session setup = connect("");
        update(setup, "CREATE TABLE t (a INTEGER)");
        Session session = connect("wait_for_async_insert=0");
        assertThat(session.getAutoCommit()).isTrue();
        session.setAutoCommit(true);
        assertThat(session.isTargetOpen()).as("an unchanged mode is a no-op").isFalse();

        session.setAutoCommit(false);
        assertThat(session.isTargetOpen()).isTrue();
        assertThat(session.getAutoCommit()).isFalse();
        assertThat(update(session, "INSERT INTO t VALUES (1), (2)")).as("synchronous, in the transaction").isEqualTo(2);
        assertThat(count(session, "t")).isEqualTo(2);
        session.targetConnection().rollback();
        assertThat(count(setup, "t")).isZero();
        session.setAutoCommit(true);
        assertThat(session.getAutoCommit()).isTrue();
    }

    @Test
    @DisplayName("threads that need the target connection at once open exactly one")
    void concurrentFirstUsesOpenOneConnection() throws Exception {
        Session session = connect("");
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Connection>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                opened.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return session.targetConnection();
                }));
            }
            Map<Connection, Boolean> distinct = new IdentityHashMap<>();
            for (Future<Connection> connection : opened) {
                distinct.put(connection.get(10, TimeUnit.SECONDS), true);
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("closing a session that never needed its target connection opens none, and a closed session opens none")
    void aClosedSessionOpensNoTargetConnection() throws Exception {
        Session session = connect("");
        session.close();
        assertThat(session.isTargetOpen()).isFalse();
        assertThatThrownBy(session::targetConnection).isInstanceOf(SQLException.class).hasMessage("The Sluice connection is closed");
        assertThat(session.isTargetOpen()).isFalse();
    }

    private static long run(Session session, String sql) {
        try {
            return update(session, sql);
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }
}

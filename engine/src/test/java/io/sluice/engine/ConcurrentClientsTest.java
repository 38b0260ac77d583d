package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Many real threads on the real clock: every acknowledged row lands exactly once. */
class ConcurrentClientsTest extends EngineTestBase {
    @Test
    void everyAcknowledgedRowLandsExactlyOnce() throws Exception {
        int threads = 24;
        int insertsPerThread = 300;
        Session setup = Engines.connect(url("async_insert_busy_timeout_max_ms=20"), new Properties());
        update(setup, "CREATE TABLE t (thread INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (thread, n))");
        AtomicLong acknowledged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            clients.add(pool.submit(() -> {
                // Half the clients wait for their flush, half do not: they use separate buffers.
                try (Session session = Engines.connect(url("async_insert_busy_timeout_max_ms=20&wait_for_async_insert=" + (thread % 2)),
                        new Properties())) {
                    for (int n = 0; n < insertsPerThread; n++) {
                        long rows = update(session, "INSERT INTO t VALUES (" + thread + ", " + n + ")");
                        assertThat(rows).isEqualTo(thread % 2);
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        update(setup, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(acknowledged.get()).isEqualTo((long) threads * insertsPerThread);
        assertThat(count(setup, "t")).isEqualTo(acknowledged.get());
        assertThat(query(setup, "SELECT count(*) FROM (SELECT DISTINCT thread, n FROM t)")).containsExactly(Long.toString(acknowledged.get()));
        long flushes = Long.parseLong(query(setup, "SELECT value FROM system.events WHERE event = 'AsyncInsertFlush'").get(0));
        assertThat(flushes).isLessThan(acknowledged.get() / 4);
        assertThat(query(setup, "SELECT status, count(*) FROM system.asynchronous_insert_log GROUP BY status"))
                .containsExactly("Ok|" + acknowledged.get());
        setup.close();
    }

    @Test
    void closingTheEngineFlushesEveryBuffer() throws SQLException {
        Session session = connect("wait_for_async_insert=0&async_insert_read_your_writes=0&async_insert_busy_timeout_max_ms=60000");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1), (2)");
        assertThat(count(session, "t")).isZero();
        Engines.closeAll();
        Session after = connect("");
        assertThat(count(after, "t")).isEqualTo(2);
    }
}

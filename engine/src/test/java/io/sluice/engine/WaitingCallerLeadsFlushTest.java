package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lone waiting client is flushed at once (the closed-loop rule) and, its table's lane being idle, writes its
 * batch on its own thread: no hand-off to a flush thread and no wake-up back. The storage
 * {@code test-lost-answer} records the thread of every write.
 */
class WaitingCallerLeadsFlushTest extends EngineTestBase {
    @BeforeEach
    @AfterEach
    void resetStorage() {
        LostAnswerStoragePlugin.reset();
    }

    @Test
    void aLoneWaitingClientWritesItsBatchOnItsOwnThread() throws Exception {
        Session session = connect("async_insert_storage=test-lost-answer&wait_for_async_insert=1&async_insert_busy_timeout_max_ms=60000"
                + "&async_insert_use_adaptive_busy_timeout=0");
        update(session, "CREATE TABLE lead_t (id INTEGER)");
        LostAnswerStoragePlugin.WRITE_THREADS.clear();
        String me = Thread.currentThread().getName();

        assertThat(update(session, "INSERT INTO lead_t VALUES (1)")).isEqualTo(1);
        assertThat(update(session, "INSERT INTO lead_t VALUES (2), (3)")).isEqualTo(2);

        assertThat(LostAnswerStoragePlugin.WRITE_THREADS).containsExactly(me, me);
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertThreadsScheduled'"))
                .isEqualTo(List.of("0"));
        assertThat(count(session, "lead_t")).isEqualTo(3);
    }
}

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.engine.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A system-table SELECT gathers only the live state of the tables it names. */
class SystemTableReadTest extends EngineTestBase {
    /** Only a deadlock guard: the reads below never wait for anything when the engine is right. */
    private static final Duration DEADLOCK = Duration.ofSeconds(30);

    @BeforeEach
    void resetBuffer() {
        GatedBufferPlugin.reset();
    }

    @AfterEach
    void openGate() {
        GatedBufferPlugin.open();
    }

    @Test
    @DisplayName("a SELECT on the logs or on system.events answers while an INSERT holds its buffer key's lock")
    void logReadsTakeNoKeyLock() throws Exception {
        Session inserter = connect("async_insert_buffer=test-gated&wait_for_async_insert=0");
        Session reader = connect("async_insert_buffer=test-gated");
        update(inserter, "CREATE TABLE t (a INTEGER)");
        GatedBufferPlugin.close();
        CompletableFuture<Long> insert = CompletableFuture.supplyAsync(() -> {
            try {
                return update(inserter, "INSERT INTO t VALUES (1)");
            } catch (java.sql.SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(GatedBufferPlugin.entered.await(DEADLOCK.toSeconds(), TimeUnit.SECONDS)).as("the INSERT reached the buffer").isTrue();
        // The INSERT now waits inside the buffer's append, under its key's lock.
        List<String> logged = assertTimeoutPreemptively(DEADLOCK,
                () -> query(reader, "SELECT query FROM system.query_log WHERE query_kind = 'Create'"));
        assertThat(logged).containsExactly("CREATE TABLE t (a INTEGER)");
        assertThat(assertTimeoutPreemptively(DEADLOCK, () -> count(reader, "system.events"))).isPositive();
        assertThat(insert).isNotDone();
        GatedBufferPlugin.open();
        assertThat(insert.get(DEADLOCK.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    @Test
    @DisplayName("a SELECT on system.events does not gather the buffer's segments or gauges; one on the tables showing them does")
    void eventsGatherNothingElse() throws Exception {
        Session session = connect("async_insert_buffer=test-gated");
        // The JMX bean asks for the buffer's gauge names once, at start.
        int gaugesAtStart = GatedBufferPlugin.GAUGES_ASKED.get();
        assertThat(count(session, "system.events")).isPositive();
        assertThat(count(session, "system.query_log")).isPositive();
        assertThat(GatedBufferPlugin.SEGMENTS_ASKED.get()).isZero();
        assertThat(GatedBufferPlugin.GAUGES_ASKED.get()).isEqualTo(gaugesAtStart);
        assertThat(count(session, "system.asynchronous_insert_wal")).isZero();
        assertThat(GatedBufferPlugin.SEGMENTS_ASKED.get()).isEqualTo(1);
        assertThat(GatedBufferPlugin.GAUGES_ASKED.get()).isEqualTo(gaugesAtStart);
        assertThat(count(session, "system.metrics")).isPositive();
        assertThat(GatedBufferPlugin.GAUGES_ASKED.get()).isEqualTo(gaugesAtStart + 1);
        assertThat(GatedBufferPlugin.SEGMENTS_ASKED.get()).isEqualTo(1);
    }
}

package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.StatementControl;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.system.Metrics;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import io.sluice.plugin.memory.MemoryBufferPlugin;
import io.sluice.plugin.threshold.ThresholdPolicyPlugin;
import io.sluice.spi.Buffer;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flow control between a table's appenders and its flushes ({@code async_insert_flush_backlog_entries}), on the
 * accumulator alone with a manual clock: a lane that keeps what it is handed and flushes a batch only when the test
 * completes it.
 */
class FlushBacklogTest {
    private static final TableInfo TABLE = new TableInfo("main", "t", List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false)));
    /** Entries in flight at which appenders wait: two batches of two. */
    private static final long BACKLOG = 4;

    private final ManualClock clock = new ManualClock();
    private final Timer timer = new Timer(clock, "flush-backlog-test-timer");
    private final Metrics metrics = new Metrics();
    private final BufferedBytesLimit bytes = new BufferedBytesLimit(1L << 30, clock, timer, metrics);
    private final RecordingLane lane = new RecordingLane();
    private final List<FlushJob> jobs = lane.jobs;
    private final ExecutorService client = Executors.newSingleThreadExecutor();
    private volatile Thread clientThread;
    private Buffer buffer;

    @BeforeEach
    void start() throws Exception {
        buffer = new MemoryBufferPlugin().getBufferFactories().get(0).create(PluginConfig.of(Map.of()),
                new PluginContext(clock, "test", new Properties(), null));
        client.submit(() -> clientThread = Thread.currentThread()).get();
    }

    @AfterEach
    void close() {
        client.shutdownNow();
        timer.close();
        buffer.close();
    }

    @Test
    void appendsWaitWhileTheBacklogIsFullAndAllGoOnOnceHalfOfItIsFlushed() throws Exception {
        Accumulator accumulator = accumulator(BACKLOG);
        KeyQueue queue = queue(accumulator);
        fill(accumulator, queue);
        assertThat(jobs).as("two batches of two in flight").hasSize(2);
        Future<PendingInsert> waiting = client.submit(() -> append(accumulator, queue, null));
        awaitClientWaiting();
        assertThat(metrics.get(Metrics.Event.AsyncInsertFlushBacklogWaits)).isEqualTo(1);
        assertThat(waiting).isNotDone();
        assertThat(queue.open).as("nothing appended while it waits").isNull();

        jobs.get(0).batch().flushed.complete(null);
        PendingInsert insert = waiting.get(10, TimeUnit.SECONDS);
        assertThat(queue.open.entries).isEqualTo(1);
        assertThat(queue.open.callers).isEmpty();
        assertThat(insert.batch).isSameAs(queue.open);
        // Two entries in flight and one open: below the bound again, nobody waits.
        append(accumulator, queue, null);
        assertThat(metrics.get(Metrics.Event.AsyncInsertFlushBacklogWaits)).isEqualTo(1);
    }

    @Test
    void aLaneThatEndsNoFlushFor100MillisecondsOfTheEnginesClockIsTakenForStalledUntilItsNextFlush() throws Exception {
        Accumulator accumulator = accumulator(BACKLOG);
        KeyQueue queue = queue(accumulator);
        fill(accumulator, queue);
        Future<PendingInsert> waiting = client.submit(() -> append(accumulator, queue, null));
        awaitClientWaiting(1);
        clock.advanceMillis(FlushBacklog.STALL_MILLIS - 1);
        assertThat(waiting).isNotDone();
        clock.advanceMillis(1);
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(queue.open.entries).as("flow control, not a bound: the INSERT goes on").isEqualTo(1);
        // Stalled: the backlog grows to the memory bound as without flow control.
        for (int i = 0; i < 9; i++) {
            append(accumulator, queue, null);
        }
        assertThat(jobs).hasSize(7);
        assertThat(metrics.get(Metrics.Event.AsyncInsertFlushBacklogWaits)).isEqualTo(1);
        // A flush ends: the lane works again, and with 12 entries in flight the next INSERT waits.
        jobs.get(0).batch().flushed.complete(null);
        Future<PendingInsert> next = client.submit(() -> append(accumulator, queue, null));
        awaitClientWaiting(2);
        for (int i = 1; i < 5; i++) {
            jobs.get(i).batch().flushed.complete(null);
        }
        assertThat(next).as("4 entries in flight: not yet half of the bound").isNotDone();
        jobs.get(5).batch().flushed.complete(null);
        next.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCancelledWaitQueuesNothing() throws Exception {
        Accumulator accumulator = accumulator(BACKLOG);
        KeyQueue queue = queue(accumulator);
        fill(accumulator, queue);
        long used = bytes.used();
        int inside = queue.active.get();
        StatementControl control = new StatementControl(0);
        Future<PendingInsert> waiting = client.submit(() -> append(accumulator, queue, control));
        awaitClientWaiting();
        control.cancel();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SluiceSqlException.class)
                .cause().extracting(e -> ((SluiceSqlException) e).error()).isEqualTo(ErrorCode.QUERY_WAS_CANCELLED);
        assertThat(queue.open).isNull();
        assertThat(bytes.used()).isEqualTo(used);
        assertThat(queue.active.get()).as("the caller left the INSERT").isEqualTo(inside);
    }

    @Test
    void zeroTurnsItOff() throws Exception {
        Accumulator accumulator = accumulator(0);
        KeyQueue queue = queue(accumulator);
        for (int i = 0; i < 40; i++) {
            append(accumulator, queue, null);
        }
        assertThat(jobs).hasSize(20);
        assertThat(metrics.get(Metrics.Event.AsyncInsertFlushBacklogWaits)).isZero();
    }

    private Accumulator accumulator(long backlog) {
        return new Accumulator("test", clock, buffer, timer, bytes, metrics, new RunState(), table -> lane, backlog);
    }

    /** Table {@code t}'s queue under the threshold policy, two entries a batch, plus {@code settings}. */
    private KeyQueue queue(Accumulator accumulator, String... settings) throws Exception {
        List<SettingAssignment> assignments = new java.util.ArrayList<>(List.of(new SettingAssignment("async_insert_max_query_number", "2"),
                new SettingAssignment("async_insert_use_adaptive_busy_timeout", "0")));
        for (int i = 0; i < settings.length; i += 2) {
            assignments.add(new SettingAssignment(settings[i], settings[i + 1]));
        }
        EffectiveSettings effective = SettingsStack.ofEngine(new SettingsRegistry(List.of()), SettingsLayer.EMPTY).resolve(assignments);
        BufferKey key = new BufferKey("main", "t", List.of("a"), Format.VALUES, effective.keySettings());
        return accumulator.queue(key, TABLE, TABLE.columns(),
                effective, new ThresholdPolicyPlugin().getFlushPolicyFactories().get(0).create(PluginConfig.of(Map.of()),
                        new PluginContext(clock, "test", new Properties(), null)));
    }

    /** Four INSERTs: two batches of two handed to the lane, the backlog at its bound. */
    private static void fill(Accumulator accumulator, KeyQueue queue) throws Exception {
        for (int i = 0; i < BACKLOG; i++) {
            append(accumulator, queue, null);
        }
    }

    /** A fire-and-forget INSERT of one row. */
    private static PendingInsert append(Accumulator accumulator, KeyQueue queue, StatementControl control) throws Exception {
        return accumulator.append(queue, "(1)", 0, null, 3, "q", "", "", false, control);
    }

    /** Spins until the client thread is parked in the backlog's first wait, its timer scheduled. */
    private void awaitClientWaiting() {
        awaitClientWaiting(1);
    }

    /** Spins until the client thread is parked in the backlog's {@code waits}th wait, its timer scheduled. */
    private void awaitClientWaiting(long waits) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metrics.get(Metrics.Event.AsyncInsertFlushBacklogWaits) < waits || clientThread.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the append did not start waiting");
            }
            Thread.onSpinWait();
        }
    }
}

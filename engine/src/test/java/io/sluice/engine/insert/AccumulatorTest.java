package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.system.Metrics;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import io.sluice.plugin.memory.MemoryBufferPlugin;
import io.sluice.plugin.threshold.ThresholdPolicyPlugin;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StorageFeedback;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accumulator alone, on a manual clock: the real memory buffer and threshold policy, a lane that only
 * records what it is handed, no storage and no flush threads.
 */
class AccumulatorTest {
    private static final TableInfo TABLE = new TableInfo("main", "t", List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false)));
    private static final long BUDGET = 1_000;

    private final ManualClock clock = new ManualClock();
    private final Timer timer = new Timer(clock, "accumulator-test-timer");
    private final Metrics metrics = new Metrics();
    private final BufferedBytesLimit bytes = new BufferedBytesLimit(BUDGET, clock, timer, metrics);
    private final RunState state = new RunState();
    private final RecordingLane lane = new RecordingLane();
    private Buffer buffer;
    private Accumulator accumulator;
    private final SettingsStack engineSettings = SettingsStack.ofEngine(new SettingsRegistry(List.of()), SettingsLayer.EMPTY);

    /** Keeps every job it is handed, in order. */
    private static final class RecordingLane implements Lane {
        final List<FlushJob> jobs = new CopyOnWriteArrayList<>();

        @Override
        public void submit(FlushJob job) {
            jobs.add(job);
        }

        @Override
        public StorageFeedback feedback() {
            return StorageFeedback.NONE;
        }
    }

    private PluginContext context() {
        return new PluginContext(clock, "test", new Properties(), null);
    }

    @BeforeEach
    void start() throws Exception {
        buffer = new MemoryBufferPlugin().getBufferFactories().get(0).create(PluginConfig.of(Map.of()), context());
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, state, table -> lane);
    }

    @AfterEach
    void close() {
        timer.close();
        buffer.close();
    }

    /** The queue of table {@code t} under the threshold policy with these settings. */
    private KeyQueue queue(String... settings) throws Exception {
        return queue(new ThresholdPolicyPlugin().getFlushPolicyFactories().get(0).create(PluginConfig.of(Map.of()), context()), settings);
    }

    private KeyQueue queue(FlushPolicy policy, String... settings) throws Exception {
        List<SettingAssignment> assignments = new ArrayList<>();
        for (int i = 0; i < settings.length; i += 2) {
            assignments.add(new SettingAssignment(settings[i], settings[i + 1]));
        }
        EffectiveSettings effective = engineSettings.resolve(assignments);
        BufferKey key = new BufferKey("main", "t", List.of("a"), Format.VALUES, effective.keySettings());
        return accumulator.queue(key, TABLE, TABLE.columns(), effective, policy);
    }

    private PendingInsert append(KeyQueue queue, int entryBytes) throws Exception {
        return accumulator.append(queue, "(1)", 0, null, entryBytes, "q", "", "");
    }

    @Test
    void appendsShareOneBatchUntilTheCountLimitDetachesIt() throws Exception {
        KeyQueue queue = queue("async_insert_max_query_number", "3", "async_insert_use_adaptive_busy_timeout", "0");
        append(queue, 10);
        append(queue, 10);
        assertThat(lane.jobs).isEmpty();
        append(queue, 10);
        assertThat(lane.jobs).hasSize(1);
        FlushJob job = lane.jobs.get(0);
        assertThat(job.batch().reason).isEqualTo(FlushReason.COUNT);
        assertThat(job.batch().inserts).hasSize(3);
        assertThat(job.batch().bytes).isEqualTo(30);
        assertThat(job.drained()).extracting(BufferEntry::sequence).containsExactly(1L, 2L, 3L);
        assertThat(bytes.used()).as("the detached batch still holds its bytes until its flush").isEqualTo(30);
        append(queue, 10);
        assertThat(lane.jobs).as("the next append opens a new batch").hasSize(1);
    }

    @Test
    void theSizeLimitDetachesOnTheAppendThatReachesIt() throws Exception {
        KeyQueue queue = queue("async_insert_max_data_size", "100", "async_insert_use_adaptive_busy_timeout", "0");
        append(queue, 60);
        assertThat(lane.jobs).isEmpty();
        append(queue, 60);
        assertThat(lane.jobs).singleElement().satisfies(job -> {
            assertThat(job.batch().reason).isEqualTo(FlushReason.SIZE);
            assertThat(job.batch().bytes).isEqualTo(120);
        });
    }

    @Test
    void theDeadlineDetachesWhenTheClockReachesItAndNotBefore() throws Exception {
        KeyQueue queue = queue("async_insert_busy_timeout_max_ms", "200", "async_insert_use_adaptive_busy_timeout", "0");
        append(queue, 10);
        clock.advanceMillis(100);
        append(queue, 10);
        clock.advanceMillis(99);
        assertThat(lane.jobs).as("199 ms after the batch opened").isEmpty();
        clock.advanceMillis(1);
        assertThat(lane.jobs).singleElement().satisfies(job -> {
            assertThat(job.batch().reason).isEqualTo(FlushReason.DEADLINE);
            assertThat(job.batch().inserts).hasSize(2);
            assertThat(job.batch().timeoutMillis()).isEqualTo(200);
        });
        clock.advanceMillis(1_000);
        assertThat(lane.jobs).as("a detached batch's deadline does nothing more").hasSize(1);
    }

    @Test
    void detachOpenHandsOverOnlyTheSelectedTablesAndOnlyOnce() throws Exception {
        KeyQueue queue = queue();
        append(queue, 10);
        accumulator.detachOpen(qualified -> qualified.equals("main.other"), FlushReason.MANUAL);
        assertThat(lane.jobs).isEmpty();
        accumulator.detachOpen(qualified -> qualified.equals("main.t"), FlushReason.MANUAL);
        accumulator.detachOpen(qualified -> true, FlushReason.MANUAL);
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().reason).isEqualTo(FlushReason.MANUAL));
        assertThat(accumulator.openBatches()).isEmpty();
    }

    @Test
    void openBatchesShowsWhatIsBufferedAndNotYetDetached() throws Exception {
        KeyQueue queue = queue();
        append(queue, 10);
        append(queue, 15);
        assertThat(accumulator.openBatches()).singleElement().satisfies(open -> {
            assertThat(open.bytes()).isEqualTo(25);
            assertThat(open.entries()).hasSize(2);
        });
    }

    @Test
    void aClosingEngineRefusesAnAppendAndKeepsNoneOfItsBytes() throws Exception {
        KeyQueue queue = queue();
        state.startClosing(clock.nanoTime());
        assertThatThrownBy(() -> append(queue, 10)).isInstanceOfSatisfying(SluiceSqlException.class,
                e -> assertThat(e.error()).isEqualTo(ErrorCode.ABORTED));
        assertThat(bytes.used()).isZero();
        assertThat(accumulator.openBatches()).isEmpty();
    }

    @Test
    void aPolicyThatThrowsHasItsBatchDetachedAndTheBatchKeepsTheBytes() throws Exception {
        KeyQueue queue = queue((view, now) -> {
            throw new IllegalStateException("broken policy");
        });
        PendingInsert insert = append(queue, 10);
        assertThat(lane.jobs).singleElement().satisfies(job -> {
            assertThat(job.batch().reason).isEqualTo(FlushReason.POLICY);
            assertThat(job.batch().inserts).containsExactly(insert);
        });
        assertThat(bytes.used()).as("held by the batch; its flush gives them back").isEqualTo(10);
        bytes.release(lane.jobs.get(0).batch().bytes);
        assertThat(bytes.used()).isZero();
        assertThat(metrics.get(Metrics.Gauge.AsynchronousInsertBufferedBytes)).isZero();
    }

    @Test
    void anAppendBeyondTheByteBudgetWaitsForAFlushToGiveRoomBack() throws Exception {
        KeyQueue queue = queue("async_insert_backpressure_timeout_ms", "10000");
        append(queue, 600);
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try {
            Future<PendingInsert> waiting = appender.submit(() -> append(queue, 600));
            awaitBackpressureWaits(1);
            assertThat(waiting).isNotDone();
            accumulator.detachOpen(qualified -> true, FlushReason.MANUAL);
            bytes.release(lane.jobs.get(0).batch().bytes);
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(bytes.used()).isEqualTo(600);
            assertThat(bytes.highWater()).isEqualTo(600);
        } finally {
            appender.shutdownNow();
        }
    }

    @Test
    void anAppendThatGetsNoRoomWithinItsTimeoutFailsAndKeepsNothing() throws Exception {
        KeyQueue queue = queue("async_insert_backpressure_timeout_ms", "500", "async_insert_busy_timeout_max_ms", "100000");
        append(queue, 600);
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try {
            Future<PendingInsert> waiting = appender.submit(() -> append(queue, 600));
            awaitBackpressureWaits(1);
            // The waiter counts itself before it sets its timeout: advance until the timeout it set has fired.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!waiting.isDone() && System.nanoTime() < deadline) {
                clock.advanceMillis(500);
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SluiceSqlException.class)
                    .hasMessageContaining("MEMORY_LIMIT_EXCEEDED");
            assertThat(bytes.used()).isEqualTo(600);
            accumulator.detachOpen(qualified -> true, FlushReason.MANUAL);
            assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().inserts).hasSize(1));
        } finally {
            appender.shutdownNow();
        }
    }

    @Test
    void concurrentAppendersLoseNoEntryAndOverfillABatchByAtMostOneEntryEach() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        BufferedBytesLimit bytes = new BufferedBytesLimit(1L << 30, clock, timer, metrics);
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, state, table -> lane);
        KeyQueue first = queue("async_insert_max_query_number", "10", "async_insert_use_adaptive_busy_timeout", "0");
        KeyQueue second = queue("async_insert_max_query_number", "7", "async_insert_use_adaptive_busy_timeout", "0");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                KeyQueue queue = t % 2 == 0 ? first : second;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        append(queue, 1);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        accumulator.detachOpen(qualified -> true, FlushReason.MANUAL);
        Set<Long> sequences = new HashSet<>();
        long entries = 0;
        long batchBytes = 0;
        for (FlushJob job : lane.jobs) {
            // The policy decides outside the key's lock, so each other appender of the key may add one entry
            // between the append that reached the limit and its detach; never more, since its own next append
            // waits for its decision.
            int limit = (job.batch().queue == first ? 10 : 7) + threads / 2 - 1;
            assertThat(job.batch().inserts.size()).isBetween(1, limit);
            assertThat(job.drained()).hasSameSizeAs(job.batch().inserts);
            for (PendingInsert insert : job.batch().inserts) {
                assertThat(sequences.add(insert.entry.sequence())).as("entry %d handed over twice", insert.entry.sequence()).isTrue();
            }
            entries += job.batch().inserts.size();
            batchBytes += job.batch().bytes;
        }
        assertThat(entries).isEqualTo((long) threads * perThread);
        assertThat(bytes.used()).isEqualTo(batchBytes).isEqualTo((long) threads * perThread);
    }

    /** Spins until that many appends have started waiting for room: the waiting thread's own signal. */
    private void awaitBackpressureWaits(long waits) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metrics.get(Metrics.Event.AsyncInsertBackpressureWaits) < waits) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no append started waiting for room");
            }
            Thread.onSpinWait();
        }
    }
}

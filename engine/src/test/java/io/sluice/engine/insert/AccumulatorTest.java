package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
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
import java.lang.ref.WeakReference;
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
    private static final long BUDGET = 1_200;

    private final ManualClock clock = new ManualClock();
    private final Timer timer = new Timer(clock, "accumulator-test-timer");
    private final Metrics metrics = new Metrics();
    private final BufferedBytesLimit bytes = new BufferedBytesLimit(BUDGET, clock, timer, metrics);
    private final RunState state = new RunState();
    private final RecordingLane lane = new RecordingLane();
    private Buffer buffer;
    private Accumulator accumulator;
    private final SettingsStack engineSettings = SettingsStack.ofEngine(new SettingsRegistry(List.of()), SettingsLayer.EMPTY);

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
        return accumulator.append(queue, data(entryBytes), 0, null, entryBytes, "q", "", "", true);
    }

    /** Inline data of about {@code entryBytes} characters, at least one row. */
    private static String data(int entryBytes) {
        return "(" + "1".repeat(Math.max(1, entryBytes - 2)) + ")";
    }

    /** What an entry of {@link #append} holds of the byte budget: its heap cost, data and bookkeeping. */
    private static long heap(int entryBytes) {
        return EntryHeap.of(data(entryBytes), null, "q", "", "", true);
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
        assertThat(job.batch().callers).hasSize(3);
        assertThat(job.batch().bytes).isEqualTo(30);
        assertThat(job.drained()).extracting(BufferEntry::sequence).containsExactly(1L, 2L, 3L);
        assertThat(bytes.used()).as("the detached batch still holds its bytes until its flush").isEqualTo(3 * heap(10))
                .isEqualTo(job.batch().heapBytes);
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
            assertThat(job.batch().callers).hasSize(2);
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
    void aShutdownSeesABatchAnotherThreadClosedButHasNotHandedToItsLaneYet() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<FlushJob> submitted = new CopyOnWriteArrayList<>();
        // A lane whose submit waits: the appender stands between closing its full batch and handing it over.
        Lane gated = new Lane() {
            @Override
            public void submit(FlushJob job) {
                entered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                submitted.add(job);
            }

            @Override
            public StorageFeedback feedback() {
                return StorageFeedback.NONE;
            }
        };
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, state, table -> gated);
        KeyQueue queue = queue("async_insert_max_query_number", "1", "async_insert_use_adaptive_busy_timeout", "0");
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try {
            Future<PendingInsert> appended = appender.submit(() -> accumulator.append(queue, data(10), 0, null, 10, "q", "", "", false));
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the full batch reached its hand-over").isTrue();
            state.startClosing(clock.nanoTime());
            accumulator.detachOpen(qualified -> true, FlushReason.SHUTDOWN);
            assertThat(accumulator.openBatches()).as("the batch is no longer open").isEmpty();
            var handedOver = accumulator.whenHandedOver();
            assertThat(handedOver).as("a shutdown must not ask the lanes to drain yet").isNotDone();
            gate.countDown();
            handedOver.get(10, TimeUnit.SECONDS);
            assertThat(submitted).as("once handed over, the lane holds the batch").singleElement()
                    .satisfies(job -> assertThat(job.batch().reason).isEqualTo(FlushReason.COUNT));
            appended.get(10, TimeUnit.SECONDS);
            assertThat(accumulator.whenHandedOver()).isDone();
        } finally {
            gate.countDown();
            appender.shutdownNow();
        }
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
    void aFireAndForgetEntryIsNoObjectWhileBufferedAndComesBackWholeWhenDrained() throws Exception {
        KeyQueue queue = queue("async_insert_use_adaptive_busy_timeout", "0", "async_insert_busy_timeout_max_ms", "60000");
        String firstId = "0f0e0d0c-0b0a-4908-8706-050403020100";
        String secondId = "00112233-4455-4677-8899-aabbccddeeff";
        PendingInsert first = accumulator.append(queue, "INSERT INTO t VALUES (1)", 21, null, 3, firstId, "", "", false);
        WeakReference<PendingInsert> second = new WeakReference<>(
                accumulator.append(queue, "INSERT INTO t VALUES ('zürich')", 21, null, 10, secondId, "", "", false));
        for (int i = 0; i < 50 && second.get() != null; i++) {
            System.gc();
        }
        assertThat(second.get()).as("a fire-and-forget caller's insert, once the caller dropped it").isNull();
        assertThat(accumulator.openBatches()).singleElement().satisfies(open -> assertThat(open.entries())
                .extracting(BufferEntry::queryId, BufferEntry::data, BufferEntry::bytes)
                .containsExactly(tuple(firstId, "(1)", 3), tuple(secondId, "('zürich')", 10)));
        assertThat(bytes.used()).isEqualTo(EntryHeap.of("(1)", null, firstId, "", "", false) + EntryHeap.of("('zürich')", null, secondId, "", "", false));
        accumulator.detachOpen(table -> true, FlushReason.MANUAL);
        assertThat(lane.jobs).singleElement().satisfies(job -> {
            assertThat(job.batch().callers).as("no caller waits").isEmpty();
            assertThat(job.batch().entries).isEqualTo(2);
            assertThat(job.drained()).extracting(BufferEntry::sequence, BufferEntry::queryId, BufferEntry::data, BufferEntry::dataStart)
                    .containsExactly(tuple(1L, firstId, "(1)", 0), tuple(2L, secondId, "('zürich')", 0));
            assertThat(first.written()).as("read-your-writes waits for the batch's flush").isSameAs(job.batch().flushed);
        });
    }

    @Test
    void aPolicyThatThrowsHasItsBatchDetachedAndTheBatchKeepsTheBytes() throws Exception {
        KeyQueue queue = queue((view, now) -> {
            throw new IllegalStateException("broken policy");
        });
        PendingInsert insert = append(queue, 10);
        assertThat(lane.jobs).singleElement().satisfies(job -> {
            assertThat(job.batch().reason).isEqualTo(FlushReason.POLICY);
            assertThat(job.batch().callers).containsExactly(insert);
        });
        assertThat(bytes.used()).as("held by the batch; its flush gives them back").isEqualTo(heap(10));
        bytes.release(lane.jobs.get(0).batch().heapBytes);
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
            bytes.release(lane.jobs.get(0).batch().heapBytes);
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(bytes.used()).isEqualTo(heap(600));
            assertThat(bytes.highWater()).isEqualTo(heap(600));
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
            assertThat(bytes.used()).isEqualTo(heap(600));
            accumulator.detachOpen(qualified -> true, FlushReason.MANUAL);
            assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().callers).hasSize(1));
        } finally {
            appender.shutdownNow();
        }
    }

    @Test
    void concurrentAppendersLoseNoEntryAndOverfillNoBatch() throws Exception {
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
        long batchHeap = 0;
        for (FlushJob job : lane.jobs) {
            // The limits close a batch under the key's lock, so no appender can add to it after the append
            // that filled it, however the threads interleave.
            int limit = job.batch().queue == first ? 10 : 7;
            assertThat(job.batch().callers.size()).isBetween(1, limit);
            assertThat(job.drained()).hasSameSizeAs(job.batch().callers);
            for (PendingInsert insert : job.batch().callers) {
                assertThat(sequences.add(insert.sequence)).as("entry %d handed over twice", insert.sequence).isTrue();
            }
            entries += job.batch().callers.size();
            batchBytes += job.batch().bytes;
            batchHeap += job.batch().heapBytes;
        }
        assertThat(entries).isEqualTo((long) threads * perThread);
        assertThat(batchBytes).isEqualTo((long) threads * perThread);
        assertThat(bytes.used()).isEqualTo(batchHeap).isEqualTo(threads * perThread * heap(1));
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

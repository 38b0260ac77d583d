package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.flush.TableLane;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.system.Metrics;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import io.sluice.plugin.adaptive.AdaptivePolicyPlugin;
import io.sluice.plugin.memory.MemoryBufferPlugin;
import io.sluice.plugin.threshold.ThresholdPolicyPlugin;
import io.sluice.spi.Buffer;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * The closed-loop rule of group commit on a manual clock, so that no deadline can fire unless a test advances
 * the clock: a buffer is flushed at once when every caller inside an INSERT of its key waits on it, and a
 * waiting caller leads the flush on its own thread when the table's lane is idle.
 */
class ClosedLoopTest {
    private static final TableInfo TABLE = new TableInfo("main", "t", List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false)));

    private final ManualClock clock = new ManualClock();
    private final Timer timer = new Timer(clock, "closed-loop-test-timer");
    private final Metrics metrics = new Metrics();
    private final BufferedBytesLimit bytes = new BufferedBytesLimit(1L << 30, clock, timer, metrics);
    private final RecordingLane lane = new RecordingLane();
    private final SettingsStack engineSettings = SettingsStack.ofEngine(new SettingsRegistry(List.of()), SettingsLayer.EMPTY);
    private Buffer buffer;
    private Accumulator accumulator;

    private PluginContext context() {
        return new PluginContext(clock, "test", new Properties(), null);
    }

    @BeforeEach
    void start() throws Exception {
        buffer = new MemoryBufferPlugin().getBufferFactories().get(0).create(PluginConfig.of(Map.of()), context());
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, new RunState(), table -> lane);
    }

    @AfterEach
    void close() {
        timer.close();
        buffer.close();
    }

    private FlushPolicy threshold() throws Exception {
        return new ThresholdPolicyPlugin().getFlushPolicyFactories().get(0).create(PluginConfig.of(Map.of()), context());
    }

    private FlushPolicy adaptive() throws Exception {
        return new AdaptivePolicyPlugin().getFlushPolicyFactories().get(0).create(PluginConfig.of(Map.of()), context());
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

    private PendingInsert append(KeyQueue queue) throws Exception {
        return accumulator.append(queue, "(1)", 0, null, 10, "q", "", "", true);
    }

    @Test
    void oneWaitingCallerIsFlushedAtOnceUnderEitherDefaultPolicy() throws Exception {
        List<FlushPolicy> policies = List.of(threshold(), adaptive());
        for (int i = 0; i < policies.size(); i++) {
            FlushPolicy policy = policies.get(i);
            lane.jobs.clear();
            // A key of its own for each policy.
            KeyQueue queue = queue(policy, "async_insert_busy_timeout_max_ms", "1000", "async_insert_max_query_number", Integer.toString(100 + i));
            PendingInsert insert = append(queue);
            assertThat(lane.jobs).as("buffered, its caller not waiting yet").isEmpty();
            accumulator.waiting(insert);
            assertThat(lane.jobs).as("flushed with the clock not moved, under %s", policy.getClass().getSimpleName()).singleElement()
                    .satisfies(job -> {
                        assertThat(job.batch().callers).containsExactly(insert);
                        assertThat(job.batch().reason).isEqualTo(FlushReason.POLICY);
                    });
            accumulator.leave(insert);
        }
    }

    @Test
    void aBatchFlushedBeforeItsDeadlineLeavesNoCheckOnTheTimer() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        int before = timer.pending();
        PendingInsert insert = append(queue);
        assertThat(timer.pending()).as("the batch's check at its deadline").isEqualTo(before + 1);
        accumulator.waiting(insert);
        assertThat(lane.jobs).hasSize(1);
        assertThat(timer.pending()).as("the closed batch's check, cancelled: it would only wake the timer's thread").isEqualTo(before);
        accumulator.leave(insert);
    }

    @Test
    void callersAllWaitingAreFlushedOnceTogether() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        List<PendingInsert> inserts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inserts.add(append(queue));
        }
        for (int i = 0; i < 4; i++) {
            accumulator.waiting(inserts.get(i));
            assertThat(lane.jobs).as("%d of 5 callers waiting", i + 1).isEmpty();
        }
        accumulator.waiting(inserts.get(4));
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().callers).containsExactlyElementsOf(inserts));
    }

    @Test
    void aCallerInsideButNotWaitingHoldsTheFlushUntilItWaits() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        PendingInsert first = append(queue);
        accumulator.waiting(first);
        accumulator.leave(first);
        lane.jobs.clear();
        PendingInsert second = append(queue);
        PendingInsert third = append(queue);
        accumulator.waiting(second);
        assertThat(lane.jobs).as("the third caller has not started waiting").isEmpty();
        accumulator.waiting(third);
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().callers).containsExactly(second, third));
    }

    @Test
    void aCallerInsideAnotherBatchHoldsTheFlushUntilItLeaves() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        PendingInsert inFlight = append(queue);
        accumulator.waiting(inFlight);
        assertThat(lane.jobs).hasSize(1);
        // The flush of the first batch has not answered its caller yet: that caller may append again at once.
        PendingInsert next = append(queue);
        accumulator.waiting(next);
        assertThat(lane.jobs).as("the first caller is still inside its INSERT").hasSize(1);
        accumulator.leave(inFlight);
        assertThat(lane.jobs).hasSize(2);
        assertThat(lane.jobs.get(1).batch().callers).containsExactly(next);
    }

    @Test
    void aCallerThatLeavesWithoutWaitingCompletesTheCondition() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        PendingInsert waiting = append(queue);
        PendingInsert fireAndForget = append(queue);
        accumulator.waiting(waiting);
        assertThat(lane.jobs).isEmpty();
        accumulator.leave(fireAndForget);
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().callers).containsExactly(waiting, fireAndForget));
    }

    @Test
    void callersThatDoNotWaitNeverTriggerItAndTheTimeoutStillBounds() throws Exception {
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        PendingInsert first = append(queue);
        PendingInsert second = append(queue);
        accumulator.leave(first);
        accumulator.leave(second);
        clock.advance(999, TimeUnit.MILLISECONDS);
        assertThat(lane.jobs).as("nobody waits: the busy timeout decides").isEmpty();
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().reason).isEqualTo(FlushReason.DEADLINE));
    }

    @Test
    void theSettingTurnsTheRuleOff() throws Exception {
        KeyQueue queue = queue(adaptive(), "async_insert_busy_timeout_max_ms", "1000", "async_insert_closed_loop_flush", "0");
        PendingInsert insert = append(queue);
        accumulator.waiting(insert);
        assertThat(lane.jobs).isEmpty();
        clock.advance(1000, TimeUnit.MILLISECONDS);
        assertThat(lane.jobs).singleElement().satisfies(job -> assertThat(job.batch().reason).isEqualTo(FlushReason.DEADLINE));
    }

    @Test
    void theWaitingCallerLeadsTheFlushOnItsOwnThreadWhenTheLaneIsIdle() throws Exception {
        List<String> flushThreads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "lane-pool"));
        TableLane tableLane = new TableLane("main", "t", pool, group -> {
            flushThreads.add(Thread.currentThread().getName());
            group.forEach(job -> job.batch().callers.forEach(insert -> insert.complete(1L)));
        });
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, new RunState(), table -> tableLane);
        ClientWaits waits = new ClientWaits(clock, timer, metrics, accumulator);
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        ExecutorService client = Executors.newSingleThreadExecutor(r -> new Thread(r, "client-7"));
        try {
            long rows = client.submit(() -> waits.await(append(queue), 60)).get(30, TimeUnit.SECONDS);
            assertThat(rows).isEqualTo(1);
            assertThat(flushThreads).containsExactly("client-7");
            assertThat(tableLane.whenDrained()).isDone();
        } finally {
            client.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void aReadyBatchWaitsForABusyLaneAndRunsOnItsThreadRightAfter() throws Exception {
        List<String> flushThreads = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "lane-pool"));
        TableLane tableLane = new TableLane("main", "t", pool, group -> {
            flushThreads.add(Thread.currentThread().getName() + ":" + group.size());
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            group.forEach(job -> job.batch().callers.forEach(insert -> insert.complete(1L)));
        });
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, new RunState(), table -> tableLane);
        ClientWaits waits = new ClientWaits(clock, timer, metrics, accumulator);
        KeyQueue other = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000", "async_insert_max_query_number", "99");
        KeyQueue queue = queue(threshold(), "async_insert_busy_timeout_max_ms", "1000");
        ExecutorService clients = Executors.newFixedThreadPool(2, r -> new Thread(r, "client"));
        try {
            // A manual flush keeps the lane's thread busy with another key of the table.
            append(other);
            accumulator.detachOpen(name -> true, FlushReason.MANUAL);
            assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Long> waited = clients.submit(() -> waits.await(append(queue), 60));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tableLane.feedback().backlog() == 0) {
                assertThat(System.nanoTime()).as("the ready batch reached the busy lane").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(waited).isNotDone();
            release.countDown();
            assertThat(waited.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(flushThreads).containsExactly("lane-pool:1", "lane-pool:1");
        } finally {
            release.countDown();
            clients.shutdownNow();
            pool.shutdownNow();
        }
    }
}

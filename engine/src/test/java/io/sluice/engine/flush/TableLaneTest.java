package io.sluice.engine.flush;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.insert.FlushJob;
import io.sluice.spi.ManualClock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableLaneTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A runner that signals when each job starts and blocks it until the test opens its gate, jobs numbered as they run. */
    private static java.util.function.Consumer<List<FlushJob>> gated(CountDownLatch[] started, CountDownLatch[] gates, AtomicInteger next) {
        return group -> {
            for (int i = 0; i < group.size(); i++) {
                int job = next.getAndIncrement();
                started[job].countDown();
                try {
                    gates[job].await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void whenDrainedWaitsOnlyForTheJobsSubmittedBeforeIt() throws Exception {
        // Jobs run in order; the runner signals when each starts and blocks until the test opens its gate.
        CountDownLatch[] started = {new CountDownLatch(1), new CountDownLatch(1)};
        CountDownLatch[] gates = {new CountDownLatch(1), new CountDownLatch(1)};
        AtomicInteger next = new AtomicInteger();
        TableLane lane = new TableLane("main", "t", pool, gated(started, gates, next));
        assertThat(lane.whenDrained()).isDone();
        lane.submit(new FlushJob(null, List.of()));
        CompletableFuture<Void> beforeSecond = lane.whenDrained();
        started[0].await(10, TimeUnit.SECONDS);
        lane.submit(new FlushJob(null, List.of()));
        CompletableFuture<Void> afterSecond = lane.whenDrained();
        assertThat(beforeSecond).isNotDone();
        gates[0].countDown();
        beforeSecond.get(10, TimeUnit.SECONDS);
        started[1].await(10, TimeUnit.SECONDS);
        // The second job is running, and a wait that began after it was submitted still waits for it.
        assertThat(afterSecond).isNotDone();
        gates[1].countDown();
        afterSecond.get(10, TimeUnit.SECONDS);
        assertThat(lane.whenDrained()).isDone();
    }

    @Test
    void differentTablesFlushInParallelWhileEachTableKeepsItsOrder() throws Exception {
        CountDownLatch blockedStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        TableLane slow = new TableLane("main", "slow", pool, group -> {
            for (int i = 0; i < group.size(); i++) {
                order.add("slow");
                blockedStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        AtomicInteger fastRuns = new AtomicInteger();
        TableLane fast = new TableLane("main", "fast", pool, group -> {
            for (FlushJob job : group) {
                order.add("fast-" + fastRuns.incrementAndGet());
            }
        });
        slow.submit(new FlushJob(null, List.of()));
        blockedStarted.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            fast.submit(new FlushJob(null, List.of()));
        }
        // The other table's five flushes all finish while the slow table's flush is still running, in order.
        fast.whenDrained().get(10, TimeUnit.SECONDS);
        assertThat(slow.whenDrained()).isNotDone();
        assertThat(order).containsExactly("slow", "fast-1", "fast-2", "fast-3", "fast-4", "fast-5");
        release.countDown();
        slow.whenDrained().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLaneWithTwoSlotsRunsTwoFlushesAtOnceAndWhenDrainedWaitsForEveryEarlierOne() throws Exception {
        CountDownLatch[] started = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        CountDownLatch[] gates = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(0)};
        AtomicInteger next = new AtomicInteger();
        TableLane lane = new TableLane("main", "t", pool, gated(started, gates, next), 2, clock);
        lane.submit(new FlushJob(null, List.of()));
        started[0].await(10, TimeUnit.SECONDS);
        assertThat(lane.takesAnotherFlush()).isTrue();
        lane.submit(new FlushJob(null, List.of()));
        // The second job runs while the first still does: with one slot it would wait for the first's gate.
        assertThat(started[1].await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.takesAnotherFlush()).isFalse();
        CompletableFuture<Void> both = lane.whenDrained();
        // The later job finishes first: the earlier one still runs, so the wait goes on (a count of finished jobs would end it).
        gates[1].countDown();
        lane.submit(new FlushJob(null, List.of()));
        assertThat(both).isNotDone();
        gates[0].countDown();
        both.get(10, TimeUnit.SECONDS);
        lane.whenDrained().get(10, TimeUnit.SECONDS);
        assertThat(next.get()).isEqualTo(3);
    }

    @Test
    void aCallerLeadsAFlushBesideARunningOneOnlyWhileASlotIsFree() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        TableLane lane = new TableLane("main", "t", pool, group -> {
            threads.add(Thread.currentThread().getName());
            if (threads.size() == 1) {
                started.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 2, clock);
        lane.submit(new FlushJob(null, List.of()));
        started.await(10, TimeUnit.SECONDS);
        assertThat(lane.runHere(new FlushJob(null, List.of()))).isTrue();
        assertThat(threads.get(1)).isEqualTo(Thread.currentThread().getName());
        gate.countDown();
        lane.whenDrained().get(10, TimeUnit.SECONDS);

        TableLane single = new TableLane("main", "one", pool, group -> {}, 1, clock);
        assertThat(single.takesAnotherFlush()).as("one slot: the closed loop counts every caller, as before").isFalse();
    }

    @Test
    void theLedgerKeepsTheIdsReleasedByAsManyRecentFlushesAsTheLaneRunsAtOnce() {
        TableLane one = new TableLane("main", "t", pool, group -> {}, 1, clock);
        TableLane two = new TableLane("main", "t", pool, group -> {}, 2, clock);
        for (long released : new long[] {7, 3, 5}) {
            one.released(released);
            two.released(released);
        }
        assertThat(one.recentlyReleased()).isEqualTo(5);
        assertThat(two.recentlyReleased()).isEqualTo(8);
    }

    @Test
    void aWaitingCallersBatchStartsBesideARunningFlushOnlyOnceItStalled() throws Exception {
        CountDownLatch[] started = {new CountDownLatch(1)};
        CountDownLatch[] gates = {new CountDownLatch(1)};
        TableLane lane = new TableLane("main", "t", pool, gated(started, gates, new AtomicInteger()), 2, clock);
        assertThat(lane.takesAnotherFlush()).as("nothing runs: the callers of the last flush count until they return").isFalse();
        lane.recordFlush(clock.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10), false);
        lane.submit(new FlushJob(null, List.of()));
        started[0].await(10, TimeUnit.SECONDS);
        // Running as long as flushes of the table usually take: the next batch waits for it and grows meanwhile.
        clock.advanceMillis(10 * TableLane.STALL_FACTOR - 1);
        assertThat(lane.takesAnotherFlush()).isFalse();
        // Stalled on the database: the next batch goes beside it.
        clock.advanceMillis(1);
        assertThat(lane.takesAnotherFlush()).isTrue();
        gates[0].countDown();
        lane.whenDrained().get(10, TimeUnit.SECONDS);
    }
}

package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void whenDrainedWaitsOnlyForTheJobsSubmittedBeforeIt() throws Exception {
        // Jobs run in order; the runner signals when each starts and blocks until the test opens its gate.
        CountDownLatch[] started = {new CountDownLatch(1), new CountDownLatch(1)};
        CountDownLatch[] gates = {new CountDownLatch(1), new CountDownLatch(1)};
        AtomicInteger next = new AtomicInteger();
        TableLane lane = new TableLane("main", "t", pool, group -> {
            for (int i = 0; i < group.size(); i++) {
                int job = next.getAndIncrement();
                started[job].countDown();
                try {
                    gates[job].await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertThat(lane.whenDrained()).isDone();
        lane.submit(new Engine.FlushJob(null, List.of()));
        CompletableFuture<Void> beforeSecond = lane.whenDrained();
        started[0].await(10, TimeUnit.SECONDS);
        lane.submit(new Engine.FlushJob(null, List.of()));
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
}

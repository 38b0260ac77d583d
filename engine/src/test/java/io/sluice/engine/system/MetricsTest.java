package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Counters and gauges updated from many threads read as the sum of every update, from threads alive or ended. */
class MetricsTest {
    @Test
    @DisplayName("updates from threads that ended and from threads still running all count, and a gauge one thread raises another lowers")
    void everyThreadsUpdatesCount() throws Exception {
        Metrics metrics = new Metrics();
        metrics.add(Event.AsyncInsertQuery, 5);
        metrics.add(Gauge.PendingAsyncInsert, 3);
        List<Thread> ended = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    metrics.add(Event.AsyncInsertQuery, 1);
                    metrics.add(Gauge.PendingAsyncInsert, 1);
                }
            });
            thread.start();
            ended.add(thread);
        }
        for (Thread thread : ended) {
            thread.join();
        }
        assertThat(metrics.get(Event.AsyncInsertQuery)).isEqualTo(4_005);
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread running = new Thread(() -> {
            metrics.add(Gauge.PendingAsyncInsert, -4_003);
            metrics.add(Event.AsyncInsertFlush, 2);
            counted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
        counted.await();
        assertThat(metrics.get(Gauge.PendingAsyncInsert)).isZero();
        assertThat(metrics.get(Event.AsyncInsertFlush)).isEqualTo(2);
        release.countDown();
        running.join();
        // Read again once that thread ended too: its share was folded in, not lost nor counted twice.
        assertThat(metrics.get(Event.AsyncInsertFlush)).isEqualTo(2);
        assertThat(metrics.get(Event.AsyncInsertQuery)).isEqualTo(4_005);
        assertThat(metrics.get(Gauge.PendingAsyncInsert)).isZero();
        metrics.add(Event.AsyncInsertQuery, 1);
        assertThat(metrics.events().get(Event.AsyncInsertQuery)).isEqualTo(4_006);
    }
}

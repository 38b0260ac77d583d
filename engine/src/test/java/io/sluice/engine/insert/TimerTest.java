package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.Clock;
import io.sluice.spi.ManualClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The timer's wake-ups: a task is never late, and scheduling one due after the thread looks anyway costs no wake-up. */
class TimerTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Waits (spinning, no sleep) until the timer's thread sleeps until a time. */
    private static void awaitSleeping(Timer timer) {
        while (!timer.sleepsUntilATime()) {
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("While tasks are scheduled often, one due later than the thread's next look wakes nobody; one due sooner does")
    void laterTasksNeedNoWakeUp() throws Exception {
        Clock clock = Clock.system();
        try (Timer timer = new Timer(clock, "timer-test")) {
            // A far task: the thread then sleeps at most BUSY_SLEEP_NANOS, tasks having just been scheduled.
            timer.schedule(clock.nanoTime() + HOUR, () -> {});
            awaitSleeping(timer);
            long signals = timer.signals();
            for (int i = 0; i < 100; i++) {
                Timer.Handle handle = timer.schedule(clock.nanoTime() + HOUR / 2 + i, () -> {});
                handle.cancel();
            }
            assertThat(timer.signals()).as("wake-ups for tasks due in half an hour").isEqualTo(signals);

            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(clock.nanoTime(), ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).as("a task due now runs").isTrue();
        }
    }

    @Test
    @DisplayName("On a manual clock, every task that becomes first wakes the thread, as before")
    void manualClockSignalsAsBefore() {
        ManualClock clock = new ManualClock();
        try (Timer timer = new Timer(clock, "timer-test")) {
            AtomicInteger runs = new AtomicInteger();
            long signals = timer.signals();
            timer.schedule(clock.nanoTime() + HOUR, runs::incrementAndGet);
            assertThat(timer.signals()).isEqualTo(signals + 1);
            clock.advance(HOUR, TimeUnit.NANOSECONDS);
            assertThat(runs.get()).isOne();
            assertThat(timer.pending()).isZero();
        }
    }
}

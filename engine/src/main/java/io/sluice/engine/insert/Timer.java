package io.sluice.engine.insert;

import io.sluice.spi.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * Runs tasks at times of the engine's {@link Clock}: buffer deadlines and client wait timeouts. One
 * thread sleeps until the earliest task is due and runs it; tasks must be short. On a manual clock the
 * thread that advances the clock runs every task that became due before {@code advance} returns, so a
 * test knows exactly which deadlines have fired. Thread-safe.
 */
public final class Timer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Timer.class);

    /** A scheduled task; {@link #cancel()} removes it if it has not run yet. */
    public final class Handle {
        private final Key key;

        private Handle(Key key) {
            this.key = key;
        }

        public void cancel() {
            lock.lock();
            try {
                tasks.remove(key);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * @param dueWhenScheduled whether the task was already due when scheduled: on a manual clock only such
     *     tasks run on the timer thread; every other one runs in the thread that advances the clock
     */
    private record Key(long atNanos, long sequence, boolean dueWhenScheduled) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byTime = Long.compare(atNanos - other.atNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Key, Runnable> tasks = new TreeMap<>();
    private final Thread thread;
    private final Runnable onAdvance = this::runDue;
    private long sequence;
    private boolean closed;

    public Timer(Clock clock, String name) {
        this.clock = clock;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        clock.onAdvance(onAdvance);
        this.thread.start();
    }

    /** Runs {@code task} once the clock reaches {@code atNanos} (at once if it already has). */
    public Handle schedule(long atNanos, Runnable task) {
        lock.lock();
        try {
            Key key = new Key(atNanos, sequence++, atNanos - clock.nanoTime() <= 0);
            tasks.put(key, task);
            if (tasks.firstKey() == key) {
                changed.signal();
            }
            return new Handle(key);
        } finally {
            lock.unlock();
        }
    }

    /** Runs every task that is due, on the calling thread (a manual clock's {@code advance}). */
    private void runDue() {
        while (true) {
            Runnable task;
            lock.lock();
            try {
                Map.Entry<Key, Runnable> first = tasks.firstEntry();
                if (closed || first == null || first.getKey().atNanos() - clock.nanoTime() > 0) {
                    return;
                }
                tasks.pollFirstEntry();
                task = first.getValue();
            } finally {
                lock.unlock();
            }
            runSafely(task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("Sluice timer task failed", e);
        }
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                if (tasks.isEmpty()) {
                    changed.await();
                    continue;
                }
                Map.Entry<Key, Runnable> first = tasks.firstEntry();
                long wait = first.getKey().atNanos() - clock.nanoTime();
                if (wait <= 0 && (clock.isRealTime() || first.getKey().dueWhenScheduled())) {
                    tasks.pollFirstEntry();
                    lock.unlock();
                    try {
                        runSafely(first.getValue());
                    } finally {
                        lock.lock();
                    }
                } else if (clock.isRealTime()) {
                    changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
                } else {
                    // A manual clock: tasks that fall due through an advance run in the advancing thread.
                    changed.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the caller is this timer's own thread. */
    public boolean isTimerThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            tasks.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
        clock.removeAdvanceListener(onAdvance);
    }
}

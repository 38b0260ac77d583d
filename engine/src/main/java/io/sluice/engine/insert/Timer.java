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

    /**
     * While tasks are scheduled often (within {@link #BUSY_WINDOW_NANOS} of the last), the thread looks at its
     * tasks at least this often, so that scheduling a task due later than that needs no wake-up: every waiting
     * INSERT schedules its timeout and its batch's next check, and a wake-up each would cost the timer thread a
     * context switch per INSERT.
     */
    static final long BUSY_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long BUSY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Key, Runnable> tasks = new TreeMap<>();
    private final Thread thread;
    private final Runnable onAdvance = this::runDue;
    private long sequence;
    private boolean closed;
    /** Guarded by {@link #lock}: whether the thread sleeps on a real-time clock, and until when (or for a signal). */
    private boolean sleeping;
    private boolean sleepingForSignal;
    private long sleepingUntilNanos;
    private long lastScheduleNanos;
    /** Guarded by {@link #lock}: the thread's wake-ups for a task scheduled earlier than it would look, for tests. */
    private long signals;

    public Timer(Clock clock, String name) {
        this.clock = clock;
        this.lastScheduleNanos = clock.nanoTime() - BUSY_WINDOW_NANOS;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        clock.onAdvance(onAdvance);
        this.thread.start();
    }

    /** Runs {@code task} once the clock reaches {@code atNanos} (at once if it already has). */
    public Handle schedule(long atNanos, Runnable task) {
        lock.lock();
        try {
            long now = clock.nanoTime();
            Key key = new Key(atNanos, sequence++, atNanos - now <= 0);
            tasks.put(key, task);
            lastScheduleNanos = now;
            // Only a sleeping thread needs a wake-up (one running a task looks at the tasks again before it sleeps), and
            // not one that will look before this task is due.
            if (tasks.firstKey() == key && (!clock.isRealTime() || (sleeping && (sleepingForSignal || atNanos - sleepingUntilNanos < 0)))) {
                signals++;
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
                    sleep(true, 0);
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
                    boolean busy = clock.nanoTime() - lastScheduleNanos < BUSY_WINDOW_NANOS;
                    sleep(false, Math.min(wait, busy ? BUSY_SLEEP_NANOS : TimeUnit.SECONDS.toNanos(1)));
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

    /** Sleeps until signalled, or at most {@code nanos}; call holding the lock. */
    private void sleep(boolean forSignal, long nanos) throws InterruptedException {
        sleeping = true;
        sleepingForSignal = forSignal;
        sleepingUntilNanos = clock.nanoTime() + nanos;
        try {
            if (forSignal) {
                changed.await();
            } else {
                changed.awaitNanos(nanos);
            }
        } finally {
            sleeping = false;
        }
    }

    /** Tasks scheduled and neither run nor cancelled yet. */
    public int pending() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /** How often scheduling a task woke the thread (it was due before the thread would have looked), for tests. */
    long signals() {
        lock.lock();
        try {
            return signals;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the thread sleeps on a real-time clock until a time (not for a signal), for tests. */
    boolean sleepsUntilATime() {
        lock.lock();
        try {
            return sleeping && !sleepingForSignal;
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

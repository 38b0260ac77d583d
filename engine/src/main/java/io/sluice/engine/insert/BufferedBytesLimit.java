package io.sluice.engine.insert;

import io.sluice.engine.StatementControl;
import io.sluice.engine.system.Metrics;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on the heap that buffered INSERTs take across an engine ({@code async_insert_max_buffered_bytes}):
 * each reserves what it costs, data and bookkeeping ({@link EntryHeap}), before it is buffered, and its flush
 * gives that back. At the bound an INSERT waits,
 * first come first served, up to {@code async_insert_backpressure_timeout_ms} on the engine's clock, then
 * fails with {@code MEMORY_LIMIT_EXCEEDED} (or {@code ABORTED} at once when its thread is interrupted, the
 * interrupt kept); nothing already accepted is ever dropped. The one owner of the
 * engine's byte accounting: the {@code AsynchronousInsertBufferedBytes} gauge moves here and nowhere else.
 * Thread-safe.
 */
public final class BufferedBytesLimit {
    private final long limit;
    private final Clock clock;
    private final Timer timer;
    private final Metrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long used;
    private long highWater;

    private final class Waiter {
        final Condition condition = lock.newCondition();
        boolean timedOut;
        boolean cancelled;
    }

    public BufferedBytesLimit(long limit, Clock clock, Timer timer, Metrics metrics) {
        this.limit = limit;
        this.clock = clock;
        this.timer = timer;
        this.metrics = metrics;
    }

    /**
     * Takes room for {@code bytes}, waiting for it if needed.
     *
     * @throws SluiceSqlException {@code MEMORY_LIMIT_EXCEEDED} when no room came within the timeout, {@code ABORTED}
     *     when the thread was interrupted while it waited (the interrupt stays set)
     */
    public void reserve(long bytes, long timeoutMillis) throws SluiceSqlException {
        reserve(bytes, timeoutMillis, null);
    }

    /**
     * Takes room for {@code bytes}, waiting for it at most until the statement's query timeout if that comes
     * first, and no longer once the statement is cancelled.
     *
     * @throws SluiceSqlException {@code MEMORY_LIMIT_EXCEEDED} when no room came within {@code timeoutMillis},
     *     {@code TIMEOUT_EXCEEDED} when the query timeout passed first, {@code QUERY_WAS_CANCELLED} when
     *     cancelled, {@code ABORTED} when the thread was interrupted (the interrupt stays set); nothing is queued
     */
    public void reserve(long bytes, long timeoutMillis, /* nullable */ StatementControl control) throws SluiceSqlException {
        reserveLocked(bytes, timeoutMillis, control);
        // Outside the lock: every INSERT of the engine passes through it.
        metrics.add(Metrics.Gauge.AsynchronousInsertBufferedBytes, bytes);
    }

    private void reserveLocked(long bytes, long timeoutMillis, StatementControl control) throws SluiceSqlException {
        if (bytes > limit) {
            throw refusal(bytes, "it alone is larger than the bound");
        }
        lock.lock();
        try {
            if (waiters.isEmpty() && used + bytes <= limit) {
                take(bytes);
                return;
            }
            Waiter waiter = new Waiter();
            waiters.addLast(waiter);
            long boundMillis = StatementControl.boundMillis(control, timeoutMillis);
            Timer.Handle timeout = timer.schedule(clock.nanoTime() + boundMillis * 1_000_000L, () -> wake(waiter, false));
            // Counted once its deadline is set: whoever sees the wait counted may move the clock past that deadline.
            metrics.add(Metrics.Event.AsyncInsertBackpressureWaits, 1);
            Runnable onCancel = () -> wake(waiter, true);
            if (control != null) {
                // Runs at once, on this thread and under the (reentrant) lock, if the statement was cancelled already.
                control.onCancel(onCancel);
            }
            try {
                while (waiters.peekFirst() != waiter || used + bytes > limit) {
                    if (waiter.cancelled || waiter.timedOut) {
                        waiters.remove(waiter);
                        signalFirst();
                        if (waiter.cancelled) {
                            throw StatementControl.cancelled("while the INSERT waited for room under async_insert_max_buffered_bytes = "
                                    + limit + "; nothing was queued");
                        }
                        metrics.add(Metrics.Event.AsyncInsertBackpressureRefusals, 1);
                        if (StatementControl.queryTimeoutBounds(control, timeoutMillis)) {
                            throw new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "The statement's query timeout ("
                                    + control.queryTimeoutMillis() / 1000 + " s, Statement.setQueryTimeout) passed while the INSERT waited"
                                    + " for room under async_insert_max_buffered_bytes = " + limit + "; nothing was queued");
                        }
                        throw refusal(bytes, "no room came within async_insert_backpressure_timeout_ms = " + timeoutMillis);
                    }
                    try {
                        waiter.condition.await();
                    } catch (InterruptedException e) {
                        // The thread's owner wants it back: it leaves the line without its bytes, interrupt kept.
                        waiters.remove(waiter);
                        signalFirst();
                        Thread.currentThread().interrupt();
                        throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while the INSERT waited for room under"
                                + " async_insert_max_buffered_bytes = " + limit + "; nothing was queued", e);
                    }
                }
                waiters.removeFirst();
                take(bytes);
                signalFirst();
            } finally {
                timeout.cancel();
                if (control != null) {
                    control.clear(onCancel);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes room without waiting, even past the bound: for entries recovered from a durable buffer, which
     * were accepted in an earlier run and must be written whatever the bound.
     */
    public void forceReserve(long bytes) {
        lock.lock();
        try {
            take(bytes);
        } finally {
            lock.unlock();
        }
        metrics.add(Metrics.Gauge.AsynchronousInsertBufferedBytes, bytes);
    }

    /** Gives back room taken by {@link #reserve}: once per reservation, by whoever holds the bytes then. */
    public void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        lock.lock();
        try {
            used -= bytes;
            signalFirst();
        } finally {
            lock.unlock();
        }
        metrics.add(Metrics.Gauge.AsynchronousInsertBufferedBytes, -bytes);
    }

    /** Bytes reserved now. */
    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes ever reserved at once. */
    public long highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }

    private void wake(Waiter waiter, boolean cancelled) {
        lock.lock();
        try {
            if (cancelled) {
                waiter.cancelled = true;
            } else {
                waiter.timedOut = true;
            }
            waiter.condition.signal();
        } finally {
            lock.unlock();
        }
    }

    private void take(long bytes) {
        used += bytes;
        highWater = Math.max(highWater, used);
    }

    private void signalFirst() {
        Waiter first = waiters.peekFirst();
        if (first != null) {
            first.condition.signal();
        }
    }

    private SluiceSqlException refusal(long bytes, String why) {
        return new SluiceSqlException(ErrorCode.MEMORY_LIMIT_EXCEEDED, "The INSERT's " + bytes + " bytes (its data and bookkeeping on the heap) do not fit under"
                + " async_insert_max_buffered_bytes = " + limit + " (" + used + " bytes of heap buffered): " + why + "; nothing was queued");
    }
}

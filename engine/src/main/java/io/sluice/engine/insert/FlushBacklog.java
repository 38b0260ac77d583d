package io.sluice.engine.insert;

import io.sluice.engine.StatementControl;
import io.sluice.engine.system.Metrics;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;

/**
 * Flow control between a table's appenders and its flushes, as the bounded queue between a hand-written batcher's
 * producers and its writer: once {@code async_insert_flush_backlog_entries} entries of the table have been handed to
 * its lane and are not yet flushed, the table's new INSERTs wait until the lane has worked the backlog down to half
 * of that, then all go on at once. Without it, clients that outnumber the cores take the CPU from the lane's one
 * thread (the scheduler gives every runnable thread its share), the backlog grows for as long as they send, and its
 * entries live long enough to be promoted by the garbage collector.
 *
 * <p>The wait is flow control, not a bound on memory ({@code async_insert_max_buffered_bytes} is that). It is for a
 * lane that works: when no flush of the table ends within {@link #STALL_MILLIS} of the engine's clock (the database
 * locked, unreachable, or slow), the waiting INSERTs go on and nobody waits again until the next flush ends, so an
 * outage is buffered up to the memory bound as without it. A waiting caller's statement can be cancelled. A backlog
 * smaller than the bound (a few hundred waiting callers' entries, say) never makes anyone wait. Thread-safe.
 */
final class FlushBacklog {
    /** How long appenders wait for a flush of the table to end before they take the lane for stalled. */
    static final long STALL_MILLIS = 100;

    private final long high;
    private final long low;
    /** Entries handed to the lane and not yet flushed; guarded by this. */
    private long pending;
    /**
     * Whether new INSERTs wait: from reaching {@link #high} until back at {@link #low}, or until the lane is found
     * stalled; a flush's end closes it again while the backlog is at or above the bound.
     */
    private volatile boolean closed;
    /** Whether the lane was found stalled and no flush has ended since; guarded by this. */
    private boolean stalled;
    /** Flushes ended so far, the lane's progress; guarded by this. */
    private long flushes;

    /** @param high the entries at which appenders start to wait; 0 turns the flow control off */
    FlushBacklog(long high) {
        this.high = high;
        this.low = high / 2;
    }

    /** A batch of {@code entries} went to the lane. */
    void handedOver(int entries) {
        if (high > 0) {
            synchronized (this) {
                pending += entries;
                if (pending >= high && !stalled) {
                    closed = true;
                }
            }
        }
    }

    /** A batch of {@code entries} the lane had was flushed, or failed. */
    void flushed(int entries) {
        if (high > 0) {
            synchronized (this) {
                pending -= entries;
                flushes++;
                stalled = false;
                if (closed && pending <= low) {
                    closed = false;
                    notifyAll();
                } else if (pending >= high) {
                    closed = true;
                }
            }
        }
    }

    /**
     * Returns at once unless the backlog is over its bound; then waits until it is back at half of it, or at most
     * {@link #STALL_MILLIS} (or {@code timeoutMillis}, if shorter) of the engine's clock with no flush of the table
     * ending, after which the lane counts as stalled and the gate stays open until its next flush ends.
     *
     * @throws SluiceSqlException {@code QUERY_WAS_CANCELLED} when the statement is cancelled, {@code ABORTED} when the
     *     thread is interrupted (the interrupt stays set); nothing is queued in each case
     */
    void awaitRoom(Clock clock, Timer timer, Metrics metrics, long timeoutMillis, /* nullable */ StatementControl control)
            throws SluiceSqlException {
        if (!closed) {
            return;
        }
        boolean[] ended = new boolean[1];
        long flushesBefore;
        synchronized (this) {
            flushesBefore = flushes;
        }
        Runnable wake = () -> {
            synchronized (this) {
                ended[0] = true;
                notifyAll();
            }
        };
        Runnable onStall = () -> {
            synchronized (this) {
                // No flush ended since this caller began to wait: the lane is stuck, not busy.
                if (closed && flushes == flushesBefore) {
                    closed = false;
                    stalled = true;
                }
                ended[0] = true;
                notifyAll();
            }
        };
        Timer.Handle timeout = timer.schedule(clock.nanoTime() + Math.min(STALL_MILLIS, timeoutMillis) * 1_000_000L, onStall);
        // Counted once its deadline is set: whoever sees the wait counted may move the clock past that deadline.
        metrics.add(Metrics.Event.AsyncInsertFlushBacklogWaits, 1);
        if (control != null) {
            control.onCancel(wake);
        }
        try {
            synchronized (this) {
                while (closed && !ended[0]) {
                    wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while the INSERT waited for its table's flushes to catch up"
                    + " (async_insert_flush_backlog_entries = " + high + "); nothing was queued", e);
        } finally {
            timeout.cancel();
            if (control != null) {
                control.clear(wake);
            }
        }
        if (control != null && control.isCancelled()) {
            throw StatementControl.cancelled("while the INSERT waited for its table's flushes to catch up; nothing was queued");
        }
    }
}

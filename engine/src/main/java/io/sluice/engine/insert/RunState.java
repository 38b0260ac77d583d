package io.sluice.engine.insert;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the engine still takes INSERTs, and what its shutdown has to report: shared by the insert path
 * (which refuses INSERTs once closing), the flush (which retries until the shutdown's deadline) and the
 * shutdown itself. Thread-safe.
 */
public final class RunState {
    private volatile boolean closing;
    /** When a shutdown stops retrying writes: its start plus {@code async_insert_shutdown_timeout_ms}. */
    private volatile long shutdownDeadlineNanos;
    /**
     * Whether the buffer has shown itself durable (it gave an entry a ledger id): then entries whose write
     * failed for a reason of the database's are kept in it and written again, and a shutdown that runs out of
     * time leaves them there for the next start.
     */
    private volatile boolean durableBuffer;
    /** Entries whose write failed during the shutdown and went to the dead-letter table; and the last error. */
    private final AtomicLong shutdownDeadLetters = new AtomicLong();
    private final AtomicReference<String> shutdownError = new AtomicReference<>();

    public boolean closing() {
        return closing;
    }

    /** Stops intake; flushes from now on retry until {@code deadlineNanos}. */
    public void startClosing(long deadlineNanos) {
        shutdownDeadlineNanos = deadlineNanos;
        closing = true;
    }

    public long shutdownDeadlineNanos() {
        return shutdownDeadlineNanos;
    }

    public boolean durableBuffer() {
        return durableBuffer;
    }

    public void markDurable() {
        if (!durableBuffer) {
            durableBuffer = true;
        }
    }

    /** Counts entries a failed write during the shutdown sent to the dead-letter table. */
    public void shutdownFailures(long deadLetters, String lastError) {
        shutdownDeadLetters.addAndGet(deadLetters);
        shutdownError.set(lastError);
    }

    public long shutdownDeadLetters() {
        return shutdownDeadLetters.get();
    }

    public String shutdownError() {
        return shutdownError.get();
    }
}

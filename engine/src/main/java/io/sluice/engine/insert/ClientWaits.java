package io.sluice.engine.insert;

import io.sluice.engine.Errors;
import io.sluice.engine.system.Metrics;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A client's wait for its INSERT: for the flush, or only for the buffer to hold it durably. Thread-safe. */
public final class ClientWaits {
    private final Clock clock;
    private final Timer timer;
    private final Metrics metrics;
    private final Accumulator accumulator;

    /**
     * @param accumulator told when a caller starts waiting and when it returns: the closed-loop rule counts
     *     both, and a waiting caller may lead its batch's flush
     */
    public ClientWaits(Clock clock, Timer timer, Metrics metrics, Accumulator accumulator) {
        this.clock = clock;
        this.timer = timer;
        this.metrics = metrics;
        this.accumulator = accumulator;
    }

    /**
     * Waits for an entry's flush, at most {@code wait_for_async_insert_timeout} of the engine's clock.
     *
     * @return the entry's rows
     * @throws SQLException the entry's own error, or {@code TIMEOUT_EXCEEDED}
     */
    public long await(PendingInsert insert, long timeoutMillis) throws SQLException {
        if (!insert.waits) {
            throw new IllegalArgumentException("Entry " + insert.sequence + " was appended for a caller that does not wait; its flush will not answer it");
        }
        Timer.Handle timeout = null;
        try {
            // May flush the batch on this thread (the caller leads its group) before anything is scheduled.
            accumulator.waiting(insert);
        } catch (RuntimeException | Error e) {
            accumulator.leave(insert);
            throw e;
        }
        if (!insert.isDone()) {
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            timeout = timer.schedule(clock.nanoTime() + timeoutNanos, () -> {
                if (insert.completeExceptionally(new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED,
                        "Wait for async insert timeout (" + timeoutMillis + " ms) exceeded; the data stays queued and may still be written"))) {
                    metrics.add(Metrics.Event.AsyncInsertWaitTimeouts, 1);
                }
            });
        }
        try {
            return insert.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the async insert's flush; the data stays queued", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        } finally {
            if (timeout != null) {
                timeout.cancel();
            }
            accumulator.leave(insert);
        }
    }

    /**
     * Waits until the buffer holds an entry as durably as it promises (at once for the memory buffer;
     * after the fsync for a write-ahead log), at most {@code wait_for_async_insert_timeout}: what a client
     * that does not wait for the flush is acknowledged on.
     */
    public void awaitDurable(PendingInsert insert, long timeoutMillis) throws SQLException {
        try {
            awaitDurableOnly(insert, timeoutMillis);
        } finally {
            accumulator.leave(insert);
        }
    }

    private void awaitDurableOnly(PendingInsert insert, long timeoutMillis) throws SQLException {
        CompletionStage<Void> durable = insert.durable;
        if (durable == null) {
            return;
        }
        CompletableFuture<Void> future = durable.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return;
        }
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the buffer to keep the INSERT durably", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        } catch (TimeoutException e) {
            throw new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "The buffer did not keep the INSERT durably within "
                    + timeoutMillis + " ms; it may still be written");
        }
    }
}

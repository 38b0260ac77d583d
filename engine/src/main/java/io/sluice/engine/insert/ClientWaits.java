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

    public ClientWaits(Clock clock, Timer timer, Metrics metrics) {
        this.clock = clock;
        this.timer = timer;
        this.metrics = metrics;
    }

    /**
     * Waits for an entry's flush, at most {@code wait_for_async_insert_timeout} of the engine's clock.
     *
     * @return the entry's rows
     * @throws SQLException the entry's own error, or {@code TIMEOUT_EXCEEDED}
     */
    public long await(PendingInsert insert, long timeoutSeconds) throws SQLException {
        Timer.Handle timeout = null;
        if (!insert.isDone()) {
            long timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
            timeout = timer.schedule(clock.nanoTime() + timeoutNanos, () -> {
                if (insert.completeExceptionally(new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED,
                        "Wait for async insert timeout (" + timeoutSeconds * 1000 + " ms) exceeded; the data stays queued and may still be written"))) {
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
        }
    }

    /**
     * Waits until the buffer holds an entry as durably as it promises (at once for the memory buffer;
     * after the fsync for a write-ahead log), at most {@code wait_for_async_insert_timeout}: what a client
     * that does not wait for the flush is acknowledged on.
     */
    public void awaitDurable(PendingInsert insert, long timeoutSeconds) throws SQLException {
        CompletionStage<Void> durable = insert.durable;
        if (durable == null) {
            return;
        }
        CompletableFuture<Void> future = durable.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return;
        }
        try {
            future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the buffer to keep the INSERT durably", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        } catch (TimeoutException e) {
            throw new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "The buffer did not keep the INSERT durably within "
                    + timeoutSeconds * 1000 + " ms; it may still be written");
        }
    }
}

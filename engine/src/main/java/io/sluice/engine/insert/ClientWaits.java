package io.sluice.engine.insert;

import io.sluice.engine.Errors;
import io.sluice.engine.StatementControl;
import io.sluice.engine.system.Metrics;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A client's wait for its INSERT: for the flush, or only for the buffer to hold it durably. Thread-safe. */
public final class ClientWaits {
    private final Clock clock;
    private final Timer timer;
    private final Metrics metrics;
    private final Accumulator accumulator;

    /** A wait longer than this (about 146 years) is no bound: keeps deadlines comparable on the clock. */
    private static final long MAX_WAIT_NANOS = 1L << 62;

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
        return await(insert, timeoutMillis, null);
    }

    /**
     * Waits for an entry's flush until the earlier of {@code wait_for_async_insert_timeout} and the statement's
     * query timeout, both measured on the engine's clock from the entry's acceptance, or until the statement is
     * cancelled or the thread interrupted. A client that stops waiting leaves its entry queued: it is written
     * later, once, and {@code insert} completes then.
     *
     * @param control the statement's query timeout and cancel, or {@code null}
     * @return the entry's rows
     * @throws SQLException the entry's own error, {@code TIMEOUT_EXCEEDED}, {@code QUERY_WAS_CANCELLED}, or
     *     {@code ABORTED} when interrupted (the interrupt stays set)
     */
    public long await(PendingInsert insert, long timeoutMillis, /* nullable */ StatementControl control) throws SQLException {
        if (!insert.waits) {
            throw new IllegalArgumentException("Entry " + insert.sequence + " was appended for a caller that does not wait; its flush will not answer it");
        }
        try {
            // May flush the batch on this thread (the caller leads its group) before anything is scheduled.
            accumulator.waiting(insert);
        } catch (RuntimeException | Error e) {
            accumulator.leave(insert);
            throw e;
        }
        CompletableFuture<Long> waited = insert;
        Timer.Handle timeout = null;
        Runnable onCancel = null;
        try {
            if (!insert.isDone()) {
                // The client's own view of the entry: a timeout or a cancel ends it, not the entry, which stays
                // pending until written (so that read-your-writes still sees it as unwritten).
                CompletableFuture<Long> client = new CompletableFuture<>();
                insert.whenComplete((rows, error) -> {
                    if (error == null) {
                        client.complete(rows);
                    } else {
                        client.completeExceptionally(error);
                    }
                });
                waited = client;
                long bound = StatementControl.boundMillis(control, timeoutMillis);
                boolean statements = StatementControl.queryTimeoutBounds(control, timeoutMillis);
                // Measured from the acceptance, not from now: a caller that reaches this point late still gets its bound.
                long deadline = insert.acceptedNanos + Math.min(TimeUnit.MILLISECONDS.toNanos(bound), MAX_WAIT_NANOS);
                timeout = timer.schedule(deadline, () -> {
                    if (!client.isDone()) {
                        // Counted before the client can see its timeout.
                        metrics.add(Metrics.Event.AsyncInsertWaitTimeouts, 1);
                        client.completeExceptionally(timedOut(bound, statements));
                    }
                });
                if (control != null) {
                    onCancel = () -> client.completeExceptionally(StatementControl.cancelled(
                            "while it waited for the async insert's flush; the data stays queued and may still be written"));
                    control.onCancel(onCancel);
                }
            }
            return waited.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the async insert's flush; the data stays queued", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        } finally {
            if (timeout != null) {
                timeout.cancel();
            }
            if (onCancel != null) {
                control.clear(onCancel);
            }
            accumulator.leave(insert);
        }
    }

    private static SluiceSqlException timedOut(long millis, boolean statements) {
        if (statements) {
            return new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "Query timeout (" + millis / 1000
                    + " s, Statement.setQueryTimeout) exceeded while waiting for the async insert's flush; the data stays queued and may still be written");
        }
        return new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED,
                "Wait for async insert timeout (" + millis + " ms) exceeded; the data stays queued and may still be written");
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
        if (insert.durableAlready()) {
            return;
        }
        CompletableFuture<Void> future = insert.durable.toCompletableFuture();
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

package io.sluice.engine.insert;

import java.util.concurrent.CompletableFuture;

/**
 * One accepted INSERT as its caller sees it, itself the future a waiting caller waits on. The future
 * completes with the entry's row count once its flush wrote it, or exceptionally with its own error: a
 * parse error or the flush's write error. A client that stops waiting (a timeout, a cancel) does not complete
 * it: it completes when the data is written. Only a caller that waits is kept by its {@link Batch} and
 * completed by the flush; a fire-and-forget caller's object is dropped when the caller returns, and
 * {@link #written()} is its batch's future instead: a buffered entry costs no object of its own.
 */
public final class PendingInsert extends CompletableFuture<Long> {
    /** The entry's sequence: the flush finds the caller's entry among the drained ones by it. */
    public final long sequence;
    /** Whether the caller waits for the flush: then the batch keeps it and the flush completes it. */
    final boolean waits;
    /** Completes when the buffer holds the entry as durably as it promises; set under the key's lock. */
    java.util.concurrent.CompletionStage<Void> durable;

    /** Whether the buffer already holds the entry as durably as it promises (at once for the memory buffer). */
    boolean durableAlready() {
        if (durable == null) {
            return true;
        }
        java.util.concurrent.CompletableFuture<Void> future = durable.toCompletableFuture();
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** The batch the entry was appended to, for its caller's wait and return. */
    Batch batch;
    /** Whether its caller was counted as waiting on {@link #batch}; read and written under the key's lock. */
    boolean waiting;
    /** Whether its caller has returned: {@link Accumulator#leave} counts each caller out once. */
    boolean left;
    /** When it was accepted, on the engine's clock: its client's wait is measured from here. */
    long acceptedNanos;

    public PendingInsert(long sequence, boolean waits) {
        this.sequence = sequence;
        this.waits = waits;
    }

    /**
     * A future that completes once the entry's flush finished, written or not: this one for a caller that
     * waits, its batch's for one that does not (read-your-writes waits on it).
     */
    public CompletableFuture<?> written() {
        return waits || batch == null ? this : batch.flushed;
    }
}

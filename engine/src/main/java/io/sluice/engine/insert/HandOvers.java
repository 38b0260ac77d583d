package io.sluice.engine.insert;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Batches closed to new entries whose flush job has not reached their table's lane yet. A batch is closed
 * under its key's lock but handed to its lane after the lock is released; in between, neither the key
 * (its open batch is gone) nor the lane (the job is not submitted) shows it. A shutdown waits for these
 * before it asks the lanes to drain, or it would close the engine under a batch of acknowledged INSERTs.
 * Thread-safe.
 */
final class HandOvers {
    private long inFlight;
    private List<CompletableFuture<Void>> waiters = new ArrayList<>();

    /** A batch was closed; its job is on its way to the lane. */
    synchronized void begin() {
        inFlight++;
    }

    /** The batch's job reached its lane (or was run). */
    void end() {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            if (--inFlight > 0 || waiters.isEmpty()) {
                return;
            }
            done = waiters;
            waiters = new ArrayList<>();
        }
        for (CompletableFuture<Void> waiter : done) {
            waiter.complete(null);
        }
    }

    /** Completes once no closed batch is between its key and its lane. */
    synchronized CompletableFuture<Void> whenIdle() {
        if (inFlight == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }
}

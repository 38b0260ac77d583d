package io.sluice.engine.insert;

import io.sluice.spi.StorageFeedback;

/**
 * Where a table's detached batches go, and what the accumulator learns back from it: the only way data
 * leaves the insert path. Implemented by the flush side; thread-safe.
 */
public interface Lane {
    /** Queues a detached batch for its flush; never blocks on I/O. */
    void submit(FlushJob job);

    /**
     * Runs a detached batch's flush on the calling thread if the lane is idle, as if it were the lane's own
     * thread (the leader of a group commit); returns false, doing nothing, when the lane is busy.
     */
    default boolean runHere(FlushJob job) {
        return false;
    }

    /**
     * Whether a waiting caller's batch should start now beside the table's running flushes rather than after them:
     * the lane runs several at once, one of its slots is free, and what runs is stalled (or nothing runs). Read on
     * every append without locking; false by default (one flush at a time).
     */
    default boolean takesAnotherFlush() {
        return false;
    }

    /** The table's latest flush figures, read on every append without locking. */
    StorageFeedback feedback();
}

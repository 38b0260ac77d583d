package io.sluice.engine.insert;

import io.sluice.spi.StorageFeedback;

/**
 * Where a table's detached batches go, and what the accumulator learns back from it: the only way data
 * leaves the insert path. Implemented by the flush side; thread-safe.
 */
public interface Lane {
    /** Queues a detached batch for its flush; never blocks on I/O. */
    void submit(FlushJob job);

    /** The table's latest flush figures, read on every append without locking. */
    StorageFeedback feedback();
}

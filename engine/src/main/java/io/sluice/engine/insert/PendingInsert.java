package io.sluice.engine.insert;

import io.sluice.spi.BufferEntry;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted INSERT, itself the future its client may wait on (one object per buffered entry rather
 * than two: a million buffered entries cost 16 MB less). The future completes with the entry's row count
 * once its flush wrote it, or exceptionally with its own error: a parse error or the flush's write error. A
 * client that stops waiting (a timeout, a cancel) does not complete it: it completes when the data is written.
 */
public final class PendingInsert extends CompletableFuture<Long> {
    public final BufferEntry entry;
    /** Completes when the buffer holds the entry as durably as it promises; set under the key's lock. */
    java.util.concurrent.CompletionStage<Void> durable;
    /** The batch the entry was appended to, for its caller's wait and return; null for a recovered entry. */
    Batch batch;
    /** Whether its caller was counted as waiting on {@link #batch}; read and written under the key's lock. */
    boolean waiting;
    /** Whether its caller has returned: {@link Accumulator#leave} counts each caller out once. */
    boolean left;
    /** When it was accepted, on the engine's clock: its client's wait is measured from here. */
    long acceptedNanos;

    public PendingInsert(BufferEntry entry) {
        this.entry = entry;
    }
}

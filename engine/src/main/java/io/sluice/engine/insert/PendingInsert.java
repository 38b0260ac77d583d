package io.sluice.engine.insert;

import io.sluice.spi.BufferEntry;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted INSERT, itself the future its client may wait on (one object per buffered entry rather
 * than two: a million buffered entries cost 16 MB less). The future completes with the entry's row count
 * once its flush wrote it, or exceptionally with its own error: a parse error, the flush's write error, or
 * {@code TIMEOUT_EXCEEDED} when its client stopped waiting (the data may still be written).
 */
public final class PendingInsert extends CompletableFuture<Long> {
    public final BufferEntry entry;
    /** Completes when the buffer holds the entry as durably as it promises; set under the key's lock. */
    java.util.concurrent.CompletionStage<Void> durable;

    public PendingInsert(BufferEntry entry) {
        this.entry = entry;
    }
}

package io.sluice.spi;

/**
 * What the engine has seen of the storage lately, for policies that adapt to it. Immutable; built by the
 * engine. Components may be added in later releases, so policies read it and tests start from
 * {@link #NONE} or the plugin kit's fixtures.
 *
 * @param lastFlushEndNanos when the most recent successful flush of this table ended (monotonic), or
 *     {@link Long#MIN_VALUE} when none has
 * @param previousFlushEndNanos when the one before it ended, or {@link Long#MIN_VALUE}
 * @param lastFlushDurationNanos how long the most recent flush of this table took, or 0
 * @param consecutiveFailures how many flushes of this table failed in a row
 * @param backlog how many detached buffers of this table wait for a flush thread
 */
public record StorageFeedback(
        long lastFlushEndNanos,
        long previousFlushEndNanos,
        long lastFlushDurationNanos,
        int consecutiveFailures,
        int backlog) {
    /** Feedback for a table nothing was flushed to yet. */
    public static final StorageFeedback NONE = new StorageFeedback(Long.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0);
}

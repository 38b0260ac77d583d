package io.sluice.spi;

/**
 * A flush policy's answer: flush now, or look again at a given time. Immutable; build it with
 * {@link #flushNow} or {@link #checkAgainAt}.
 *
 * @param flush whether to flush the buffer now
 * @param checkAgainAtNanos when not flushing: the monotonic time at which to ask again; the engine asks
 *     no later than that (and earlier, on the next append)
 * @param trigger why the buffer is flushed, or {@link FlushTrigger#NONE} when it is not
 */
public record FlushDecision(boolean flush, long checkAgainAtNanos, FlushTrigger trigger) {
    /** Why a buffer was flushed; logged by the engine. */
    public enum FlushTrigger {
        /** Not flushed: the answer of {@link FlushDecision#checkAgainAt}. */
        NONE,
        /** The buffer reached its byte limit. */
        SIZE,
        /** The buffer reached its entry limit. */
        COUNT,
        /** The buffer's deadline passed. */
        DEADLINE,
        /** The policy's own rule (a rare insert into an idle table, a clock boundary…). */
        POLICY
    }

    /**
     * Checks that a flush has a trigger and a wait has none.
     *
     * @throws IllegalArgumentException when {@code flush} and {@code trigger} disagree
     */
    public FlushDecision {
        if (flush == (trigger == FlushTrigger.NONE)) {
            throw new IllegalArgumentException("a flush needs a trigger and a wait needs none: " + flush + ", " + trigger);
        }
    }

    /**
     * Flush now, for the given reason.
     *
     * @param trigger why; not {@link FlushTrigger#NONE}
     * @return the decision
     * @throws IllegalArgumentException for {@link FlushTrigger#NONE}
     */
    public static FlushDecision flushNow(FlushTrigger trigger) {
        return new FlushDecision(true, Long.MIN_VALUE, trigger);
    }

    /**
     * Do not flush yet; ask again at {@code nanos}.
     *
     * @param nanos a monotonic time, not before the {@code nowNanos} the policy was given
     * @return the decision
     */
    public static FlushDecision checkAgainAt(long nanos) {
        return new FlushDecision(false, nanos, FlushTrigger.NONE);
    }
}

package io.sluice.examples.wallclock;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushRules;

/**
 * Flushes a buffer at the first wall-clock boundary after its first entry: boundaries are the moments
 * when the wall time since the epoch, minus the offset, is a multiple of the interval. Every instance
 * of an application whose clocks agree flushes at the same moments, so the target database sees one
 * burst of writes per interval instead of a steady trickle. A buffer past its size or count limit is
 * flushed at once, as with every policy; {@code async_insert_busy_timeout_max_ms} plays no part: the
 * interval replaces it.
 *
 * <p>Time comes only from {@code nowNanos} and from the offset between the engine's wall and monotonic
 * clocks, read once when the policy is built; a wall clock stepped later (by NTP) shifts the boundaries
 * of this instance until the engine restarts. Immutable, so thread-safe.
 */
final class WallClockFlushPolicy implements FlushPolicy {
    private final long intervalNanos;
    private final long offsetNanos;
    private final long wallMinusMonotonicNanos;

    WallClockFlushPolicy(long intervalNanos, long offsetNanos, long wallMinusMonotonicNanos) {
        this.intervalNanos = intervalNanos;
        this.offsetNanos = offsetNanos;
        this.wallMinusMonotonicNanos = wallMinusMonotonicNanos;
    }

    @Override
    public FlushDecision decide(BufferView buffer, long nowNanos) {
        // The size and count limits every policy applies come first; the boundary is this policy's own rule.
        return FlushRules.limitsOrDue(buffer, nowNanos, firstBoundaryAfter(buffer.openedAtNanos()), FlushTrigger.POLICY);
    }

    /**
     * The monotonic time of the first boundary strictly after {@code monotonicNanos}: an entry arriving
     * exactly on a boundary waits for the next one, so that a buffer always collects for a moment.
     */
    long firstBoundaryAfter(long monotonicNanos) {
        long shiftedWall = monotonicNanos + wallMinusMonotonicNanos - offsetNanos;
        long next = (Math.floorDiv(shiftedWall, intervalNanos) + 1) * intervalNanos;
        return next + offsetNanos - wallMinusMonotonicNanos;
    }
}

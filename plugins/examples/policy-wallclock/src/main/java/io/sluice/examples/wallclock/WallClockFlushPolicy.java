package io.sluice.examples.wallclock;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.SettingsView;

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
    private static final String MAX_DATA_SIZE = "async_insert_max_data_size";
    private static final String MAX_QUERY_NUMBER = "async_insert_max_query_number";

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
        long boundary = firstBoundaryAfter(buffer.openedAtNanos());
        if (buffer.entries() == 0) {
            return FlushDecision.checkAgainAt(nowNanos - boundary > 0 ? nowNanos : boundary);
        }
        SettingsView settings = buffer.settings();
        if (buffer.bytes() >= settings.getLong(MAX_DATA_SIZE)) {
            return FlushDecision.flushNow(FlushTrigger.SIZE);
        }
        if (buffer.entries() >= settings.getLong(MAX_QUERY_NUMBER)) {
            return FlushDecision.flushNow(FlushTrigger.COUNT);
        }
        if (nowNanos - boundary >= 0) {
            return FlushDecision.flushNow(FlushTrigger.POLICY);
        }
        return FlushDecision.checkAgainAt(boundary);
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

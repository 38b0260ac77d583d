package io.sluice.plugin.adaptive;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushRules;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StatefulFlushPolicy;
import io.sluice.spi.StorageFeedback;

/**
 * ClickHouse's adaptive busy timeout, kept per table. The table's state is its current busy timeout in
 * milliseconds; every append moves it: inserts closer together than the minimum grow it toward
 * {@code async_insert_busy_timeout_max_ms} (bigger batches under load), sparse inserts shrink it toward
 * {@code async_insert_busy_timeout_min_ms} (lower latency when quiet). A buffer's deadline is its first
 * entry plus the timeout the table had then, fixed for the buffer's life. A rare insert into an idle table
 * (its previous insert and its last two flushes more than the max apart) is flushed at once. Size and
 * count limits apply as in the threshold policy, and so does its closed-loop rule (a buffer every possible
 * contributor waits on is flushed at once, {@link FlushRules#closedLoopReady}), with the timeout as its bound; with {@code async_insert_use_adaptive_busy_timeout = 0}
 * every buffer gets the max. Stateless and thread-safe: the engine keeps the state.
 */
final class AdaptiveFlushPolicy implements StatefulFlushPolicy {
    static final String MAX_MS = "async_insert_busy_timeout_max_ms";
    static final String MIN_MS = "async_insert_busy_timeout_min_ms";
    static final String ADAPTIVE = "async_insert_use_adaptive_busy_timeout";
    static final String INCREASE_RATE = "async_insert_busy_timeout_increase_rate";
    static final String DECREASE_RATE = "async_insert_busy_timeout_decrease_rate";
    private static final long MILLI = 1_000_000L;

    @Override
    public long initialState(SettingsView settings) {
        return Math.min(settings.getLong(MIN_MS), settings.getLong(MAX_MS));
    }

    @Override
    public long onAppend(long state, BufferView table, long nowNanos) {
        SettingsView settings = table.settings();
        long max = settings.getLong(MAX_MS);
        if (!settings.getBoolean(ADAPTIVE)) {
            return max;
        }
        long min = effectiveMin(settings, max);
        long current = clamp(state, min, max);
        StorageFeedback flushes = table.feedback();
        if (table.previousAppendNanos() == Long.MIN_VALUE || flushes.previousFlushEndNanos() == Long.MIN_VALUE) {
            return current;
        }
        long sincePrevious = nowNanos - table.previousAppendNanos();
        if (sincePrevious < min * MILLI) {
            long grown = (long) (current * (1 + settings.getDouble(INCREASE_RATE)));
            return clamp(Math.max(grown, current + 1), min, max);
        }
        long shrunk = Math.min((long) (current / (1 + settings.getDouble(DECREASE_RATE))), current - 1);
        long flushGap = flushes.lastFlushEndNanos() - flushes.previousFlushEndNanos();
        if (sincePrevious > shrunk * MILLI && flushGap > shrunk * MILLI) {
            return clamp(shrunk, min, max);
        }
        return current;
    }

    @Override
    public FlushDecision decide(BufferView buffer, long nowNanos) {
        SettingsView settings = buffer.settings();
        long max = settings.getLong(MAX_MS);
        boolean adaptive = settings.getBoolean(ADAPTIVE);
        long timeout = adaptive ? clamp(buffer.stateAtOpen(), effectiveMin(settings, max), max) : max;
        long deadline = buffer.openedAtNanos() + timeout * MILLI;
        FlushTrigger limit = FlushRules.limitReached(buffer);
        if (limit != FlushTrigger.NONE) {
            return FlushDecision.flushNow(limit);
        }
        if (FlushRules.closedLoopReady(buffer)) {
            return FlushDecision.flushNow(FlushTrigger.POLICY);
        }
        if (adaptive && buffer.entries() > 0 && isRareInsertIntoIdleTable(buffer, max)) {
            return FlushDecision.flushNow(FlushTrigger.POLICY);
        }
        return FlushRules.flushWhenDue(buffer, nowNanos, deadline, FlushTrigger.DEADLINE);
    }

    /** The table was quiet for longer than the max before this buffer, and its last two flushes were too. */
    private static boolean isRareInsertIntoIdleTable(BufferView buffer, long max) {
        StorageFeedback flushes = buffer.feedback();
        return buffer.previousAppendNanos() != Long.MIN_VALUE
                && buffer.openedAtNanos() - buffer.previousAppendNanos() > max * MILLI
                && flushes.previousFlushEndNanos() != Long.MIN_VALUE
                && flushes.lastFlushEndNanos() - flushes.previousFlushEndNanos() > max * MILLI;
    }

    /** The minimum actually used: at least 1 ms, at most the max (a min above the max is clamped). */
    private static long effectiveMin(SettingsView settings, long max) {
        return Math.min(Math.max(settings.getLong(MIN_MS), 1), max);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}

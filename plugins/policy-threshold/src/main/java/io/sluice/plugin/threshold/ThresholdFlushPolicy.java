package io.sluice.plugin.threshold;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushRules;

/**
 * ClickHouse's fixed triggers: flush when the buffer's bytes reach {@code async_insert_max_data_size},
 * when it holds {@code async_insert_max_query_number} entries, or when {@code async_insert_busy_timeout_max_ms}
 * has passed since its first entry. A buffer every possible contributor already waits on is flushed at once
 * ({@link FlushRules#closedLoopReady}). Stateless, so thread-safe.
 */
final class ThresholdFlushPolicy implements FlushPolicy {
    static final String BUSY_TIMEOUT_MAX_MS = "async_insert_busy_timeout_max_ms";

    @Override
    public FlushDecision decide(BufferView buffer, long nowNanos) {
        long deadline = buffer.openedAtNanos() + buffer.settings().getLong(BUSY_TIMEOUT_MAX_MS) * 1_000_000L;
        FlushTrigger limit = FlushRules.limitReached(buffer);
        if (limit != FlushTrigger.NONE) {
            return FlushDecision.flushNow(limit);
        }
        if (FlushRules.closedLoopReady(buffer)) {
            return FlushDecision.flushNow(FlushTrigger.POLICY);
        }
        return FlushRules.flushWhenDue(buffer, nowNanos, deadline, FlushTrigger.DEADLINE);
    }
}

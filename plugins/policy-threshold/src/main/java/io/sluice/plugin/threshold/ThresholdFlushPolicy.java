package io.sluice.plugin.threshold;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.SettingsView;

/**
 * ClickHouse's fixed triggers: flush when the buffer's bytes reach {@code async_insert_max_data_size},
 * when it holds {@code async_insert_max_query_number} entries, or when {@code async_insert_busy_timeout_max_ms}
 * has passed since its first entry. Stateless, so thread-safe.
 */
final class ThresholdFlushPolicy implements FlushPolicy {
    static final String MAX_DATA_SIZE = "async_insert_max_data_size";
    static final String MAX_QUERY_NUMBER = "async_insert_max_query_number";
    static final String BUSY_TIMEOUT_MAX_MS = "async_insert_busy_timeout_max_ms";

    @Override
    public FlushDecision decide(BufferView buffer, long nowNanos) {
        SettingsView settings = buffer.settings();
        long deadline = buffer.openedAtNanos() + settings.getLong(BUSY_TIMEOUT_MAX_MS) * 1_000_000L;
        if (buffer.entries() == 0) {
            return FlushDecision.checkAgainAt(Math.max(nowNanos, deadline));
        }
        if (buffer.bytes() >= settings.getLong(MAX_DATA_SIZE)) {
            return FlushDecision.flushNow(FlushTrigger.SIZE);
        }
        if (buffer.entries() >= settings.getLong(MAX_QUERY_NUMBER)) {
            return FlushDecision.flushNow(FlushTrigger.COUNT);
        }
        if (nowNanos - deadline >= 0) {
            return FlushDecision.flushNow(FlushTrigger.DEADLINE);
        }
        return FlushDecision.checkAgainAt(deadline);
    }
}

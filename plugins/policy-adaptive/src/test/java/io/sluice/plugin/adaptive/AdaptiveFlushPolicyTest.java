package io.sluice.plugin.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.BufferView;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StorageFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveFlushPolicyTest {
    private static final long MS = 1_000_000L;
    private final AdaptiveFlushPolicy policy = new AdaptiveFlushPolicy();
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "async_insert_max_data_size", "10485760", "async_insert_max_query_number", "450",
            "async_insert_busy_timeout_max_ms", "200", "async_insert_busy_timeout_min_ms", "50",
            "async_insert_use_adaptive_busy_timeout", "1",
            "async_insert_busy_timeout_increase_rate", "0.2", "async_insert_busy_timeout_decrease_rate", "0.2"));
    /** Two flushes 1 s apart: the history the adaptive rule needs before it moves. */
    private StorageFeedback feedback = new StorageFeedback(2_000 * MS, 1_000 * MS, 5 * MS, 0, 0);

    @Test
    void frequentInsertsGrowTheTimeoutTowardTheMaxInClickHousesSteps() {
        List<Long> timeouts = new ArrayList<>();
        long state = policy.initialState(view(0, 0, Long.MIN_VALUE, 0).settings());
        long now = 10_000 * MS;
        for (int i = 0; i < 10; i++) {
            state = policy.onAppend(state, view(0, now, now - 10 * MS, 0), now);
            timeouts.add(state);
            now += 10 * MS;
        }
        assertThat(timeouts).containsExactly(60L, 72L, 86L, 103L, 123L, 147L, 176L, 200L, 200L, 200L);
    }

    @Test
    void sparseInsertsShrinkTheTimeoutTowardTheMinInClickHousesSteps() {
        List<Long> timeouts = new ArrayList<>();
        long state = 200;
        long now = 10_000 * MS;
        for (int i = 0; i < 9; i++) {
            state = policy.onAppend(state, view(0, now, now - 300 * MS, 0), now);
            timeouts.add(state);
            now += 300 * MS;
        }
        assertThat(timeouts).containsExactly(166L, 138L, 115L, 95L, 79L, 65L, 54L, 50L, 50L);
    }

    @Test
    void theTimeoutStaysAtItsStartUntilTheTableHasTwoFlushesOfHistory() {
        feedback = new StorageFeedback(2_000 * MS, Long.MIN_VALUE, 5 * MS, 0, 0);
        long now = 10_000 * MS;
        assertThat(policy.onAppend(50, view(0, now, now - 1 * MS, 0), now)).isEqualTo(50);
    }

    @Test
    void aMinimumAboveTheMaximumIsClampedToTheMaximum() {
        settings.put("async_insert_busy_timeout_min_ms", "500");
        assertThat(policy.initialState(view(0, 0, Long.MIN_VALUE, 0).settings())).isEqualTo(200);
        long now = 10_000 * MS;
        assertThat(policy.onAppend(200, view(0, now, now - 300 * MS, 0), now)).isEqualTo(200);
    }

    @Test
    void theDeadlineIsTheFirstEntryPlusTheTimeoutTheTableHadThen() {
        long opened = 10_000 * MS;
        FlushDecision waiting = policy.decide(view(1, opened, opened - 10 * MS, 86), opened + 85 * MS);
        assertThat(waiting).isEqualTo(FlushDecision.checkAgainAt(opened + 86 * MS));
        assertThat(policy.decide(view(1, opened, opened - 10 * MS, 86), opened + 86 * MS))
                .isEqualTo(FlushDecision.flushNow(FlushTrigger.DEADLINE));
    }

    @Test
    void aRareInsertIntoAnIdleTableIsFlushedAtOnce() {
        long opened = 10_000 * MS;
        assertThat(policy.decide(view(1, opened, opened - 5_000 * MS, 50), opened))
                .isEqualTo(FlushDecision.flushNow(FlushTrigger.POLICY));
        // Not when the table's flushes came close together.
        feedback = new StorageFeedback(2_000 * MS, 1_900 * MS, 5 * MS, 0, 0);
        assertThat(policy.decide(view(1, opened, opened - 5_000 * MS, 50), opened).flush()).isFalse();
    }

    @Test
    void withoutAdaptiveEveryBufferGetsTheMax() {
        settings.put("async_insert_use_adaptive_busy_timeout", "0");
        long opened = 10_000 * MS;
        assertThat(policy.onAppend(50, view(0, opened, opened - 5_000 * MS, 0), opened)).isEqualTo(200);
        assertThat(policy.decide(view(1, opened, opened - 5_000 * MS, 0), opened)).isEqualTo(FlushDecision.checkAgainAt(opened + 200 * MS));
    }

    @Test
    void sizeAndCountLimitsFlushAsInTheThresholdPolicy() {
        settings.put("async_insert_max_query_number", "3");
        long opened = 10_000 * MS;
        assertThat(policy.decide(view(3, opened, opened - 10 * MS, 200), opened)).isEqualTo(FlushDecision.flushNow(FlushTrigger.COUNT));
    }

    private BufferView view(int entries, long openedAt, long previousAppend, long stateAtOpen) {
        Map<String, String> values = Map.copyOf(settings);
        StorageFeedback flushes = feedback;
        SettingsView view = name -> {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(name);
            }
            return value;
        };
        return new BufferView() {
            @Override public String database() { return "main"; }
            @Override public String table() { return "t"; }
            @Override public String format() { return "Values"; }
            @Override public int entries() { return entries; }
            @Override public long bytes() { return entries * 10L; }
            @Override public long openedAtNanos() { return openedAt; }
            @Override public long previousAppendNanos() { return previousAppend; }
            @Override public long stateAtOpen() { return stateAtOpen; }
            @Override public SettingsView settings() { return view; }
            @Override public StorageFeedback feedback() { return flushes; }
        };
    }
}

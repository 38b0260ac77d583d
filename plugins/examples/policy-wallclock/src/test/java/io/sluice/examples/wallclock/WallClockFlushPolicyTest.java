package io.sluice.examples.wallclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.kit.BufferViewFixture;
import io.sluice.kit.KitPlugins;
import io.sluice.kit.KitSettings;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the wall-clock policy does beyond the common contract. Every test runs on manual clocks whose
 * wall time starts at 2026-01-01T00:00:00Z, a boundary of every interval that divides a day.
 */
@DisplayName("The wallclock flush policy")
class WallClockFlushPolicyTest {
    private static final long MS = 1_000_000L;
    private static final long MIDNIGHT_MICROS = 1_767_225_600_000_000L;

    private final FlushPolicyFactory factory = KitPlugins.flushPolicy("wallclock");

    private FlushPolicy policy(ManualClock clock, Map<String, String> settings) throws SQLException {
        return factory.create(KitSettings.config(factory, settings), new PluginContext(clock, "sqlite::memory:", new Properties()));
    }

    private static BufferViewFixture buffer(long openedAtNanos, int entries) {
        return BufferViewFixture.of(KitSettings.view(null, Map.of()), openedAtNanos).withContent(entries, entries * 10L);
    }

    @Test
    @DisplayName("flushes buffers opened at different moments of one interval at the same boundary")
    void sameBoundary() throws SQLException {
        FlushPolicy policy = policy(new ManualClock(MIDNIGHT_MICROS), Map.of());
        assertThat(policy.decide(buffer(100 * MS, 1), 100 * MS)).isEqualTo(FlushDecision.checkAgainAt(1_000 * MS));
        assertThat(policy.decide(buffer(700 * MS, 3), 900 * MS)).isEqualTo(FlushDecision.checkAgainAt(1_000 * MS));
        assertThat(policy.decide(buffer(700 * MS, 3), 1_000 * MS)).isEqualTo(FlushDecision.flushNow(FlushTrigger.POLICY));
    }

    @Test
    @DisplayName("makes two engines whose monotonic clocks started apart flush at the same wall-clock moment")
    void sameMomentAcrossEngines() throws SQLException {
        ManualClock first = new ManualClock(MIDNIGHT_MICROS);
        // The second engine's monotonic clock reads 0 when the wall clock shows 00:00:00.300.
        ManualClock second = new ManualClock(MIDNIGHT_MICROS + 300_000);
        long firstBoundary = policy(first, Map.of()).decide(buffer(200 * MS, 1), 200 * MS).checkAgainAtNanos();
        long secondBoundary = policy(second, Map.of()).decide(buffer(0, 1), 0).checkAgainAtNanos();
        assertThat(firstBoundary).isEqualTo(1_000 * MS);
        assertThat(secondBoundary).isEqualTo(700 * MS);
        assertThat(MIDNIGHT_MICROS * 1_000 + firstBoundary).isEqualTo((MIDNIGHT_MICROS + 300_000) * 1_000 + secondBoundary);
    }

    @Test
    @DisplayName("makes an entry arriving exactly on a boundary wait for the next one")
    void onTheBoundary() throws SQLException {
        FlushPolicy policy = policy(new ManualClock(MIDNIGHT_MICROS), Map.of());
        assertThat(policy.decide(buffer(1_000 * MS, 1), 1_000 * MS)).isEqualTo(FlushDecision.checkAgainAt(2_000 * MS));
    }

    @Test
    @DisplayName("shifts the boundaries by the offset: every minute at second 5")
    void offset() throws SQLException {
        FlushPolicy policy = policy(new ManualClock(MIDNIGHT_MICROS),
                Map.of("wallclock_flush_interval_ms", "60000", "wallclock_flush_offset_ms", "5000"));
        assertThat(policy.decide(buffer(1_000 * MS, 1), 1_000 * MS)).isEqualTo(FlushDecision.checkAgainAt(5_000 * MS));
        assertThat(policy.decide(buffer(10_000 * MS, 1), 10_000 * MS)).isEqualTo(FlushDecision.checkAgainAt(65_000 * MS));
    }

    @Test
    @DisplayName("follows the engine's clock: a manual clock moved forward moves the boundaries with it")
    void followsTheEngineClock() throws SQLException {
        ManualClock clock = new ManualClock(MIDNIGHT_MICROS);
        clock.advanceMillis(1_250);
        FlushPolicy policy = policy(clock, Map.of());
        long now = clock.nanoTime();
        assertThat(policy.decide(buffer(now, 1), now)).isEqualTo(FlushDecision.checkAgainAt(2_000 * MS));
    }

    @Test
    @DisplayName("flushes at once past the size and count limits, before the boundary")
    void hardLimits() throws SQLException {
        FlushPolicy policy = policy(new ManualClock(MIDNIGHT_MICROS), Map.of());
        BufferViewFixture full = BufferViewFixture.of(KitSettings.view(null, Map.of("async_insert_max_query_number", "3")), 0);
        assertThat(policy.decide(full.withContent(3, 30), 0)).isEqualTo(FlushDecision.flushNow(FlushTrigger.COUNT));
        BufferViewFixture big = BufferViewFixture.of(KitSettings.view(null, Map.of("async_insert_max_data_size", "100")), 0);
        assertThat(policy.decide(big.withContent(1, 100), 0)).isEqualTo(FlushDecision.flushNow(FlushTrigger.SIZE));
    }

    @Test
    @DisplayName("refuses an interval outside 1 ms to a day, naming the setting, the value and the rule")
    void invalidInterval() {
        assertThatThrownBy(() -> policy(new ManualClock(), Map.of("wallclock_flush_interval_ms", "0")))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessage("INVALID_SETTING_VALUE: Setting wallclock_flush_interval_ms = '0' is invalid: must be from 1 to 86400000 milliseconds")
                .satisfies(e -> assertThat(((SluiceSqlException) e).error()).isEqualTo(ErrorCode.INVALID_SETTING_VALUE));
        assertThatThrownBy(() -> policy(new ManualClock(), Map.of("wallclock_flush_interval_ms", "1s")))
                .hasMessage("INVALID_SETTING_VALUE: Setting wallclock_flush_interval_ms = '1s' is invalid: expected a whole number of"
                        + " milliseconds from 1 to 86400000");
    }

    @Test
    @DisplayName("refuses an offset not within the interval")
    void invalidOffset() {
        assertThatThrownBy(() -> policy(new ManualClock(), Map.of("wallclock_flush_interval_ms", "1000", "wallclock_flush_offset_ms", "1000")))
                .hasMessage("INVALID_SETTING_VALUE: Setting wallclock_flush_offset_ms = '1000' is invalid: must be >= 0 and less than"
                        + " wallclock_flush_interval_ms (1000)");
    }
}

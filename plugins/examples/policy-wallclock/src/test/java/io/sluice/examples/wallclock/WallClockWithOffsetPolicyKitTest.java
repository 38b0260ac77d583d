package io.sluice.examples.wallclock;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** The same contract with a short interval shifted by an offset: every 250 ms, at 100 ms past. */
@DisplayName("The wallclock flush policy, every 250 ms shifted by 100 ms, passes the flush policy kit")
class WallClockWithOffsetPolicyKitTest extends WallClockPolicyKitTest {
    @Override
    protected Map<String, String> pluginSettings() {
        return Map.of("wallclock_flush_interval_ms", "250", "wallclock_flush_offset_ms", "100");
    }

    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of("wallclock_flush_offset_ms", List.of("250", "-1", "soon"));
    }
}

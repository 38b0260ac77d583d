package io.sluice.examples.wallclock;

import io.sluice.kit.FlushPolicyKit;
import io.sluice.kit.KitPlugins;
import io.sluice.spi.FlushPolicyFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * The wall-clock policy against the plugin kit: the contract every flush policy honours. The factory is
 * found as the engine finds it, through the Plugin registered in META-INF/services, so a missing or
 * misspelt registration fails here rather than in production.
 */
@DisplayName("The wallclock flush policy passes the flush policy kit")
class WallClockPolicyKitTest extends FlushPolicyKit {
    @Override
    protected FlushPolicyFactory factory() {
        return KitPlugins.flushPolicy("wallclock");
    }

    /** Beyond what the kit derives from the declared types: the range of each setting. */
    @Override
    protected Map<String, List<String>> invalidSettingValues() {
        return Map.of(
                "wallclock_flush_interval_ms", List.of("not a number", "-1", "0", "86400001"),
                "wallclock_flush_offset_ms", List.of("soon", "-1", "1000", "5000"));
    }

}

package io.sluice.kit;

import io.sluice.spi.FlushPolicyFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The adaptive flush policy passes the flush policy kit")
class AdaptivePolicyKitTest extends FlushPolicyKit {
    @Override
    protected FlushPolicyFactory factory() {
        return KitPlugins.flushPolicy("adaptive");
    }

    /** The kit's cases, plus the adaptive timeout's own settings at their edges. */
    @Override
    protected List<Map<String, String>> settingsCases() {
        List<Map<String, String>> cases = new ArrayList<>(super.settingsCases());
        cases.add(Map.of("async_insert_busy_timeout_min_ms", "500", "async_insert_busy_timeout_max_ms", "200"));
        cases.add(Map.of("async_insert_busy_timeout_min_ms", "0", "async_insert_busy_timeout_increase_rate", "3",
                "async_insert_busy_timeout_decrease_rate", "0.01"));
        return cases;
    }
}

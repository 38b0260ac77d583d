package io.sluice.kit;

import io.sluice.spi.FlushPolicyFactory;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The threshold flush policy passes the flush policy kit")
class ThresholdPolicyKitTest extends FlushPolicyKit {
    @Override
    protected FlushPolicyFactory factory() {
        return KitPlugins.flushPolicy("threshold");
    }
}

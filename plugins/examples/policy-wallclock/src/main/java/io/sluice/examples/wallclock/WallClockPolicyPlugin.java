package io.sluice.examples.wallclock;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Offers the {@code wallclock} flush policy. Registered in
 * {@code META-INF/services/io.sluice.spi.Plugin}; the engine finds it with {@link java.util.ServiceLoader}
 * and builds the policy only when a statement selects it with {@code async_insert_flush_policy = 'wallclock'}.
 */
public final class WallClockPolicyPlugin implements Plugin {
    static final String INTERVAL = "wallclock_flush_interval_ms";
    static final String OFFSET = "wallclock_flush_offset_ms";
    static final long MAX_INTERVAL_MILLIS = TimeUnit.DAYS.toMillis(1);

    /** A public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public WallClockPolicyPlugin() {}

    @Override
    public List<FlushPolicyFactory> getFlushPolicyFactories() {
        return List.of(new Factory());
    }

    /** Cheap to build and stateless: the engine may call its methods from any thread. */
    private static final class Factory implements FlushPolicyFactory {
        @Override
        public String name() {
            return "wallclock";
        }

        @Override
        public String description() {
            return "Flush on wall-clock boundaries every wallclock_flush_interval_ms, so that many instances write at the same moments";
        }

        @Override
        public List<SettingDefinition> settings() {
            return List.of(
                    new SettingDefinition(INTERVAL, "Milliseconds", "1000",
                            "Flush buffers when the wall clock crosses a multiple of this many milliseconds (1 to 86400000)"),
                    new SettingDefinition(OFFSET, "Milliseconds", "0",
                            "Shift of the boundaries within the interval, e.g. 5000 with an interval of 60000 flushes at second 5 of every minute"));
        }

        @Override
        public FlushPolicy create(PluginConfig config, PluginContext context) throws SluiceSqlException {
            String intervalText = config.get(INTERVAL).orElse("1000");
            long interval = parse(INTERVAL, intervalText, "expected a whole number of milliseconds from 1 to " + MAX_INTERVAL_MILLIS);
            if (interval < 1 || interval > MAX_INTERVAL_MILLIS) {
                throw invalid(INTERVAL, intervalText, "must be from 1 to " + MAX_INTERVAL_MILLIS + " milliseconds");
            }
            String offsetText = config.get(OFFSET).orElse("0");
            long offset = parse(OFFSET, offsetText, "expected a whole number of milliseconds >= 0");
            if (offset < 0 || offset >= interval) {
                throw invalid(OFFSET, offsetText, "must be >= 0 and less than " + INTERVAL + " (" + interval + ")");
            }
            // The one read of time outside decide(): how far the wall clock is ahead of the monotonic one,
            // from the engine's clock, so that a manual clock in tests moves boundaries too.
            long wallMinusMonotonicNanos = context.clock().epochMicros() * 1_000L - context.clock().nanoTime();
            return new WallClockFlushPolicy(TimeUnit.MILLISECONDS.toNanos(interval), TimeUnit.MILLISECONDS.toNanos(offset),
                    wallMinusMonotonicNanos);
        }

        private static long parse(String setting, String value, String rule) throws SluiceSqlException {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw invalid(setting, value, rule);
            }
        }

        private static SluiceSqlException invalid(String setting, String value, String rule) {
            return new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE, "Setting " + setting + " = '" + value + "' is invalid: " + rule);
        }
    }
}

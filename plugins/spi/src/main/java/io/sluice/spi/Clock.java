package io.sluice.spi;

/**
 * The engine's source of time. Engine and plugin code never read the system clock directly, so that
 * every timing behaviour can be tested on a manual clock: a plugin gets the engine's clock from
 * {@link PluginContext#clock()}, and a flush policy gets the current time as an argument.
 *
 * <p>Implementations are thread-safe. {@link #system()} is the real clock; {@link ManualClock} is the
 * one tests use.
 */
public interface Clock {
    /** Monotonic time in nanoseconds, for deadlines and durations; its origin is arbitrary. */
    long nanoTime();

    /** Wall-clock time in microseconds since the epoch, for logs and system tables. */
    long epochMicros();

    /**
     * Whether waiting should follow real time. A manual clock returns {@code false}: waiters then sleep
     * until {@link #onAdvance} wakes them instead of for a number of real nanoseconds.
     */
    default boolean isRealTime() {
        return true;
    }

    /**
     * Registers a callback run after every manual advance of this clock; a real-time clock never calls
     * it. Used by the engine's timer so that deadlines on a manual clock fire when a test moves time.
     */
    default void onAdvance(Runnable listener) {}

    /** Removes a callback registered with {@link #onAdvance}; does nothing when it is not registered. */
    default void removeAdvanceListener(Runnable listener) {}

    /** The system clock: real monotonic and wall time, shared by every caller. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

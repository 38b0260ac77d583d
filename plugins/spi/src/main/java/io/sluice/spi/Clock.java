package io.sluice.spi;

/**
 * The engine's source of time. Engine and plugin code never read the system clock directly, so that
 * every timing behaviour can be tested on a manual clock.
 *
 * <p>Implementations are thread-safe.
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

    /** Removes a callback registered with {@link #onAdvance}. */
    default void removeAdvanceListener(Runnable listener) {}

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

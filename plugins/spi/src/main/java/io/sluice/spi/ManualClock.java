package io.sluice.spi;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told to, for tests of engines and plugins: hand it to an engine or a
 * plugin through {@link PluginContext}, then move time with {@link #advance}. Thread-safe; listeners run
 * on the thread that calls {@link #advance}. Both times only move forward, by the same amount.
 */
public final class ManualClock implements Clock {
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile long nanos;
    private volatile long epochMicros;

    /** A clock at monotonic time 0 and wall time 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(1_767_225_600_000_000L);
    }

    /**
     * A clock at monotonic time 0 and the given wall time.
     *
     * @param epochMicros the wall time, in microseconds since the epoch
     */
    public ManualClock(long epochMicros) {
        this.epochMicros = epochMicros;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMicros() {
        return epochMicros;
    }

    @Override
    public boolean isRealTime() {
        return false;
    }

    /**
     * Moves both times forward and then runs every listener registered with {@link #onAdvance}, on the
     * calling thread.
     *
     * @param amount how far; 0 only wakes the listeners
     * @param unit the unit of {@code amount}
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public void advance(long amount, TimeUnit unit) {
        if (amount < 0) {
            throw new IllegalArgumentException("a clock does not go back: " + amount + " " + unit);
        }
        synchronized (this) {
            nanos += unit.toNanos(amount);
            epochMicros += unit.toMicros(amount);
        }
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * Moves time forward by {@code millis} milliseconds, as {@link #advance} does.
     *
     * @param millis how far, not negative
     */
    public void advanceMillis(long millis) {
        advance(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeAdvanceListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "ManualClock[" + nanos + "ns]";
    }
}

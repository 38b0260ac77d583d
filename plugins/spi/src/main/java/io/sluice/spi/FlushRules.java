package io.sluice.spi;

import io.sluice.spi.FlushDecision.FlushTrigger;

/**
 * The part of a flush rule that every policy shares, so that a policy writes only what is its own: when
 * its buffer falls due. The {@link FlushPolicy} contract makes every policy flush a buffer that reached
 * {@value #MAX_DATA_SIZE} bytes or {@value #MAX_QUERY_NUMBER} entries; most policies then flush at one
 * due time of their own (a busy timeout, a clock boundary) and otherwise ask again at it.
 *
 * <p>A policy with only a due time returns {@link #limitsOrDue}. A policy with one more rule (the adaptive
 * policy flushes a rare insert at once) asks {@link #limitReached} first, applies its rule, and ends with
 * {@link #flushWhenDue}. Every method reads only the view and the times it is given: pure, thread-safe.
 * Using these is optional; a policy may spell the same rule out.
 */
public final class FlushRules {
    /** The byte limit of a buffer, a built-in setting: a buffer holding this many bytes is flushed. */
    public static final String MAX_DATA_SIZE = "async_insert_max_data_size";

    /** The entry limit of a buffer, a built-in setting: a buffer holding this many entries is flushed. */
    public static final String MAX_QUERY_NUMBER = "async_insert_max_query_number";

    /**
     * The closed-loop rule's switch, a built-in setting ({@code 1} by default): with {@code 0} a buffer waits
     * for its policy's own due time even when every caller is waiting on it.
     */
    public static final String CLOSED_LOOP_FLUSH = "async_insert_closed_loop_flush";

    private FlushRules() {}

    /**
     * The closed-loop rule of group commit (PostgreSQL's {@code commit_siblings} taken to its end): a buffer
     * that every caller able to add to it is already waiting on gains nothing by waiting longer, since no
     * entry can arrive before one of them returns. True when {@link BufferView#waitingEntries()} is positive
     * and at least {@link BufferView#activeInserters()}, unless {@value #CLOSED_LOOP_FLUSH} is {@code 0}.
     * A policy flushes such a buffer at once with {@link FlushTrigger#POLICY}, after the hard limits and
     * before its due time, so its timeout stays the upper bound for buffers whose callers do not all wait.
     *
     * @param buffer the view the policy was handed
     * @return whether the buffer is closed-loop ready
     */
    public static boolean closedLoopReady(BufferView buffer) {
        int waiting = buffer.waitingEntries();
        if (waiting <= 0 || waiting < buffer.activeInserters()) {
            return false;
        }
        String enabled = buffer.settings().get(CLOSED_LOOP_FLUSH);
        return enabled == null || enabled.equals("1") || enabled.equalsIgnoreCase("true");
    }

    /**
     * Which hard limit a buffer reached: {@link FlushTrigger#SIZE} when its bytes reach
     * {@value #MAX_DATA_SIZE}, else {@link FlushTrigger#COUNT} when its entries reach
     * {@value #MAX_QUERY_NUMBER}, else (and always for an empty buffer) {@link FlushTrigger#NONE}.
     *
     * @param buffer the view the policy was handed
     * @return the trigger of the limit reached, or {@link FlushTrigger#NONE}
     */
    public static FlushTrigger limitReached(BufferView buffer) {
        if (buffer.entries() == 0) {
            return FlushTrigger.NONE;
        }
        SettingsView settings = buffer.settings();
        if (buffer.bytes() >= settings.getLong(MAX_DATA_SIZE)) {
            return FlushTrigger.SIZE;
        }
        if (buffer.entries() >= settings.getLong(MAX_QUERY_NUMBER)) {
            return FlushTrigger.COUNT;
        }
        return FlushTrigger.NONE;
    }

    /**
     * Flushes a buffer holding entries once {@code nowNanos} reaches {@code dueNanos}, and otherwise asks
     * again at {@code dueNanos}; an empty buffer is never flushed and is asked about again at the later of
     * the two times. Ignores the hard limits: see {@link #limitsOrDue}.
     *
     * @param buffer the view the policy was handed
     * @param nowNanos the time the policy was given
     * @param dueNanos when the buffer falls due, on the same monotonic clock (compared by subtraction, so
     *     any origin works)
     * @param dueTrigger why the buffer is flushed when due: {@link FlushTrigger#DEADLINE} for a timeout,
     *     {@link FlushTrigger#POLICY} for a rule of the policy's own
     * @return the decision; never before {@code nowNanos} when it is a wait
     * @throws IllegalArgumentException when {@code dueTrigger} is {@link FlushTrigger#NONE}
     */
    public static FlushDecision flushWhenDue(BufferView buffer, long nowNanos, long dueNanos, FlushTrigger dueTrigger) {
        requireDueTrigger(dueTrigger);
        if (buffer.entries() == 0) {
            return FlushDecision.checkAgainAt(nowNanos - dueNanos > 0 ? nowNanos : dueNanos);
        }
        if (nowNanos - dueNanos >= 0) {
            return FlushDecision.flushNow(dueTrigger);
        }
        return FlushDecision.checkAgainAt(dueNanos);
    }

    /**
     * The whole rule of a policy with one due time: a buffer that reached a hard limit is flushed at once
     * ({@link #limitReached}), else it is flushed when due ({@link #flushWhenDue}).
     *
     * @param buffer the view the policy was handed
     * @param nowNanos the time the policy was given
     * @param dueNanos when the buffer falls due, on the same monotonic clock
     * @param dueTrigger why the buffer is flushed when due; not {@link FlushTrigger#NONE}
     * @return the decision
     * @throws IllegalArgumentException when {@code dueTrigger} is {@link FlushTrigger#NONE}
     */
    public static FlushDecision limitsOrDue(BufferView buffer, long nowNanos, long dueNanos, FlushTrigger dueTrigger) {
        requireDueTrigger(dueTrigger);
        FlushTrigger limit = limitReached(buffer);
        if (limit != FlushTrigger.NONE) {
            return FlushDecision.flushNow(limit);
        }
        return flushWhenDue(buffer, nowNanos, dueNanos, dueTrigger);
    }

    private static void requireDueTrigger(FlushTrigger dueTrigger) {
        if (dueTrigger == FlushTrigger.NONE) {
            throw new IllegalArgumentException("the trigger of a buffer flushed when due must not be NONE");
        }
    }
}

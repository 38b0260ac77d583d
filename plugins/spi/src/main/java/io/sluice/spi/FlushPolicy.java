package io.sluice.spi;

/**
 * Decides when a buffer is flushed. A policy is a small strategy object: it reads an immutable view and
 * the time it is given, and answers. It never reads the system clock and never blocks. Built by a
 * {@link FlushPolicyFactory}; it has no {@code close()}: a policy holds no resources.
 *
 * <p>One instance serves every buffer of an engine and is called from many threads at once, so it must
 * be thread-safe; the simplest way is to keep no mutable state. Contract, checked by the plugin kit's
 * {@code FlushPolicyKit}:
 * <ul>
 *   <li>a buffer past its hard limits ({@code async_insert_max_data_size},
 *       {@code async_insert_max_query_number}) is flushed;</li>
 *   <li>a check-again time is never before {@code nowNanos}, and for a buffer holding entries it is
 *       after it (asking again at the same time would get the same answer);</li>
 *   <li>the same view and time give the same answer;</li>
 *   <li>a buffer left alone is flushed eventually, when asked again at the times the policy named;</li>
 *   <li>an empty view (0 entries) gets an answer, never an exception.</li>
 * </ul>
 */
public interface FlushPolicy {
    /**
     * Answers whether to flush {@code buffer} now. Called on the appending thread after every append and
     * on the engine's timer thread at check-again times, for many buffers at once.
     *
     * @param buffer the buffer as it is now; valid only during this call
     * @param nowNanos the engine's monotonic time, the only "now" a policy may use
     * @return flush now, or when to ask again; never {@code null}
     */
    FlushDecision decide(BufferView buffer, long nowNanos);
}

package io.sluice.spi;

/**
 * Decides when a buffer is flushed. A policy is a small strategy object: it reads an immutable view and
 * the time it is given, and answers. It never reads the system clock and never blocks.
 *
 * <p>One instance serves every buffer of an engine and is called from many threads at once, so it must
 * be thread-safe; the simplest way is to keep no mutable state. Contract, checked by the plugin kit:
 * <ul>
 *   <li>a buffer past its hard limits ({@code async_insert_max_data_size},
 *       {@code async_insert_max_query_number}) is flushed;</li>
 *   <li>a check-again time is never before {@code nowNanos};</li>
 *   <li>the same view and time give the same answer;</li>
 *   <li>an empty view (0 entries) gets an answer, never an exception.</li>
 * </ul>
 */
public interface FlushPolicy {
    /**
     * @param buffer the buffer as it is now
     * @param nowNanos the engine's monotonic time
     * @return flush now, or when to ask again
     */
    FlushDecision decide(BufferView buffer, long nowNanos);
}

package io.sluice.spi;

/**
 * Builds a {@link FlushPolicy}; selected per statement by the setting {@code async_insert_flush_policy}.
 * The engine builds each selected policy once and shares it between every buffer that selects it.
 * Thread-safety and naming as for every {@link NamedFactory}.
 */
public interface FlushPolicyFactory extends NamedFactory<FlushPolicy> {}

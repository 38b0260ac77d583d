package io.sluice.spi;

/** Builds a {@link FlushPolicy}; selected per statement by the setting {@code async_insert_flush_policy}. */
public interface FlushPolicyFactory extends NamedFactory<FlushPolicy> {}

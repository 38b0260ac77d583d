package io.sluice.spi;

/**
 * Builds a {@link Buffer}; selected by the engine-level setting {@code async_insert_buffer}. The engine
 * builds one buffer per engine, with the same config for every run over the same target, so that a
 * durable buffer finds what the previous run left. Thread-safety and naming as for every
 * {@link NamedFactory}.
 */
public interface BufferFactory extends NamedFactory<Buffer> {}

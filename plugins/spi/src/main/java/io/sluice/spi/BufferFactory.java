package io.sluice.spi;

/** Builds a {@link Buffer}; selected by the engine-level setting {@code async_insert_buffer}. */
public interface BufferFactory extends NamedFactory<Buffer> {}

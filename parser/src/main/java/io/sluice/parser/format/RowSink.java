package io.sluice.parser.format;

/** Receives the rows a {@link FormatReader} reads; the reader allocates a fresh array per row. */
@FunctionalInterface
public interface RowSink {
    void accept(Object[] row);
}

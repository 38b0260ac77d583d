package io.sluice.parser.format;

/**
 * Receives the rows a {@link FormatReader} reads, in order, on the reading thread. The reader allocates a
 * fresh array per row and never touches it again: the sink may keep it.
 */
@FunctionalInterface
public interface RowSink {
    void accept(Object[] row);
}

package io.sluice.parser.format;

import java.util.List;

/**
 * The VALUES part of a prepared INSERT, such as {@code (?, 'x', ?), (?, 'y', ?)}: tuples of literals and
 * {@code ?} placeholders, parsed once when the statement is prepared. Immutable and thread-safe.
 */
public final class ValuesTemplate {
    /**
     * Parses the tuples that start at {@code dataStart}.
     *
     * @param columnCount how many values each tuple must have
     * @throws DataParseException when a tuple is malformed or has the wrong number of values
     */
    public static ValuesTemplate parse(String sql, int dataStart, int columnCount) throws DataParseException {
        throw new UnsupportedOperationException("being written");
    }

    /** How many {@code ?} placeholders the template has. */
    public int parameterCount() {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * The rows of one execution: placeholders replaced by {@code parameters} (0-based), literals by their
     * values ({@link String} for a quoted string, {@link Long} or {@link Double} or
     * {@link java.math.BigDecimal} for a number, {@code null} for NULL, {@link io.sluice.spi.Part#DEFAULT}
     * for DEFAULT). Values are converted to column types later, by {@link ValueConverter#convert}.
     */
    public List<Object[]> rows(Object[] parameters) {
        throw new UnsupportedOperationException("being written");
    }
}

package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;

/**
 * Converts values to the Java type of a column's {@link io.sluice.spi.ValueType}, refusing what does not
 * fit: no silent type affinity ({@code 'abc'} is not an INTEGER), NOT NULL enforced, integer ranges
 * checked. Stateless.
 */
public final class ValueConverter {
    private ValueConverter() {}

    /**
     * Converts a Java value bound to a prepared statement ({@link Long}, {@link Integer}, {@link String},
     * {@link java.math.BigDecimal}, {@link Double}, {@link Boolean}, {@code byte[]}, {@link java.sql.Date},
     * {@link java.sql.Timestamp}, {@link java.time.LocalDate}, {@link java.time.LocalDateTime},
     * {@link java.util.UUID}, {@code null}, {@link io.sluice.spi.Part#DEFAULT}…) for {@code column}.
     *
     * @param row the 1-based row, for the error message
     */
    public static Object convert(Object value, ColumnInfo column, int row) throws DataParseException {
        throw new UnsupportedOperationException("being written");
    }
}

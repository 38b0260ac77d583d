package io.sluice.spi;

/**
 * The value domain of a target column, derived by the storage from the column's declared type. Format
 * readers check every value against it, so that no value is stored through silent type affinity.
 *
 * <p>Java representations handed to {@link Storage#writePart}: {@code INTEGER} and {@code BOOLEAN} as
 * {@link Long}, {@code REAL} as {@link Double}, {@code NUMERIC} as {@link Long}, {@link Double} or
 * {@link java.math.BigDecimal}, {@code TEXT}, {@code DATE}, {@code TIMESTAMP}, {@code UUID} and
 * {@code JSON} as {@link String} in their canonical text form, {@code BLOB} as {@code byte[]}; {@code ANY}
 * keeps whatever the input was ({@link Long}, {@link Double} or {@link String}). SQL NULL is {@code null}.
 */
public enum ValueType {
    INTEGER,
    REAL,
    NUMERIC,
    BOOLEAN,
    TEXT,
    BLOB,
    DATE,
    TIMESTAMP,
    UUID,
    JSON,
    ANY
}

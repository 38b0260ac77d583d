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
 * A prepared INSERT's bound values may also give a {@code TEXT} column a {@link Double} (bound as a number, so
 * that the database renders it as its own driver's bind would) and a {@code DATE} or {@code TIMESTAMP} column
 * a {@link Long} or {@link Double} (a driver's date as a number, such as sqlite-jdbc's epoch milliseconds): a
 * storage binds such a number as a number. A bound {@code OffsetDateTime} gives a {@code TIMESTAMP} column its
 * canonical text followed by the offset ({@code 2024-01-05 10:00:00-05}), which the database reads.
 */
public enum ValueType {
    /** Whole numbers within the column's range. */
    INTEGER,
    /** Floating-point numbers. */
    REAL,
    /** Exact or approximate numbers, as the database's numeric type keeps them. */
    NUMERIC,
    /** True or false, as 1 or 0. */
    BOOLEAN,
    /** Character strings up to the column's length. */
    TEXT,
    /** Byte strings. */
    BLOB,
    /** Calendar dates, {@code yyyy-MM-dd}. */
    DATE,
    /** Date and time of day, {@code yyyy-MM-dd HH:mm:ss[.fraction]}. */
    TIMESTAMP,
    /** UUIDs in their 36-character text form. */
    UUID,
    /** JSON documents, checked to be well formed. */
    JSON,
    /** Whatever the input holds: the column has no declared type. */
    ANY
}

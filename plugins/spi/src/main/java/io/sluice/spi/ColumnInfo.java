package io.sluice.spi;

/**
 * One column of a target table, as the storage reports it. Immutable and safe to share between threads.
 * Storages build it; components may be added in later releases, so {@link #of} is the stable way for a
 * storage to build a column without limits.
 *
 * @param name the column's name, exactly as the database spells it
 * @param declaredType the type as declared in the database ({@code "VARCHAR(20)"}, {@code "INTEGER"}, or
 *     empty)
 * @param type the value domain readers check values against
 * @param nullable whether the column accepts NULL
 * @param hasDefault whether the column has a default the database fills in when the column is omitted
 * @param insertable whether an INSERT may name it (generated columns may not)
 * @param maxLength the longest text or blob the column accepts, or -1 when unbounded
 * @param minValue the smallest integer the column accepts (for {@link ValueType#INTEGER})
 * @param maxValue the largest integer the column accepts (for {@link ValueType#INTEGER})
 * @param precision the most significant digits a {@link ValueType#NUMERIC} value may have once rounded to
 *     {@code scale} ({@code DECIMAL(p, s)}'s {@code p}), or -1 when the storage reports no limit: then no
 *     precision rule applies (SQLite, PostgreSQL's unconstrained {@code NUMERIC})
 * @param scale the digits after the decimal point a {@link ValueType#NUMERIC} value is rounded to (half away
 *     from zero, as PostgreSQL and MariaDB round), when {@code precision} is not -1; may be negative
 *     (PostgreSQL's {@code NUMERIC(4, -1)}) or larger than {@code precision}
 */
public record ColumnInfo(
        String name,
        String declaredType,
        ValueType type,
        boolean nullable,
        boolean hasDefault,
        boolean insertable,
        int maxLength,
        long minValue,
        long maxValue,
        int precision,
        int scale) {

    /**
     * A column without a decimal precision rule, as columns were described before precision and scale existed.
     *
     * @param name the column's name, exactly as the database spells it
     * @param declaredType the declared type, or empty
     * @param type the value domain
     * @param nullable whether the column accepts NULL
     * @param hasDefault whether the database fills the column in when it is omitted
     * @param insertable whether an INSERT may name it
     * @param maxLength the longest text or blob, or -1 when unbounded
     * @param minValue the smallest integer the column accepts
     * @param maxValue the largest integer the column accepts
     */
    public ColumnInfo(String name, String declaredType, ValueType type, boolean nullable, boolean hasDefault, boolean insertable,
            int maxLength, long minValue, long maxValue) {
        this(name, declaredType, type, nullable, hasDefault, insertable, maxLength, minValue, maxValue, -1, 0);
    }

    /** Whether {@link ValueType#NUMERIC} values are checked against a precision and rounded to a scale. */
    public boolean hasPrecision() {
        return precision >= 0;
    }

    /**
     * This column with a decimal precision and scale ({@code DECIMAL(p, s)}), which a {@link ValueType#NUMERIC}
     * value must fit once rounded to the scale.
     *
     * @param precision the most significant digits, at least 1
     * @param scale the digits after the decimal point (negative rounds to tens, hundreds…)
     * @return the column with those limits
     */
    public ColumnInfo withPrecision(int precision, int scale) {
        if (precision < 1) {
            throw new IllegalArgumentException("precision must be at least 1, was " + precision);
        }
        return new ColumnInfo(name, declaredType, type, nullable, hasDefault, insertable, maxLength, minValue, maxValue, precision, scale);
    }

    /**
     * A column without length or range limits, insertable.
     *
     * @param name the column's name, exactly as the database spells it
     * @param declaredType the declared type, or empty
     * @param type the value domain
     * @param nullable whether the column accepts NULL
     * @param hasDefault whether the database fills the column in when it is omitted
     * @return the column
     */
    public static ColumnInfo of(String name, String declaredType, ValueType type, boolean nullable, boolean hasDefault) {
        return new ColumnInfo(name, declaredType, type, nullable, hasDefault, true, -1, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}

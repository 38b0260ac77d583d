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
        long maxValue) {

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

package io.sluice.spi;

import java.util.List;

/**
 * One storage write: rows for one table, written all-or-nothing.
 *
 * <p>The engine owns the row arrays; a storage reads them and must not keep or modify them after
 * {@link Storage#writePart} returns. A value may be {@link #DEFAULT}, meaning "the column was omitted in
 * this row: let the database apply its default".
 *
 * @param database the target database, as {@link TableInfo#database()} names it
 * @param table the target table, as {@link TableInfo#name()} names it
 * @param columns the columns each row holds values for, in order
 * @param rows the rows; each array has one value per column, in the Java types {@link ValueType} lists
 * @param name the part's name, unique within the engine run, for {@code system.part_log}
 * @param flushQueryId the query id of the flush that writes this part
 */
public record Part(String database, String table, List<ColumnInfo> columns, List<Object[]> rows, String name, String flushQueryId) {
    /** Marks a value the database should fill with the column's default. */
    public static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    public Part {
        columns = List.copyOf(columns);
    }
}

package io.sluice.spi;

import java.util.List;
import java.util.Optional;

/**
 * A target table's shape: immutable, safe to share between threads. Built by a {@link Storage}; the
 * engine caches it.
 *
 * @param database the database (schema) the table lives in, as the storage names it
 * @param name the table's name, exactly as the database spells it
 * @param columns every column in declaration order
 */
public record TableInfo(String database, String name, List<ColumnInfo> columns) {
    /** Copies the column list. */
    public TableInfo {
        columns = List.copyOf(columns);
    }

    /**
     * The column with this name, matched case-insensitively as SQL identifiers are.
     *
     * @param columnName the name to look for
     * @return the first column with that name, or empty
     */
    public Optional<ColumnInfo> column(String columnName) {
        for (ColumnInfo column : columns) {
            if (column.name().equalsIgnoreCase(columnName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /**
     * The columns an INSERT without a column list writes: every insertable column.
     *
     * @return the columns in declaration order
     */
    public List<ColumnInfo> insertableColumns() {
        return columns.stream().filter(ColumnInfo::insertable).toList();
    }
}

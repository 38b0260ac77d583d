package io.sluice.spi;

import java.util.List;
import java.util.Optional;

/**
 * A target table's shape: immutable.
 *
 * @param database the database (schema) the table lives in, as the storage names it
 * @param name the table's name, exactly as the database spells it
 * @param columns every column in declaration order
 */
public record TableInfo(String database, String name, List<ColumnInfo> columns) {
    public TableInfo {
        columns = List.copyOf(columns);
    }

    /** The column with this name, matched case-insensitively as SQL identifiers are. */
    public Optional<ColumnInfo> column(String columnName) {
        for (ColumnInfo column : columns) {
            if (column.name().equalsIgnoreCase(columnName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The columns an INSERT without a column list writes: every insertable column. */
    public List<ColumnInfo> insertableColumns() {
        return columns.stream().filter(ColumnInfo::insertable).toList();
    }
}

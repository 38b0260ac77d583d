package io.sluice.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of rows held in memory ({@link RowResultSet}): what the source's metadata said, copied when
 * the rows were, so that it stays readable after the source is closed. Immutable.
 */
final class RowColumns implements ResultSetMetaData {
    /** One column as its source described it. */
    record Column(String name, String label, int type, String typeName, String className, int nullable,
            int precision, int scale, int displaySize, boolean signed, String table, String schema, String catalog) {}

    private final List<Column> columns;

    private RowColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** No columns: what a statement that returns no rows describes. */
    static RowColumns none() {
        return new RowColumns(List.of());
    }

    static RowColumns copyOf(ResultSetMetaData source) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= source.getColumnCount(); i++) {
            columns.add(new Column(source.getColumnName(i), source.getColumnLabel(i), source.getColumnType(i),
                    source.getColumnTypeName(i), source.getColumnClassName(i), source.isNullable(i),
                    source.getPrecision(i), source.getScale(i), source.getColumnDisplaySize(i), source.isSigned(i),
                    nonNull(source.getTableName(i)), nonNull(source.getSchemaName(i)), nonNull(source.getCatalogName(i))));
        }
        return new RowColumns(columns);
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** The 1-based index of the first column whose label (else name) is {@code label}, ignoring case; 0 when none. */
    int find(String label) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).label().equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        String lower = label.toLowerCase(Locale.ROOT);
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().toLowerCase(Locale.ROOT).equals(lower)) {
                return i + 1;
            }
        }
        return 0;
    }

    private Column column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw Errors.badArgument("ResultSetMetaData: column index " + column + " is out of range; there are "
                    + columns.size() + " columns");
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).className().equals(String.class.getName());
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).displaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).schema();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).table();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).catalog();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).type();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).typeName();
    }

    /** Rows held in memory are read-only. */
    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return column(column).className();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notAWrapperFor(RowColumns.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a table's shape from {@link DatabaseMetaData}. Names are matched as SQL matches unquoted
 * identifiers: the exact spelling first, then ignoring case (PostgreSQL folds {@code Events} to
 * {@code events}); metadata patterns are escaped so that {@code _} and {@code %} in a name match only
 * themselves. Stateless.
 */
final class TableReader {
    private TableReader() {}

    /**
     * @param database the database (schema or catalog, as the dialect says) as the user wrote it
     * @throws SluiceSqlException {@link ErrorCode#UNKNOWN_DATABASE} when no such database exists
     */
    static Optional<TableInfo> read(Connection connection, Dialect dialect, String database, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String namespace = resolveNamespace(metaData, dialect, database);
        String catalog = dialect.databaseIsCatalog() ? namespace : null;
        String schema = dialect.databaseIsCatalog() ? null : namespace;
        String escape = metaData.getSearchStringEscape();
        String name = resolveTable(metaData, catalog, schema, table, escape);
        if (name == null) {
            return Optional.empty();
        }
        TreeMap<Integer, JdbcTypes.Described> described = new TreeMap<>();
        try (ResultSet rows = metaData.getColumns(catalog, schema, pattern(name, escape), "%")) {
            while (rows.next()) {
                // The pattern is escaped, but a driver that ignores escapes would also return look-alike tables.
                if (!name.equals(rows.getString("TABLE_NAME"))) {
                    continue;
                }
                boolean nullable = rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                described.put(rows.getInt("ORDINAL_POSITION"), new JdbcTypes.Described(
                        rows.getString("COLUMN_NAME"),
                        rows.getString("TYPE_NAME"),
                        rows.getInt("DATA_TYPE"),
                        rows.getInt("COLUMN_SIZE"),
                        rows.getInt("DECIMAL_DIGITS"),
                        nullable,
                        columnDefault(rows.getString("COLUMN_DEF"), nullable, dialect),
                        "YES".equalsIgnoreCase(rows.getString("IS_AUTOINCREMENT")),
                        "YES".equalsIgnoreCase(rows.getString("IS_GENERATEDCOLUMN"))));
            }
        }
        Set<String> always = dialect.alwaysGeneratedColumns(connection, namespace, name);
        List<ColumnInfo> columns = new ArrayList<>(described.size());
        for (JdbcTypes.Described column : described.values()) {
            ColumnInfo info = JdbcTypes.column(column, dialect.mysqlFamily(), always.contains(column.name()));
            if (info.type() == ValueType.NUMERIC) {
                int[] limits = dialect.decimalLimits(connection, column.columnSize(), column.decimalDigits());
                if (limits != null) {
                    info = info.withPrecision(limits[0], limits[1]);
                }
            }
            columns.add(info);
        }
        return Optional.of(new TableInfo(namespace, name, columns));
    }

    /**
     * The column's default as metadata reports it, or {@code null} when it has none. MariaDB reports a
     * nullable column without a default (or with {@code DEFAULT NULL}) as the bare text {@code NULL}, where
     * other databases report SQL NULL; its string defaults come quoted ({@code 'NULL'}). A NOT NULL column
     * cannot default to NULL, so there the text is kept.
     */
    static String columnDefault(String reported, boolean nullable, Dialect dialect) {
        if (reported != null && nullable && dialect.mysqlFamily() && reported.trim().equalsIgnoreCase("NULL")) {
            return null;
        }
        return reported;
    }

    private static String resolveNamespace(DatabaseMetaData metaData, Dialect dialect, String database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = dialect.databaseIsCatalog() ? metaData.getCatalogs() : metaData.getSchemas()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        String found = match(names, database);
        if (found == null) {
            throw new SluiceSqlException(ErrorCode.UNKNOWN_DATABASE, "Database " + database + " does not exist");
        }
        return found;
    }

    private static String resolveTable(DatabaseMetaData metaData, String catalog, String schema, String table, String escape)
            throws SQLException {
        List<String> exact = tables(metaData, catalog, schema, pattern(table, escape));
        String found = match(exact, table);
        if (found != null) {
            return found;
        }
        // Not spelled as stored: list the database's tables once and match ignoring case.
        return match(tables(metaData, catalog, schema, "%"), table);
    }

    private static List<String> tables(DatabaseMetaData metaData, String catalog, String schema, String pattern) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metaData.getTables(catalog, schema, pattern, null)) {
            while (rows.next()) {
                if (isWritableTable(rows.getString("TABLE_TYPE"))) {
                    names.add(rows.getString("TABLE_NAME"));
                }
            }
        }
        return names;
    }

    /** Tables, partitioned and foreign tables; not views, indexes, sequences, system or temporary tables. */
    private static boolean isWritableTable(String type) {
        if (type == null) {
            return false;
        }
        String upper = type.toUpperCase(Locale.ROOT);
        return upper.contains("TABLE") && !upper.contains("SYSTEM") && !upper.contains("TEMPORARY") && !upper.contains("TYPE");
    }

    /** The name spelled exactly as {@code wanted}, else the only one equal ignoring case, else the lower-case one. */
    static String match(List<String> names, String wanted) {
        String caseless = null;
        int caselessCount = 0;
        for (String name : names) {
            if (name == null) {
                continue;
            }
            if (name.equals(wanted)) {
                return name;
            }
            if (name.equalsIgnoreCase(wanted)) {
                caseless = name;
                caselessCount++;
            }
        }
        if (caselessCount > 1) {
            String folded = wanted.toLowerCase(Locale.ROOT);
            return names.contains(folded) ? folded : caseless;
        }
        return caseless;
    }

    /** A metadata search pattern that matches {@code name} literally. */
    static String pattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '%' || escape.indexOf(c) >= 0) {
                out.append(escape);
            }
            out.append(c);
        }
        return out.toString();
    }
}

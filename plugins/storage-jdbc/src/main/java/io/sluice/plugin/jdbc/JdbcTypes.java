package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.sql.Types;
import java.util.Locale;

/**
 * Maps a column as {@link java.sql.DatabaseMetaData#getColumns} describes it to the {@link ColumnInfo}
 * that format readers check values against: the value domain, text and binary lengths, integer ranges
 * (with MariaDB/MySQL {@code UNSIGNED}). The database's own type name decides first, since drivers report
 * some JDBC types loosely (pgjdbc calls {@code bool} {@link Types#BIT}, Connector/J calls {@code YEAR}
 * {@link Types#DATE} and an {@code ENUM} a one-character {@link Types#VARCHAR}); the JDBC type decides for
 * names it does not know. Stateless.
 */
final class JdbcTypes {
    private JdbcTypes() {}

    /** What {@code getColumns} says about one column. */
    record Described(
            String name,
            String typeName,
            int jdbcType,
            int columnSize,
            int decimalDigits,
            boolean nullable,
            String columnDefault,
            boolean autoIncrement,
            boolean generated) {}

    /**
     * @param mysqlFamily whether type names are MariaDB/MySQL's ({@code BIT(1)} and {@code TINYINT(1)} are
     *     booleans there)
     * @param alwaysGenerated whether the database refuses a value for the column (PostgreSQL
     *     {@code GENERATED ALWAYS AS IDENTITY}), although metadata does not call it generated
     */
    static ColumnInfo column(Described column, boolean mysqlFamily, boolean alwaysGenerated) {
        String raw = column.typeName() == null ? "" : column.typeName();
        String lower = raw.toLowerCase(Locale.ROOT);
        boolean unsigned = lower.contains("unsigned");
        String base = baseName(lower);
        int size = column.columnSize();
        ValueType type = ValueType.ANY;
        int maxLength = -1;
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        switch (base) {
            case "int2", "smallint", "smallserial" -> {
                type = ValueType.INTEGER;
                min = unsigned ? 0 : Short.MIN_VALUE;
                max = unsigned ? 65535 : Short.MAX_VALUE;
            }
            case "mediumint" -> {
                type = ValueType.INTEGER;
                min = unsigned ? 0 : -8_388_608;
                max = unsigned ? 16_777_215 : 8_388_607;
            }
            case "int4", "int", "integer", "serial" -> {
                type = ValueType.INTEGER;
                min = unsigned ? 0 : Integer.MIN_VALUE;
                max = unsigned ? 4_294_967_295L : Integer.MAX_VALUE;
            }
            case "int8", "bigint", "bigserial" -> {
                // BIGINT UNSIGNED goes to 2^64-1, beyond what a Long carries: values above Long.MAX_VALUE are refused.
                type = ValueType.INTEGER;
                min = unsigned ? 0 : Long.MIN_VALUE;
            }
            case "tinyint" -> {
                if (mysqlFamily && (column.jdbcType() == Types.BIT || column.jdbcType() == Types.BOOLEAN) && !unsigned) {
                    type = ValueType.BOOLEAN;
                } else {
                    type = ValueType.INTEGER;
                    min = unsigned ? 0 : Byte.MIN_VALUE;
                    max = unsigned ? 255 : Byte.MAX_VALUE;
                }
            }
            case "bool", "boolean" -> type = ValueType.BOOLEAN;
            case "bit" -> type = mysqlFamily && size == 1 ? ValueType.BOOLEAN : ValueType.ANY;
            case "float4", "float8", "real", "float", "double", "double precision", "binary_float", "binary_double" ->
                    type = ValueType.REAL;
            case "numeric", "decimal", "dec", "fixed", "number" -> {
                type = ValueType.NUMERIC;
                // MariaDB/MySQL's DECIMAL UNSIGNED refuses negative values (checked with the column's precision).
                min = unsigned ? 0 : Long.MIN_VALUE;
            }
            case "varchar", "character varying", "bpchar", "char", "character", "nchar", "nvarchar", "varchar2", "nvarchar2",
                    "national character varying", "national character" -> {
                type = ValueType.TEXT;
                maxLength = bounded(size);
            }
            case "text", "tinytext", "mediumtext", "longtext", "clob", "nclob", "ntext", "name", "citext", "string" ->
                    type = ValueType.TEXT;
            case "json", "jsonb" -> type = ValueType.JSON;
            case "uuid", "uniqueidentifier" -> type = ValueType.UUID;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> {
                // MariaDB reports byte limits here; a LONGBLOB's does not fit an int and stays unbounded.
                type = ValueType.BLOB;
                maxLength = bounded(size);
            }
            case "bytea", "image", "raw", "long raw", "binary varying" -> type = ValueType.BLOB;
            case "date" -> type = ValueType.DATE;
            case "timestamp", "timestamptz", "datetime", "datetime2", "smalldatetime", "timestamp with time zone",
                    "timestamp without time zone" -> type = ValueType.TIMESTAMP;
            // Types whose values the database parses itself from text: COPY and untyped binds hand them over as is.
            case "year", "enum", "set", "time", "timetz", "interval", "money", "inet", "cidr", "macaddr", "xml" -> type = ValueType.ANY;
            default -> {
                if (!base.startsWith("_") && !raw.startsWith("\"")) {
                    ValueType byJdbc = byJdbcType(column.jdbcType());
                    type = byJdbc;
                    if (byJdbc == ValueType.INTEGER) {
                        long[] range = jdbcRange(column.jdbcType());
                        min = range[0];
                        max = range[1];
                    } else if (isBoundedJdbcType(column.jdbcType())) {
                        maxLength = bounded(size);
                    }
                }
            }
        }
        boolean insertable = !column.generated() && !alwaysGenerated;
        boolean hasDefault = column.columnDefault() != null || column.autoIncrement() || column.generated() || alwaysGenerated;
        return new ColumnInfo(column.name(), declaredType(raw, base, size, column.decimalDigits(), type), type, column.nullable(),
                hasDefault, insertable, maxLength, min, max);
    }

    /** The type name without {@code UNSIGNED}, {@code ZEROFILL} or a length, e.g. {@code int unsigned} → {@code int}. */
    private static String baseName(String lower) {
        String base = lower;
        int paren = base.indexOf('(');
        if (paren >= 0) {
            int close = base.indexOf(')', paren);
            base = base.substring(0, paren) + (close >= 0 ? base.substring(close + 1) : "");
        }
        return base.replace("unsigned", "").replace("zerofill", "").trim().replaceAll("\\s+", " ");
    }

    private static int bounded(int size) {
        return size > 0 && size < Integer.MAX_VALUE ? size : -1;
    }

    private static ValueType byJdbcType(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> ValueType.INTEGER;
            case Types.BOOLEAN -> ValueType.BOOLEAN;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> ValueType.REAL;
            case Types.NUMERIC, Types.DECIMAL -> ValueType.NUMERIC;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
                    Types.NCLOB -> ValueType.TEXT;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ValueType.BLOB;
            case Types.DATE -> ValueType.DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> ValueType.TIMESTAMP;
            default -> ValueType.ANY;
        };
    }

    private static boolean isBoundedJdbcType(int jdbcType) {
        return jdbcType == Types.CHAR || jdbcType == Types.VARCHAR || jdbcType == Types.NCHAR || jdbcType == Types.NVARCHAR
                || jdbcType == Types.BINARY || jdbcType == Types.VARBINARY;
    }

    private static long[] jdbcRange(int jdbcType) {
        return switch (jdbcType) {
            // Signed in some databases, unsigned in others (SQL Server): accept both, the database refuses the rest.
            case Types.TINYINT -> new long[] {Byte.MIN_VALUE, 255};
            case Types.SMALLINT -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case Types.INTEGER -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }

    /** The declared type as a person would write it: {@code varchar(10)}, {@code numeric(10,2)}, {@code INT UNSIGNED}. */
    private static String declaredType(String raw, String base, int size, int decimalDigits, ValueType type) {
        if (raw.indexOf('(') >= 0) {
            return raw;
        }
        boolean numeric = type == ValueType.NUMERIC && size > 0 && size <= 1000;
        boolean lengthed = (type == ValueType.TEXT || type == ValueType.BLOB) && bounded(size) > 0
                && !base.contains("text") && !base.contains("blob");
        if (numeric) {
            return raw + "(" + size + "," + decimalDigits + ")";
        }
        if (lengthed) {
            return raw + "(" + size + ")";
        }
        return raw;
    }
}

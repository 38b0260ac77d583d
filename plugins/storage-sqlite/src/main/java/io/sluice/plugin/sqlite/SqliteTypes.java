package io.sluice.plugin.sqlite;

import io.sluice.spi.ValueType;
import java.util.Locale;

/**
 * Maps an SQLite declared type to the value domain Sluice checks values against. Follows SQLite's
 * affinity rules (section 3.1 of its datatype documentation) and then narrows the common declared
 * names people use for booleans, dates, timestamps, UUIDs and JSON, which SQLite stores without checking.
 */
final class SqliteTypes {
    private SqliteTypes() {}

    static ValueType valueType(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (type.isEmpty()) {
            return ValueType.ANY;
        }
        if (type.contains("BOOL")) {
            return ValueType.BOOLEAN;
        }
        if (type.contains("INT")) {
            return ValueType.INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return ValueType.TEXT;
        }
        if (type.contains("BLOB")) {
            return ValueType.BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return ValueType.REAL;
        }
        if (type.contains("DATETIME") || type.contains("TIMESTAMP")) {
            return ValueType.TIMESTAMP;
        }
        if (type.contains("DATE")) {
            return ValueType.DATE;
        }
        if (type.contains("UUID")) {
            return ValueType.UUID;
        }
        if (type.contains("JSON")) {
            return ValueType.JSON;
        }
        return ValueType.NUMERIC;
    }
}

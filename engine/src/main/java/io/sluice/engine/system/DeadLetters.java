package io.sluice.engine.system;

import io.sluice.parser.format.Format;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import io.sluice.spi.TableInfo;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns entries that failed at flush into {@code system.asynchronous_insert_dead_letter} rows, and rows
 * back into INSERTs for {@code SYSTEM REPLAY ASYNC INSERT DEAD LETTER}.
 *
 * <p>A row's {@code query} is the entry's INSERT head with quoted names ({@code INSERT INTO "db"."t" ("a",
 * "b") FORMAT CSV}) and its {@code data} the inline data exactly as received. Typed rows from a prepared
 * statement are kept as {@code Values} text; a BLOB value is kept as the UTF-8 text of its bytes, so only
 * blobs that are valid UTF-8 replay unchanged.
 */
public final class DeadLetters {
    /** Beyond this scale (either way) a decimal is kept in scientific notation. */
    private static final int PLAIN_SCALE = 1_000;

    private DeadLetters() {}

    /**
     * The row of an entry of a buffer key ({@code table}, {@code columns}, {@code keyFormat}) that failed at flush.
     */
    public static SystemTables.DeadLetterRow row(TableInfo table, List<ColumnInfo> columns, Format keyFormat, BufferEntry entry,
            String flushQueryId, String status, SQLException error, long nowMicros) {
        Format format = entry.rows() == null ? keyFormat : Format.VALUES;
        String data = entry.rows() == null ? entry.data().substring(entry.dataStart()) : valuesText(entry.rows());
        return new SystemTables.DeadLetterRow(nowMicros, entry.queryId(), flushQueryId, table.database(), table.name(),
                format.canonicalName(), head(table.database(), table.name(), columns) + " FORMAT " + format.canonicalName(),
                data, entry.bytes(), status, String.valueOf(error.getMessage()), columns.stream().map(ColumnInfo::name).toList());
    }

    /** A recovered entry whose buffer key no longer resolves (its table is gone): kept with its key as query. */
    public static SystemTables.DeadLetterRow unresolved(BufferEntry entry, SQLException error, long nowMicros) {
        String key = entry.keyId();
        int format = key.lastIndexOf(" FORMAT ");
        String formatName = format < 0 ? "Values" : key.substring(format + " FORMAT ".length());
        String data = entry.rows() == null ? entry.data().substring(entry.dataStart()) : valuesText(entry.rows());
        return new SystemTables.DeadLetterRow(nowMicros, entry.queryId(), "", "", "", formatName, key, data, entry.bytes(), "RecoveryError",
                String.valueOf(error.getMessage()), null);
    }

    /** {@code INSERT INTO "db"."t" ("a", "b")}. */
    public static String head(String database, String table, List<ColumnInfo> columns) {
        StringBuilder head = new StringBuilder("INSERT INTO ").append(quote(database)).append('.').append(quote(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            head.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        }
        return head.append(')').toString();
    }

    /** A column list as the {@code columns} field keeps it: {@code ['a','b']}, each name quoted with {@code \\} escapes. */
    static String columnsText(List<String> columns) {
        StringBuilder text = new StringBuilder("[");
        for (String column : columns) {
            text.append(text.length() == 1 ? "" : ",");
            quoted(text, column);
        }
        return text.append(']').toString();
    }

    /** Reads a {@code columns} field back; {@code null} when it is not a list {@link #columnsText} writes. */
    static /* nullable */ List<String> parseColumns(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        int end = text.length() - 1;
        int i = 1;
        while (i < end) {
            if (text.charAt(i) != '\'') {
                return null;
            }
            StringBuilder name = new StringBuilder();
            i++;
            while (i < end && text.charAt(i) != '\'') {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < end) {
                    i++;
                    c = text.charAt(i);
                }
                name.append(c);
                i++;
            }
            if (i >= end) {
                return null;
            }
            i++;
            columns.add(name.toString());
            if (i < end && text.charAt(i++) != ',') {
                return null;
            }
        }
        return columns;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Typed rows as Values text that reads back to the same values. */
    static String valuesText(List<Object[]> rows) {
        StringBuilder text = new StringBuilder();
        for (Object[] row : rows) {
            text.append(text.length() == 0 ? "(" : ", (");
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    text.append(", ");
                }
                Object value = row[c];
                if (value == null) {
                    text.append("NULL");
                } else if (value == Part.DEFAULT) {
                    text.append("DEFAULT");
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    text.append(value);
                } else if (value instanceof Double || value instanceof Float) {
                    text.append(value);
                } else if (value instanceof BigDecimal decimal) {
                    // Plain unless that is huge (1E+999999999 would be a gigabyte of zeros); both read back as the same number.
                    text.append(Math.abs((long) decimal.scale()) <= PLAIN_SCALE ? decimal.toPlainString() : decimal.toString());
                } else if (value instanceof Boolean bool) {
                    text.append(bool ? "true" : "false");
                } else if (value instanceof byte[] bytes) {
                    quoted(text, new String(bytes, StandardCharsets.UTF_8));
                } else {
                    quoted(text, value.toString());
                }
            }
            text.append(')');
        }
        return text.toString();
    }

    private static void quoted(StringBuilder text, String value) {
        text.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                text.append('\\');
            }
            text.append(c);
        }
        text.append('\'');
    }
}

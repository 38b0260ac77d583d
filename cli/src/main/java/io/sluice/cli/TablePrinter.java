package io.sluice.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders rows as an aligned text table: a header, a rule, one line per row, numbers right-aligned, and
 * {@code NULL} for SQL null. Control characters in values are escaped so that every row stays on one line.
 * Stateless.
 */
final class TablePrinter {
    private TablePrinter() {}

    /** Prints every row of {@code rows} and then {@code "N rows"}; returns the number of rows. */
    static long print(ResultSet rows, PrintStream out) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        List<String> headers = new ArrayList<>(columns);
        boolean[] rightAligned = new boolean[columns];
        for (int i = 1; i <= columns; i++) {
            headers.add(meta.getColumnLabel(i));
            rightAligned[i - 1] = isNumeric(meta.getColumnType(i));
        }
        List<List<String>> cells = new ArrayList<>();
        while (rows.next()) {
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                Object value = rows.getObject(i);
                row.add(show(value));
                if (value != null && !(value instanceof Number)) {
                    // SQLite reports a column's declared type; a text value in it is not aligned as a number
                    rightAligned[i - 1] = false;
                }
            }
            cells.add(row);
        }
        out.print(render(headers, cells, rightAligned));
        out.println(rowCount(cells.size()));
        return cells.size();
    }

    static String rowCount(long rows) {
        return rows == 1 ? "1 row" : String.format("%,d rows", rows);
    }

    /**
     * The table as text, one line per row, each line ending in a newline.
     *
     * @param rightAligned per column, whether its values are right-aligned (headers always are left-aligned)
     */
    static String render(List<String> headers, List<List<String>> rows, boolean[] rightAligned) {
        int columns = headers.size();
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = width(headers.get(c));
        }
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths, new boolean[columns]);
        for (int c = 0; c < columns; c++) {
            text.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
        }
        text.append('\n');
        for (List<String> row : rows) {
            appendLine(text, row, widths, rightAligned);
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths, boolean[] rightAligned) {
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - width(cell));
            text.append(c == 0 ? " " : " | ");
            if (rightAligned[c]) {
                text.append(padding).append(cell);
            } else {
                text.append(cell);
                if (c < widths.length - 1) {
                    text.append(padding);
                }
            }
        }
        text.append('\n');
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    /** A value as one line of text. */
    static String show(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        String text = value.toString();
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            String escape = switch (ch) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : null;
            };
            if (escape != null && shown == null) {
                shown = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (shown != null) {
                if (escape != null) {
                    shown.append(escape);
                } else {
                    shown.append(ch);
                }
            }
        }
        return shown == null ? text : shown.toString();
    }

    private static boolean isNumeric(int sqlType) {
        switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.NUMERIC, Types.DECIMAL:
                return true;
            default:
                return false;
        }
    }
}

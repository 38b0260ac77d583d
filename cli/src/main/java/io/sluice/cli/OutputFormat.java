package io.sluice.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How query results are printed, under ClickHouse's format names: an aligned table (PrettyCompact), one
 * {@code name: value} line per column (Vertical), CSV, TSV (TabSeparated) and JSONEachRow. Stateless.
 */
enum OutputFormat {
    PRETTY_COMPACT("PrettyCompact", true),
    VERTICAL("Vertical", true),
    CSV("CSV", false),
    TSV("TSV", false),
    JSON_EACH_ROW("JSONEachRow", false);

    final String formatName;
    /** Whether the format is for people: it ends with "N rows"; the others are data only. */
    final boolean forPeople;

    OutputFormat(String formatName, boolean forPeople) {
        this.formatName = formatName;
        this.forPeople = forPeople;
    }

    static final String NAMES = "PrettyCompact, Vertical, CSV, TSV (TabSeparated), JSONEachRow";

    /** The format of a ClickHouse format name, case-insensitively; {@code Pretty} and {@code TabSeparated} too. */
    static OutputFormat named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "pretty", "prettycompact", "table" -> {
                return PRETTY_COMPACT;
            }
            case "vertical" -> {
                return VERTICAL;
            }
            case "csv", "csvwithnames" -> {
                return CSV;
            }
            case "tsv", "tabseparated", "tsvwithnames", "tabseparatedwithnames" -> {
                return TSV;
            }
            case "jsoneachrow", "jsonl", "ndjson" -> {
                return JSON_EACH_ROW;
            }
            default -> throw new IllegalArgumentException("unknown output format '" + name + "' (known: " + NAMES + ")");
        }
    }

    /** Prints every row of {@code rows}; returns how many there were. */
    long print(ResultSet rows, PrintStream out) throws SQLException {
        if (this == PRETTY_COMPACT) {
            return TablePrinter.print(rows, out);
        }
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        List<String> names = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
            names.add(meta.getColumnLabel(i));
        }
        long count = 0;
        StringBuilder line = new StringBuilder();
        if (this == CSV || this == TSV) {
            // With names: a header row is what spreadsheet and pandas readers expect of a CLI's output.
            for (int c = 0; c < columns; c++) {
                line.append(c == 0 ? "" : this == CSV ? "," : "\t").append(this == CSV ? csv(names.get(c)) : tsv(names.get(c)));
            }
            out.println(line);
        }
        int nameWidth = names.stream().mapToInt(String::length).max().orElse(0);
        while (rows.next()) {
            count++;
            line.setLength(0);
            switch (this) {
                case VERTICAL -> {
                    line.append("Row ").append(count).append(":\n").append("─".repeat(5 + String.valueOf(count).length())).append('\n');
                    for (int c = 0; c < columns; c++) {
                        line.append(names.get(c)).append(':').append(" ".repeat(nameWidth - names.get(c).length() + 1))
                                .append(TablePrinter.show(rows.getObject(c + 1))).append('\n');
                    }
                }
                case CSV, TSV -> {
                    for (int c = 0; c < columns; c++) {
                        Object value = rows.getObject(c + 1);
                        line.append(c == 0 ? "" : this == CSV ? "," : "\t");
                        if (this == CSV) {
                            line.append(value == null ? "" : value instanceof Number ? value.toString() : csv(text(value)));
                        } else {
                            line.append(value == null ? "\\N" : tsv(text(value)));
                        }
                    }
                }
                case JSON_EACH_ROW -> {
                    line.append('{');
                    for (int c = 0; c < columns; c++) {
                        Object value = rows.getObject(c + 1);
                        line.append(c == 0 ? "" : ",").append(json(names.get(c))).append(':');
                        if (value == null) {
                            line.append("null");
                        } else if (value instanceof Number || value instanceof Boolean) {
                            line.append(jsonNumber(value, meta.getColumnType(c + 1)));
                        } else {
                            line.append(json(text(value)));
                        }
                    }
                    line.append('}');
                }
                default -> throw new IllegalStateException(name());
            }
            if (this == VERTICAL) {
                out.print(line);
                out.println();
            } else {
                out.println(line);
            }
        }
        if (forPeople) {
            out.println(TablePrinter.rowCount(count));
        }
        return count;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? TablePrinter.show(bytes) : value.toString();
    }

    static String csv(String text) {
        boolean quote = text.isEmpty() || text.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** TabSeparated escaping: backslash, tab and newlines as backslash sequences. */
    static String tsv(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String jsonNumber(Object value, int sqlType) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite()) || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return json(value.toString());
        }
        // ClickHouse quotes 64-bit integers in JSON only when asked; plain numbers are what readers expect.
        return sqlType == Types.BOOLEAN && value instanceof Number n ? String.valueOf(n.intValue() != 0) : value.toString();
    }
}

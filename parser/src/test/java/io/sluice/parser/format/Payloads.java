package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Random tables, random rows for them, and those rows written in each format, with the values a reader
 * must produce for them. The expected values are derived from what was generated (the documented
 * conversion rules), not from the readers' code, and every format is written by its own small writer that
 * picks randomly among the spellings the format allows (quoting, escapes, separators, blanks).
 */
final class Payloads {
    /** How one cell is written. */
    enum Kind { NULL, DEFAULT, VALUE }

    /**
     * One cell: {@code text} is the value's text before any quoting or escaping; {@code literal} says it may
     * be written unquoted (a number, a boolean word); {@code quotable} that it may be written quoted.
     */
    record Cell(Kind kind, Object expected, String text, boolean literal, boolean quotable) {}

    /** A payload in one format and the rows it must read as. */
    record Payload(Format format, List<ColumnInfo> columns, String data, List<Object[]> expected) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(format.canonicalName()).append(" columns=");
            for (ColumnInfo column : columns) {
                out.append(column.name()).append(':').append(column.type()).append(column.nullable() ? "?" : "")
                        .append(column.hasDefault() ? "=d" : "").append(' ');
            }
            return out.append(" data=").append(io.sluice.parser.Fuzz.preview(data)).toString();
        }
    }

    private static final String HOSTILE_CHARS = "'\"`;,\\\n\r\t\0 -/*(){}[]:.=é€\u2028";
    private static final String PLAIN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ";

    private final Random random;

    Payloads(Random random) {
        this.random = random;
    }

    /** A random payload in a random format. */
    static Payload generate(Random random) {
        Format[] formats = Format.values();
        return new Payloads(random).payload(formats[random.nextInt(formats.length)]);
    }

    Payload payload(Format format) {
        List<ColumnInfo> columns = columns();
        int rowCount = random.nextInt(6);
        List<Cell[]> rows = new ArrayList<>();
        boolean[] present = presentColumns(format, columns);
        for (int r = 0; r < rowCount; r++) {
            Cell[] row = new Cell[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = present[c] ? cell(format, columns.get(c)) : new Cell(Kind.DEFAULT, Part.DEFAULT, "", false, false);
            }
            rows.add(row);
        }
        String data = switch (format) {
            case VALUES -> values(rows);
            case CSV, CSV_WITH_NAMES -> csv(columns, rows, present, format == Format.CSV_WITH_NAMES);
            case TAB_SEPARATED, TAB_SEPARATED_WITH_NAMES -> tsv(columns, rows, present, format == Format.TAB_SEPARATED_WITH_NAMES);
            case JSON_EACH_ROW -> json(columns, rows);
        };
        List<Object[]> expected = new ArrayList<>();
        for (Cell[] row : rows) {
            Object[] values = new Object[row.length];
            for (int c = 0; c < row.length; c++) {
                values[c] = row[c].expected();
            }
            expected.add(values);
        }
        return new Payload(format, columns, data, expected);
    }

    // ------------------------------------------------------------------ tables and cells

    List<ColumnInfo> columns() {
        int count = 1 + random.nextInt(5);
        List<ColumnInfo> columns = new ArrayList<>();
        ValueType[] types = ValueType.values();
        for (int i = 0; i < count; i++) {
            ValueType type = types[random.nextInt(types.length)];
            // Names unique ignoring case (a numbered start), hostile after it.
            String name = "c" + i + (random.nextBoolean() ? "" : text(6));
            boolean nullable = random.nextInt(3) > 0;
            boolean hasDefault = random.nextInt(3) == 0;
            int maxLength = (type == ValueType.TEXT || type == ValueType.BLOB) && random.nextInt(4) == 0 ? 1 + random.nextInt(20) : -1;
            long min = Long.MIN_VALUE;
            long max = Long.MAX_VALUE;
            if (type == ValueType.INTEGER && random.nextInt(3) == 0) {
                min = random.nextBoolean() ? 0 : -128;
                max = min == 0 ? 255 : 127;
            }
            columns.add(new ColumnInfo(name, type.name(), type, nullable, hasDefault, true, maxLength, min, max));
        }
        return columns;
    }

    /** Which columns the data names: all of them, except that a WithNames header may leave out columns with a default. */
    private boolean[] presentColumns(Format format, List<ColumnInfo> columns) {
        boolean[] present = new boolean[columns.size()];
        Arrays.fill(present, true);
        if (format == Format.CSV_WITH_NAMES || format == Format.TAB_SEPARATED_WITH_NAMES) {
            int kept = 0;
            for (int c = 0; c < present.length; c++) {
                ColumnInfo column = columns.get(c);
                present[c] = !(column.nullable() || column.hasDefault()) || random.nextInt(3) > 0;
                kept += present[c] ? 1 : 0;
            }
            if (kept == 0) {
                present[0] = true;
            }
        }
        return present;
    }

    Cell cell(Format format, ColumnInfo column) {
        int choice = random.nextInt(10);
        if (choice == 0 && column.nullable()) {
            return new Cell(Kind.NULL, null, "", false, false);
        }
        boolean defaultWritable = format == Format.VALUES || format == Format.CSV || format == Format.CSV_WITH_NAMES
                || format == Format.JSON_EACH_ROW;
        if (choice == 1 && defaultWritable && (column.nullable() || column.hasDefault())) {
            return new Cell(Kind.DEFAULT, Part.DEFAULT, "", false, false);
        }
        return value(column);
    }

    /** A valid value for the column and what it converts to. */
    Cell value(ColumnInfo column) {
        switch (column.type()) {
            case INTEGER -> {
                long v = column.minValue() == Long.MIN_VALUE ? longValue() : column.minValue() + random.nextInt((int) (column.maxValue() - column.minValue() + 1));
                return new Cell(Kind.VALUE, v, Long.toString(v), true, true);
            }
            case REAL -> {
                double v = doubleValue();
                return new Cell(Kind.VALUE, v, Double.toString(v), true, true);
            }
            case NUMERIC -> {
                if (random.nextBoolean()) {
                    long v = longValue();
                    return new Cell(Kind.VALUE, v, Long.toString(v), true, true);
                }
                // Scale kept exactly; the last digit is not 0, so that the value is not integral.
                BigDecimal v = BigDecimal.valueOf(random.nextLong() / 10 * 10 + 1 + random.nextInt(9), 1 + random.nextInt(6));
                return new Cell(Kind.VALUE, v, v.toPlainString(), true, true);
            }
            case BOOLEAN -> {
                String[] words = {"true", "false", "TRUE", "False", "1", "0"};
                String word = words[random.nextInt(words.length)];
                long v = word.equalsIgnoreCase("true") || word.equals("1") ? 1L : 0L;
                return new Cell(Kind.VALUE, v, word, true, true);
            }
            case TEXT -> {
                String v = boundedText(column);
                return new Cell(Kind.VALUE, v, v, false, true);
            }
            case BLOB -> {
                String v = text(12);
                while (column.maxLength() >= 0 && v.getBytes(StandardCharsets.UTF_8).length > column.maxLength()) {
                    v = v.substring(0, v.length() - 1);
                }
                return new Cell(Kind.VALUE, v.getBytes(StandardCharsets.UTF_8), v, false, true);
            }
            case DATE -> {
                String v = date().toString();
                return new Cell(Kind.VALUE, v, v, false, true);
            }
            case TIMESTAMP -> {
                String date = date().toString();
                String time = String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60));
                StringBuilder fraction = new StringBuilder(random.nextBoolean() ? "" : ".");
                for (int digits = fraction.length() == 0 ? 0 : 1 + random.nextInt(9); digits > 0; digits--) {
                    fraction.append((char) ('0' + random.nextInt(10)));
                }
                String canonical = date + " " + time + fraction;
                String written = random.nextBoolean() ? canonical : date + "T" + time + fraction;
                return new Cell(Kind.VALUE, canonical, written, false, true);
            }
            case UUID -> {
                String v = new UUID(random.nextLong(), random.nextLong()).toString();
                return new Cell(Kind.VALUE, v, random.nextBoolean() ? v : v.toUpperCase(Locale.ROOT), false, true);
            }
            case JSON -> {
                String v = jsonDocument(2);
                return new Cell(Kind.VALUE, v, v, false, true);
            }
            default -> {
                // ANY: an integer stays a Long, a decimal a Double, quoted text a String.
                return switch (random.nextInt(3)) {
                    case 0 -> {
                        long v = longValue();
                        yield new Cell(Kind.VALUE, v, Long.toString(v), true, false);
                    }
                    case 1 -> {
                        double v = doubleValue();
                        yield new Cell(Kind.VALUE, v, Double.toString(v), true, false);
                    }
                    default -> {
                        String v = text(10);
                        if (looksNumeric(v) || v.equals("\\N")) {
                            v = "x" + v;
                        }
                        yield new Cell(Kind.VALUE, v, v, false, true);
                    }
                };
            }
        }
    }

    private long longValue() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(100);
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            default -> random.nextLong() >> random.nextInt(64);
        };
    }

    private double doubleValue() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(1000) / 8.0;
            case 1 -> new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 0.1}[random.nextInt(7)];
            case 2 -> random.nextGaussian() * 1e10;
            default -> {
                double v = Double.longBitsToDouble(random.nextLong());
                yield Double.isFinite(v) ? v : 1.5;
            }
        };
    }

    private LocalDate date() {
        return LocalDate.ofEpochDay(random.nextInt(3_000_000) - 719_162);
    }

    /** Whether ANY would read the text as a number: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?. */
    private static boolean looksNumeric(String text) {
        return text.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    }

    private String boundedText(ColumnInfo column) {
        String v = text(14);
        if (column.maxLength() >= 0) {
            while (v.codePointCount(0, v.length()) > column.maxLength()) {
                v = v.substring(0, v.length() - 1);
            }
        }
        return v;
    }

    /** Text of any characters: plain, hostile, or random UTF-16 including lone surrogates and NUL. */
    String text(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(3)) {
                case 0 -> out.append(PLAIN_CHARS.charAt(random.nextInt(PLAIN_CHARS.length())));
                case 1 -> out.append(HOSTILE_CHARS.charAt(random.nextInt(HOSTILE_CHARS.length())));
                default -> out.append((char) random.nextInt(0x10000));
            }
        }
        return out.toString();
    }

    /** A small, valid JSON document: an object, an array or a scalar, with blanks where JSON allows them. */
    String jsonDocument(int depth) {
        int choice = random.nextInt(depth > 0 ? 7 : 5);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 3 -> Double.toString(doubleValue());
            case 4 -> jsonString(text(6));
            case 5 -> {
                StringBuilder out = new StringBuilder("[");
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? ", " : "").append(jsonDocument(depth - 1));
                }
                yield out.append("]").toString();
            }
            default -> {
                StringBuilder out = new StringBuilder("{");
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(jsonString(text(4))).append(random.nextBoolean() ? ": " : ":").append(jsonDocument(depth - 1));
                }
                yield out.append(" }").toString();
            }
        };
    }

    /** A JSON string literal of {@code value}, each character plain or escaped as JSON allows. */
    String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append("\\\"");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || random.nextInt(8) == 0) {
                switch (c) {
                    case '\n' -> out.append(random.nextBoolean() ? "\\n" : "\\u000a");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '/' -> out.append("\\/");
                    default -> out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                }
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    // ------------------------------------------------------------------ writers

    private String blanks(String alphabet, int max) {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    String values(List<Cell[]> rows) {
        StringBuilder out = new StringBuilder(blanks(" \n\t\r\f", 2));
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.append(new String[] {", ", ",", "", " ", "\n,\n"}[random.nextInt(5)]);
            }
            out.append('(').append(blanks(" \n\t", 2));
            Cell[] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    out.append(blanks(" \n\t", 1)).append(',').append(blanks(" \n\t", 2));
                }
                Cell cell = row[c];
                switch (cell.kind()) {
                    case NULL -> out.append(random.nextBoolean() ? "NULL" : "null");
                    case DEFAULT -> out.append(random.nextBoolean() ? "DEFAULT" : "default");
                    default -> {
                        boolean quoted = !cell.literal() || (cell.quotable() && random.nextInt(4) == 0);
                        out.append(quoted ? valuesString(cell.text()) : cell.text());
                    }
                }
            }
            out.append(blanks(" \n\t", 2)).append(')');
        }
        if (random.nextInt(4) == 0) {
            out.append(blanks(" \n", 1)).append(';');
        }
        return out.append(blanks(" \n\t", 2)).toString();
    }

    /** A Values string literal: quotes doubled or escaped, backslashes escaped, other characters plain or escaped. */
    String valuesString(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> out.append(random.nextBoolean() ? "''" : "\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append(random.nextBoolean() ? "\\n" : "\n");
                case '\t' -> out.append(random.nextBoolean() ? "\\t" : "\t");
                case '\0' -> out.append(random.nextBoolean() ? "\\0" : "\0");
                default -> out.append(c < 0x100 && random.nextInt(8) == 0 ? String.format("\\x%02X", (int) c) : String.valueOf(c));
            }
        }
        return out.append('\'').toString();
    }

    String csv(List<ColumnInfo> columns, List<Cell[]> rows, boolean[] present, boolean withNames) {
        StringBuilder out = new StringBuilder();
        String lineBreak = random.nextBoolean() ? "\n" : "\r\n";
        if (withNames) {
            boolean first = true;
            for (int c = 0; c < columns.size(); c++) {
                if (present[c]) {
                    out.append(first ? "" : ",").append(csvQuoted(columns.get(c).name()));
                    first = false;
                }
            }
            out.append(lineBreak);
        }
        for (Cell[] row : rows) {
            boolean first = true;
            boolean blankLine = true;
            int start = out.length();
            for (int c = 0; c < row.length; c++) {
                if (!present[c]) {
                    continue;
                }
                out.append(first ? "" : ",").append(blanks(" \t", 1));
                first = false;
                Cell cell = row[c];
                switch (cell.kind()) {
                    case NULL -> {
                        out.append("\\N");
                        blankLine = false;
                    }
                    case DEFAULT -> { }
                    default -> {
                        boolean quoted = !cell.literal() || (cell.quotable() && random.nextInt(4) == 0) || cell.text().isEmpty()
                                || cell.text().equals("\\N") || !csvRawSafe(cell.text());
                        out.append(quoted ? csvQuoted(cell.text()) : cell.text());
                        blankLine = false;
                    }
                }
                out.append(blanks(" \t", 1));
            }
            if (blankLine) {
                // A row of nothing but defaults would be a blank line, which CSV does not keep: write one default as "".
                out.setLength(start);
                boolean firstField = true;
                for (int c = 0; c < row.length; c++) {
                    if (present[c]) {
                        out.append(firstField ? "" : ",");
                        firstField = false;
                    }
                }
                if (out.length() == start) {
                    row[firstPresent(present)] = blankLineReplacement(columns.get(firstPresent(present)));
                    Cell replacement = row[firstPresent(present)];
                    out.append(replacement.kind() == Kind.NULL ? "\\N" : csvQuoted(replacement.text()));
                }
            }
            out.append(lineBreak);
        }
        if (random.nextBoolean() && out.length() >= lineBreak.length()) {
            // The last line break is optional, and blank lines at the very end make no rows.
            out.setLength(out.length() - lineBreak.length());
            out.append(random.nextBoolean() ? "" : lineBreak + lineBreak + " ");
        }
        return out.toString();
    }

    private static int firstPresent(boolean[] present) {
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                return c;
            }
        }
        return 0;
    }

    /** For a one-column CSV row of just a default: NULL if the column takes it, else a value. */
    private Cell blankLineReplacement(ColumnInfo column) {
        if (column.nullable()) {
            return new Cell(Kind.NULL, null, "", false, false);
        }
        Cell cell = value(column);
        while (!cell.quotable()) {
            cell = value(column);
        }
        return cell;
    }

    private static boolean csvRawSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\'' || c == '\n' || c == '\r') {
                return false;
            }
        }
        return !text.isEmpty() && text.charAt(0) != ' ' && text.charAt(0) != '\t'
                && text.charAt(text.length() - 1) != ' ' && text.charAt(text.length() - 1) != '\t';
    }

    private String csvQuoted(String value) {
        char quote = random.nextInt(4) == 0 ? '\'' : '"';
        return quote + value.replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
    }

    String tsv(List<ColumnInfo> columns, List<Cell[]> rows, boolean[] present, boolean withNames) {
        StringBuilder out = new StringBuilder();
        if (withNames) {
            boolean first = true;
            for (int c = 0; c < columns.size(); c++) {
                if (present[c]) {
                    out.append(first ? "" : "\t").append(tsvEscaped(columns.get(c).name()));
                    first = false;
                }
            }
            out.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        for (Cell[] row : rows) {
            boolean first = true;
            for (int c = 0; c < row.length; c++) {
                if (!present[c]) {
                    continue;
                }
                out.append(first ? "" : "\t");
                first = false;
                Cell cell = row[c];
                out.append(cell.kind() == Kind.NULL ? "\\N" : tsvEscaped(cell.text()));
            }
            out.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return out.toString();
    }

    /** A TabSeparated field: backslash, tab and line breaks escaped; other characters plain or escaped. */
    String tsvEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append(random.nextBoolean() ? "\\t" : "\\\t");
                case '\n' -> out.append(random.nextBoolean() ? "\\n" : "\\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append(random.nextBoolean() ? "\\0" : "\0");
                case '\'' -> out.append(random.nextBoolean() ? "\\'" : "'");
                default -> out.append(c < 0x100 && random.nextInt(8) == 0 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    String json(List<ColumnInfo> columns, List<Cell[]> rows) {
        boolean array = random.nextInt(4) == 0;
        StringBuilder out = new StringBuilder(array ? "[" : "").append(blanks(" \n\t\r", 2));
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.append(array ? "," : new String[] {"\n", " ", ",\n", "", "\r\n"}[random.nextInt(5)]).append(blanks(" \n", 1));
            }
            Cell[] row = rows.get(r);
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                order.add(c);
            }
            java.util.Collections.shuffle(order, random);
            out.append('{');
            boolean first = true;
            for (int c : order) {
                Cell cell = row[c];
                if (cell.kind() == Kind.DEFAULT) {
                    continue;
                }
                out.append(first ? "" : ",").append(blanks(" \n\t", 1)).append(jsonString(columns.get(c).name()))
                        .append(blanks(" ", 1)).append(':').append(blanks(" ", 1));
                first = false;
                if (cell.kind() == Kind.NULL) {
                    out.append("null");
                } else {
                    out.append(jsonValue(columns.get(c), cell));
                }
            }
            out.append(blanks(" \n", 1)).append('}');
        }
        return out.append(blanks(" \n", 2)).append(array ? "]" : "").toString();
    }

    private String jsonValue(ColumnInfo column, Cell cell) {
        String text = cell.text();
        if (column.type() == ValueType.JSON) {
            boolean structured = text.startsWith("[") || text.startsWith("{");
            return structured && random.nextBoolean() ? text : jsonString(text);
        }
        if (column.type() == ValueType.BOOLEAN) {
            return text.equals("true") || text.equals("false") || text.equals("1") || text.equals("0") ? text : jsonString(text);
        }
        if (cell.literal() && (!cell.quotable() || random.nextBoolean())) {
            return text;
        }
        return jsonString(text);
    }
}

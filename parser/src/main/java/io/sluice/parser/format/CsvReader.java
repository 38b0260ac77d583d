package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import java.util.List;

/**
 * CSV as ClickHouse reads it: RFC 4180 (fields separated by ',', rows by LF or CRLF, double-quoted fields
 * with doubled quotes inside) plus single-quoted fields, an unquoted {@code \N} for NULL, an empty
 * unquoted field for the column's default, and spaces and tabs around fields trimmed. Blank lines at the
 * very end make no rows. CSVWithNames starts with a header naming the columns of each field: a subset of
 * the insert columns in any order (matched ignoring case); columns it leaves out get their default. Hot
 * path. Stateless and thread-safe.
 */
final class CsvReader implements FormatReader {
    static final CsvReader PLAIN = new CsvReader(false);
    static final CsvReader WITH_NAMES = new CsvReader(true);

    private final boolean withNames;

    private CsvReader(boolean withNames) {
        this.withNames = withNames;
    }

    @Override
    public int read(String data, int start, List<ColumnInfo> columns, RowSink sink) throws DataParseException {
        return new Run(data, start, columns).read(withNames, sink);
    }

    /** The state of one read. */
    private static final class Run {
        private static final int RAW = 0;
        private static final int QUOTED = 1;
        private static final int NULL = 2;
        private static final int DEFAULT = 3;

        private final String data;
        private final int end;
        private final List<ColumnInfo> columns;
        private final ColumnInfo[] targets;
        private int pos;
        private StringBuilder buffer;

        /** The last field read: its kind and text. */
        private int kind;
        private CharSequence text;
        private int from;
        private int to;

        Run(String data, int start, List<ColumnInfo> columns) {
            this.data = data;
            this.pos = start;
            this.columns = columns;
            this.targets = columns.toArray(new ColumnInfo[0]);
            int trimmed = data.length();
            while (trimmed > start && isBlankOrBreak(data.charAt(trimmed - 1))) {
                trimmed--;
            }
            this.end = trimmed;
        }

        int read(boolean withNames, RowSink sink) throws DataParseException {
            if (pos >= end) {
                return 0;
            }
            int[] fieldColumns;
            if (withNames) {
                fieldColumns = readHeader();
                if (pos >= end) {
                    return 0;
                }
            } else {
                fieldColumns = ColumnLookup.inOrder(targets.length);
            }
            boolean[] named = ColumnLookup.named(fieldColumns, targets.length);
            int row = 0;
            while (pos < end) {
                row++;
                sink.accept(readRow(fieldColumns, named, row));
            }
            return row;
        }

        private Object[] readRow(int[] fieldColumns, boolean[] named, int row) throws DataParseException {
            Object[] values = new Object[targets.length];
            int field = 0;
            while (true) {
                ColumnInfo column = field < fieldColumns.length ? targets[fieldColumns[field]] : null;
                readField(column, row);
                if (column != null) {
                    values[fieldColumns[field]] = value(column, row);
                }
                field++;
                if (pos < end && data.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                skipLineBreak();
                break;
            }
            if (field != fieldColumns.length) {
                throw Errors.input(row, null, "expected " + fieldColumns.length + " fields, found " + field);
            }
            for (int i = 0; i < targets.length; i++) {
                if (!named[i]) {
                    values[i] = ValueConverter.defaultValue(targets[i], row);
                }
            }
            return values;
        }

        private Object value(ColumnInfo column, int row) throws DataParseException {
            return switch (kind) {
                case NULL -> ValueConverter.nullValue(column, row);
                case DEFAULT -> ValueConverter.defaultValue(column, row);
                case QUOTED -> ValueConverter.fromText(text, from, to, TextKind.QUOTED, column, row);
                default -> ValueConverter.fromText(text, from, to, TextKind.RAW, column, row);
            };
        }

        /** The header: for each field, the index of the insert column it names. */
        private int[] readHeader() throws DataParseException {
            int[] fieldColumns = new int[targets.length];
            int count = 0;
            ColumnLookup lookup = new ColumnLookup(columns);
            while (true) {
                readField(null, 0);
                int index = lookup.indexOf(text, from, to);
                String name = text.subSequence(from, to).toString();
                if (index < 0) {
                    throw Errors.unknownColumn(0, name, "in the CSVWithNames header", columns);
                }
                for (int i = 0; i < count; i++) {
                    if (fieldColumns[i] == index) {
                        throw Errors.duplicateColumn(0, name, "in the CSVWithNames header");
                    }
                }
                fieldColumns[count++] = index;
                if (pos < end && data.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                skipLineBreak();
                break;
            }
            return java.util.Arrays.copyOf(fieldColumns, count);
        }

        /** Reads one field, leaving the position at the ',' or line break after it (or the end). */
        private void readField(ColumnInfo column, int row) throws DataParseException {
            skipSpaces();
            if (pos < end && (data.charAt(pos) == '"' || data.charAt(pos) == '\'')) {
                readQuoted(column, row);
                skipSpaces();
                if (pos < end && data.charAt(pos) != ',' && !isBreak(data.charAt(pos))) {
                    throw Errors.input(row, column, "expected ',' or a line break after the quoted value"
                            + (column == null ? "" : " of column " + column.name()) + ", found " + Errors.found(data, pos, end));
                }
                return;
            }
            int start = pos;
            while (pos < end && data.charAt(pos) != ',' && !isBreak(data.charAt(pos))) {
                pos++;
            }
            int stop = pos;
            while (stop > start && isSpace(data.charAt(stop - 1))) {
                stop--;
            }
            text = data;
            from = start;
            to = stop;
            if (stop == start) {
                kind = DEFAULT;
            } else if (stop - start == 2 && data.charAt(start) == '\\' && data.charAt(start + 1) == 'N') {
                kind = NULL;
            } else {
                kind = RAW;
            }
        }

        private void readQuoted(ColumnInfo column, int row) throws DataParseException {
            char quote = data.charAt(pos);
            int open = pos;
            boolean doubled = false;
            int i = open + 1;
            while (true) {
                if (i >= end) {
                    throw Errors.unterminatedString(row, column);
                }
                if (data.charAt(i) == quote) {
                    if (i + 1 < end && data.charAt(i + 1) == quote) {
                        doubled = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            kind = QUOTED;
            if (doubled) {
                if (buffer == null) {
                    buffer = new StringBuilder();
                }
                buffer.setLength(0);
                for (int k = open + 1; k < i; k++) {
                    char c = data.charAt(k);
                    buffer.append(c);
                    if (c == quote) {
                        k++;
                    }
                }
                text = buffer;
                from = 0;
                to = buffer.length();
            } else {
                text = data;
                from = open + 1;
                to = i;
            }
            pos = i + 1;
        }

        private void skipLineBreak() {
            if (pos < end && data.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < end && data.charAt(pos) == '\n') {
                pos++;
            }
        }

        private void skipSpaces() {
            while (pos < end && isSpace(data.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isBreak(char c) {
            return c == '\n' || c == '\r';
        }

        private static boolean isBlankOrBreak(char c) {
            return isSpace(c) || isBreak(c);
        }
    }
}

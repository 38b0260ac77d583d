package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import java.util.Arrays;
import java.util.List;

/**
 * TabSeparated as ClickHouse reads it: fields separated by tabs, rows by LF (CRLF accepted), backslash
 * escapes inside fields ({@code \t \n \\ \r \0 \'}…, and a backslash before a real tab or line break
 * keeps it in the field), {@code \N} for NULL. An empty field is the empty string, not the default. One
 * line break at the very end makes no row. TabSeparatedWithNames starts with a header naming the column
 * of each field, as CSVWithNames does. Hot path. Stateless and thread-safe.
 */
final class TsvReader implements FormatReader {
    static final TsvReader PLAIN = new TsvReader(false);
    static final TsvReader WITH_NAMES = new TsvReader(true);

    private final boolean withNames;

    private TsvReader(boolean withNames) {
        this.withNames = withNames;
    }

    @Override
    public int read(String data, int start, List<ColumnInfo> columns, RowSink sink) throws DataParseException {
        return new Run(data, start, columns).read(withNames, sink);
    }

    /** The state of one read. */
    private static final class Run {
        private final String data;
        private final int end;
        private final List<ColumnInfo> columns;
        private final ColumnInfo[] targets;
        private int pos;
        private StringBuilder buffer;

        /** The last field read: NULL or its text. */
        private boolean isNull;
        private CharSequence text;
        private int from;
        private int to;

        Run(String data, int start, List<ColumnInfo> columns) {
            this.data = data;
            this.pos = start;
            this.columns = columns;
            this.targets = columns.toArray(new ColumnInfo[0]);
            // No trimming: a row's line break is consumed with it, so a final line break makes no row,
            // while an empty line before it is a row (of one empty field).
            this.end = data.length();
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
                readField();
                if (field < fieldColumns.length) {
                    ColumnInfo column = targets[fieldColumns[field]];
                    values[fieldColumns[field]] = isNull
                            ? ValueConverter.nullValue(column, row)
                            : ValueConverter.fromText(text, from, to, TextKind.RAW, column, row);
                }
                field++;
                if (pos < end && data.charAt(pos) == '\t') {
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

        private int[] readHeader() throws DataParseException {
            int[] fieldColumns = new int[targets.length];
            int count = 0;
            ColumnLookup lookup = new ColumnLookup(columns);
            while (true) {
                readField();
                int index = lookup.indexOf(text, from, to);
                String name = text.subSequence(from, to).toString();
                if (index < 0) {
                    throw Errors.unknownColumn(0, name, "in the TabSeparatedWithNames header", columns);
                }
                for (int i = 0; i < count; i++) {
                    if (fieldColumns[i] == index) {
                        throw Errors.duplicateColumn(0, name, "in the TabSeparatedWithNames header");
                    }
                }
                fieldColumns[count++] = index;
                if (pos < end && data.charAt(pos) == '\t') {
                    pos++;
                    continue;
                }
                skipLineBreak();
                break;
            }
            return Arrays.copyOf(fieldColumns, count);
        }

        /** Reads one field, leaving the position at the tab or line break after it (or the end). */
        private void readField() {
            int start = pos;
            boolean escaped = false;
            while (pos < end) {
                char c = data.charAt(pos);
                if (c == '\\') {
                    escaped = true;
                    pos = Math.min(pos + 2, end);
                } else if (c == '\t' || c == '\n' || (c == '\r' && (pos + 1 == end || data.charAt(pos + 1) == '\n'))) {
                    break;
                } else {
                    pos++;
                }
            }
            isNull = pos - start == 2 && data.charAt(start) == '\\' && data.charAt(start + 1) == 'N';
            if (escaped && !isNull) {
                if (buffer == null) {
                    buffer = new StringBuilder();
                }
                buffer.setLength(0);
                Escapes.unescape(data, start, pos, (char) 0, buffer);
                text = buffer;
                from = 0;
                to = buffer.length();
            } else {
                text = data;
                from = start;
                to = pos;
            }
        }

        private void skipLineBreak() {
            if (pos < end && data.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < end && data.charAt(pos) == '\n') {
                pos++;
            }
        }
    }
}

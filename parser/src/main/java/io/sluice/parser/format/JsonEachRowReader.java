package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ValueType;
import java.util.List;

/**
 * JSONEachRow: one JSON object per row, separated by blanks or line breaks (a comma between objects and
 * an enclosing {@code [ ]} are accepted too). Keys name insert columns, ignoring case; a key the row
 * leaves out gives the column its default; an unknown key is an error. JSON {@code null} is NULL; strings
 * are quoted text, numbers and {@code true}/{@code false} literals; a nested object or array is accepted
 * only by TEXT, JSON and ANY columns, as its JSON text. Hot path. Stateless and thread-safe.
 */
final class JsonEachRowReader implements FormatReader {
    static final JsonEachRowReader INSTANCE = new JsonEachRowReader();

    /** Marks a column the row has not set yet; JSON null is a real value. */
    private static final Object UNSET = new Object();

    private JsonEachRowReader() {}

    @Override
    public int read(String data, int start, List<ColumnInfo> columns, RowSink sink) throws DataParseException {
        ColumnInfo[] targets = columns.toArray(new ColumnInfo[0]);
        ColumnLookup lookup = new ColumnLookup(columns);
        JsonScanner in = new JsonScanner(data, start, data.length());
        int row = 0;
        try {
            in.skipWhitespace();
            boolean array = !in.atEnd() && in.peek() == '[';
            if (array) {
                in.advance();
                in.skipWhitespace();
            }
            while (!in.atEnd()) {
                char c = in.peek();
                if (array && c == ']') {
                    in.advance();
                    in.skipWhitespace();
                    if (!in.atEnd()) {
                        throw Errors.json(Math.max(row, 1), null, "expected end of data after ']', found " + Errors.found(data, in.position(), data.length()));
                    }
                    return row;
                }
                row++;
                if (c != '{') {
                    throw Errors.json(row, null, "expected '{' at the start of the row, found " + Errors.found(data, in.position(), data.length()));
                }
                sink.accept(readObject(in, data, targets, lookup, columns, row));
                in.skipWhitespace();
                if (!in.atEnd() && in.peek() == ',') {
                    in.advance();
                    in.skipWhitespace();
                    if (in.atEnd() || in.peek() != '{') {
                        throw Errors.json(row, null, "expected '{' after ',', found " + Errors.found(data, in.position(), data.length()));
                    }
                }
            }
            if (array) {
                throw Errors.json(Math.max(row, 1), null, "expected ']' at the end of the array, found end of data");
            }
            return row;
        } catch (JsonScanner.SyntaxException e) {
            throw Errors.json(Math.max(row, 1), null, e.getMessage());
        }
    }

    private static Object[] readObject(JsonScanner in, String data, ColumnInfo[] targets, ColumnLookup lookup, List<ColumnInfo> columns, int row)
            throws DataParseException, JsonScanner.SyntaxException {
        Object[] values = new Object[targets.length];
        java.util.Arrays.fill(values, UNSET);
        in.advance();
        in.skipWhitespace();
        if (!in.atEnd() && in.peek() == '}') {
            in.advance();
        } else {
            while (true) {
                if (in.atEnd() || in.peek() != '"') {
                    throw Errors.json(row, null, "expected a key, found " + Errors.found(data, in.position(), data.length()));
                }
                in.readString();
                // An escaped key is copied out of the scanner's buffer, which the value's own unescaping reuses.
                CharSequence key = in.stringEscaped() ? in.unescapedString().toString() : data;
                int keyFrom = in.stringEscaped() ? 0 : in.stringFrom();
                int keyTo = in.stringEscaped() ? key.length() : in.stringTo();
                int index = lookup.indexOf(key, keyFrom, keyTo);
                if (index < 0) {
                    throw Errors.unknownColumn(row, key.subSequence(keyFrom, keyTo).toString(), "at row " + row, columns);
                }
                ColumnInfo column = targets[index];
                if (values[index] != UNSET) {
                    throw Errors.json(row, column.name(), "duplicate key " + Errors.show(key, keyFrom, keyTo));
                }
                in.skipWhitespace();
                expect(in, ':', "after key ", key, keyFrom, keyTo);
                in.skipWhitespace();
                values[index] = readValue(in, data, column, row);
                in.skipWhitespace();
                if (!in.atEnd() && in.peek() == ',') {
                    in.advance();
                    in.skipWhitespace();
                    continue;
                }
                expect(in, '}', "or ',' after the value of key ", key, keyFrom, keyTo);
                break;
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == UNSET) {
                values[i] = ValueConverter.defaultValue(targets[i], row);
            }
        }
        return values;
    }

    /** Consumes {@code expected}, or fails naming the key; the message is built only on failure (hot path). */
    private static void expect(JsonScanner in, char expected, String context, CharSequence key, int keyFrom, int keyTo)
            throws JsonScanner.SyntaxException {
        if (in.atEnd() || in.peek() != expected) {
            in.expect(expected, context + Errors.show(key, keyFrom, keyTo));
        }
        in.advance();
    }

    private static Object readValue(JsonScanner in, String data, ColumnInfo column, int row) throws DataParseException, JsonScanner.SyntaxException {
        if (in.atEnd()) {
            throw Errors.json(row, column.name(), "expected a value for key " + column.name() + ", found end of data");
        }
        int start = in.position();
        char c = in.peek();
        switch (c) {
            case '"' -> {
                in.readString();
                if (in.stringEscaped()) {
                    CharSequence value = in.unescapedString();
                    return ValueConverter.fromText(value, 0, value.length(), TextKind.QUOTED, column, row);
                }
                return ValueConverter.fromText(data, in.stringFrom(), in.stringTo(), TextKind.QUOTED, column, row);
            }
            case 'n' -> {
                in.readWord("null");
                return ValueConverter.nullValue(column, row);
            }
            case 't' -> in.readWord("true");
            case 'f' -> in.readWord("false");
            case '{', '[' -> {
                in.skipValue();
                ValueType type = column.type();
                if (type != ValueType.TEXT && type != ValueType.JSON && type != ValueType.ANY) {
                    throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, data, start, in.position(),
                            "a JSON " + (c == '{' ? "object" : "array") + " fits only TEXT, JSON and ANY columns");
                }
                return ValueConverter.fromText(data, start, in.position(), TextKind.QUOTED, column, row);
            }
            default -> {
                if (c != '-' && !Numbers.isDigit(c)) {
                    throw Errors.json(row, column.name(), "expected a value for key " + column.name() + ", found " + Errors.found(data, start, data.length()));
                }
                in.readNumber();
            }
        }
        return ValueConverter.fromText(data, start, in.position(), TextKind.LITERAL, column, row);
    }
}

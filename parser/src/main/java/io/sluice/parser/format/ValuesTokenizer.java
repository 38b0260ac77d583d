package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;

/**
 * Reads the literals of ClickHouse's Values format one at a time: quoted strings (backslash escapes,
 * doubled quotes), numbers, {@code NULL}, {@code true}/{@code false}, {@code DEFAULT} (any case) and, for
 * prepared statements, {@code ?}. Anything else is an expression, which Sluice does not evaluate. Shared
 * by {@link ValuesReader} and {@link ValuesTemplate}. Hot path: a string without escapes is reported as a
 * region of the input, not copied.
 *
 * <p>Not thread-safe: one instance reads one text.
 */
final class ValuesTokenizer {
    static final int STRING = 0;
    static final int LITERAL = 1;
    static final int NULL = 2;
    static final int DEFAULT = 3;
    static final int PLACEHOLDER = 4;

    private final String data;
    private final int end;
    private final boolean placeholders;
    private int pos;
    private StringBuilder buffer;

    /** The last value: its kind and its text as {@code text[from, to)}. */
    private int kind;
    private CharSequence text;
    private int from;
    private int to;

    ValuesTokenizer(String data, int start, boolean placeholders) {
        this.data = data;
        this.end = data.length();
        this.pos = start;
        this.placeholders = placeholders;
    }

    void skipBlanks() {
        while (pos < end && isBlank(data.charAt(pos))) {
            pos++;
        }
    }

    boolean atEnd() {
        return pos >= end;
    }

    char peek() {
        return data.charAt(pos);
    }

    void advance() {
        pos++;
    }

    /** What stands at the position, for "found …" in messages. */
    String found() {
        return Errors.found(data, pos, end);
    }

    int kind() {
        return kind;
    }

    CharSequence text() {
        return text;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    /**
     * Reads the value at the position (blanks skipped before), then skips the blanks after it. The next
     * character is then ',' or ')' or the end of the data; anything else means the value was the start of
     * an expression.
     *
     * @param column the column the value is for, or {@code null} when unknown, for messages
     */
    void readValue(ColumnInfo column, int row) throws DataParseException {
        int start = pos;
        char c = data.charAt(pos);
        if (c == '\'') {
            readString(column, row);
        } else if (Numbers.isDigit(c) || c == '-' || c == '+' || c == '.') {
            int numberEnd = Numbers.numberEnd(data, pos, end);
            if (numberEnd == pos) {
                throw expression(column, row, start);
            }
            region(LITERAL, pos, numberEnd);
            pos = numberEnd;
        } else if (isWordStart(c)) {
            int wordEnd = pos + 1;
            while (wordEnd < end && isWordPart(data.charAt(wordEnd))) {
                wordEnd++;
            }
            if (ValueConverter.equalsIgnoreCase(data, pos, wordEnd, "null")) {
                region(NULL, pos, wordEnd);
            } else if (ValueConverter.equalsIgnoreCase(data, pos, wordEnd, "true")
                    || ValueConverter.equalsIgnoreCase(data, pos, wordEnd, "false")) {
                region(LITERAL, pos, wordEnd);
            } else if (ValueConverter.equalsIgnoreCase(data, pos, wordEnd, "default")) {
                region(DEFAULT, pos, wordEnd);
            } else {
                throw expression(column, row, start);
            }
            pos = wordEnd;
        } else if (c == '?' && placeholders) {
            region(PLACEHOLDER, pos, pos + 1);
            pos++;
        } else {
            throw expression(column, row, start);
        }
        skipBlanks();
        if (pos < end && data.charAt(pos) != ',' && data.charAt(pos) != ')') {
            throw expression(column, row, start);
        }
    }

    private void readString(ColumnInfo column, int row) throws DataParseException {
        int open = pos;
        boolean escaped = false;
        int i = open + 1;
        while (true) {
            if (i >= end) {
                throw Errors.unterminatedString(row, column);
            }
            char c = data.charAt(i);
            if (c == '\\') {
                escaped = true;
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < end && data.charAt(i + 1) == '\'') {
                    escaped = true;
                    i += 2;
                } else {
                    break;
                }
            } else {
                i++;
            }
        }
        if (escaped) {
            if (buffer == null) {
                buffer = new StringBuilder();
            }
            buffer.setLength(0);
            Escapes.unescape(data, open + 1, i, '\'', buffer);
            kind = STRING;
            text = buffer;
            from = 0;
            to = buffer.length();
        } else {
            region(STRING, open + 1, i);
        }
        pos = i + 1;
    }

    private void region(int valueKind, int valueFrom, int valueTo) {
        kind = valueKind;
        text = data;
        from = valueFrom;
        to = valueTo;
    }

    /** The expression starting at {@code start}, up to the ',' or ')' that ends it, for the message. */
    private DataParseException expression(ColumnInfo column, int row, int start) {
        int depth = 0;
        int i = start;
        while (i < end) {
            char c = data.charAt(i);
            if (c == '\'') {
                i++;
                while (i < end && data.charAt(i) != '\'') {
                    i += data.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' || c == ',') {
                if (depth == 0) {
                    break;
                }
                if (c == ')') {
                    depth--;
                }
            }
            i++;
        }
        int stop = Math.min(i, end);
        while (stop > start && isBlank(data.charAt(stop - 1))) {
            stop--;
        }
        return Errors.expression(column, row, data, start, stop);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || Numbers.isDigit(c);
    }
}

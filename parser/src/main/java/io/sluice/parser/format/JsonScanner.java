package io.sluice.parser.format;

/**
 * A small hand-written JSON scanner (RFC 8259) over a region of text: it checks syntax and reports where
 * values are; it builds no tree. Strings are unescaped only on request, into a reused buffer. Hot path for
 * JSONEachRow.
 *
 * <p>Not thread-safe: one instance scans one text.
 */
final class JsonScanner {
    /** Deeper nesting is refused rather than risking the stack. */
    private static final int MAX_DEPTH = 512;

    /** A JSON syntax error; without a stack trace, as it is turned into a {@link DataParseException} at once. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final CharSequence text;
    private final int end;
    private int pos;
    private StringBuilder buffer;

    /** Start and end of the last string's content (between its quotes), and whether it had escapes. */
    private int stringFrom;
    private int stringTo;
    private boolean stringEscaped;

    JsonScanner(CharSequence text, int from, int to) {
        this.text = text;
        this.pos = from;
        this.end = to;
    }

    /** Whether {@code text[from, to)} is exactly one JSON value, blanks around it allowed. */
    static boolean isValid(CharSequence text, int from, int to) {
        return problem(text, from, to) == null;
    }

    /** What makes {@code text[from, to)} other than exactly one JSON value, or {@code null} when it is one. */
    static String problem(CharSequence text, int from, int to) {
        JsonScanner scanner = new JsonScanner(text, from, to);
        try {
            scanner.skipWhitespace();
            scanner.skipValue();
            scanner.skipWhitespace();
            return scanner.atEnd() ? null : "unexpected " + Errors.found(text, scanner.pos, to) + " after the value";
        } catch (SyntaxException e) {
            return e.getMessage();
        }
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The character at the position; only when not {@link #atEnd()}. */
    char peek() {
        return text.charAt(pos);
    }

    void advance() {
        pos++;
    }

    void skipWhitespace() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** Consumes {@code expected} or fails saying what was expected {@code context}. */
    void expect(char expected, String context) throws SyntaxException {
        if (pos >= end || text.charAt(pos) != expected) {
            throw new SyntaxException("expected '" + expected + "' " + context + ", found " + Errors.found(text, pos, end));
        }
        pos++;
    }

    /** At a '"': consumes the string; its content is then {@link #stringFrom()}..{@link #stringTo()}. */
    void readString() throws SyntaxException {
        pos++;
        stringFrom = pos;
        stringEscaped = false;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                stringTo = pos;
                pos++;
                return;
            }
            if (c == '\\') {
                stringEscaped = true;
                pos = escapeEnd(pos);
            } else if (c < 0x20) {
                throw new SyntaxException("control character U+" + String.format("%04X", (int) c) + " must be escaped in a string");
            } else {
                pos++;
            }
        }
        throw new SyntaxException("string has no closing quote");
    }

    int stringFrom() {
        return stringFrom;
    }

    int stringTo() {
        return stringTo;
    }

    boolean stringEscaped() {
        return stringEscaped;
    }

    /** The last string's content with escapes resolved, in a buffer reused by the next call. */
    CharSequence unescapedString() {
        if (buffer == null) {
            buffer = new StringBuilder();
        }
        buffer.setLength(0);
        int i = stringFrom;
        while (i < stringTo) {
            char c = text.charAt(i);
            if (c != '\\') {
                buffer.append(c);
                i++;
                continue;
            }
            char escaped = text.charAt(i + 1);
            i += 2;
            switch (escaped) {
                case 'b' -> buffer.append('\b');
                case 'f' -> buffer.append('\f');
                case 'n' -> buffer.append('\n');
                case 'r' -> buffer.append('\r');
                case 't' -> buffer.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = i; k < i + 4; k++) {
                        code = code * 16 + Escapes.hexValue(text.charAt(k));
                    }
                    buffer.append((char) code);
                    i += 4;
                }
                default -> buffer.append(escaped); // " \ /
            }
        }
        return buffer;
    }

    /** At the first character of a number: consumes it, checking JSON's number syntax. */
    void readNumber() throws SyntaxException {
        int start = pos;
        if (pos < end && text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < end && text.charAt(pos) == '0') {
            pos++;
        } else if (!skipDigits()) {
            throw new SyntaxException("invalid number " + Errors.show(text, start, Math.min(end, pos + 1)));
        }
        if (pos < end && text.charAt(pos) == '.') {
            pos++;
            if (!skipDigits()) {
                throw new SyntaxException("invalid number " + Errors.show(text, start, Math.min(end, pos + 1)));
            }
        }
        if (pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!skipDigits()) {
                throw new SyntaxException("invalid number " + Errors.show(text, start, Math.min(end, pos + 1)));
            }
        }
    }

    /** Consumes {@code word} ({@code true}, {@code false}, {@code null}) or fails. */
    void readWord(String word) throws SyntaxException {
        int length = word.length();
        if (pos + length > end || !regionEquals(pos, word)) {
            int stop = pos;
            while (stop < end && Character.isLetterOrDigit(text.charAt(stop))) {
                stop++;
            }
            throw new SyntaxException("unexpected " + Errors.show(text, pos, Math.max(stop, pos + 1)));
        }
        pos += length;
    }

    /** Consumes any value: object, array, string, number, true, false or null. */
    void skipValue() throws SyntaxException {
        skipValue(0);
    }

    private void skipValue(int depth) throws SyntaxException {
        if (pos >= end) {
            throw new SyntaxException("expected a value, found end of data");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case '"' -> readString();
            case 't' -> readWord("true");
            case 'f' -> readWord("false");
            case 'n' -> readWord("null");
            default -> {
                if (c == '-' || Numbers.isDigit(c)) {
                    readNumber();
                } else {
                    throw new SyntaxException("expected a value, found " + Errors.found(text, pos, end));
                }
            }
        }
    }

    private void skipObject(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++;
        skipWhitespace();
        if (pos < end && text.charAt(pos) == '}') {
            pos++;
            return;
        }
        while (true) {
            if (pos >= end || text.charAt(pos) != '"') {
                throw new SyntaxException("expected a key, found " + Errors.found(text, pos, end));
            }
            readString();
            skipWhitespace();
            expect(':', "after a key");
            skipWhitespace();
            skipValue(depth);
            skipWhitespace();
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
                skipWhitespace();
                continue;
            }
            expect('}', "or ',' in an object");
            return;
        }
    }

    private void skipArray(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++;
        skipWhitespace();
        if (pos < end && text.charAt(pos) == ']') {
            pos++;
            return;
        }
        while (true) {
            skipValue(depth);
            skipWhitespace();
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
                skipWhitespace();
                continue;
            }
            expect(']', "or ',' in an array");
            return;
        }
    }

    private void checkDepth(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw new SyntaxException("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private int escapeEnd(int backslash) throws SyntaxException {
        if (backslash + 1 >= end) {
            throw new SyntaxException("string has no closing quote");
        }
        char c = text.charAt(backslash + 1);
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return backslash + 2;
            }
            case 'u' -> {
                for (int i = backslash + 2; i < backslash + 6; i++) {
                    if (i >= end || Escapes.hexValue(text.charAt(i)) < 0) {
                        throw new SyntaxException("invalid escape " + Errors.show(text, backslash, Math.min(end, backslash + 6)) + " in a string");
                    }
                }
                return backslash + 6;
            }
            default -> throw new SyntaxException("invalid escape " + Errors.show(text, backslash, backslash + 2) + " in a string");
        }
    }

    private boolean skipDigits() {
        int start = pos;
        while (pos < end && Numbers.isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private boolean regionEquals(int at, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (text.charAt(at + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

package io.sluice.parser.format;

/**
 * Tells whether an INSERT's VALUES data is what Sluice buffers: tuples of literals (and, when prepared,
 * {@code ?} placeholders), separated by commas or by nothing, optionally ending with {@code ;}. Data with an
 * expression ({@code now()}, {@code CURRENT_TIMESTAMP}, a cast such as {@code ?::jsonb}, a function call)
 * or with anything after its rows (PostgreSQL's {@code ON CONFLICT} and {@code RETURNING}, MariaDB's
 * {@code ON DUPLICATE KEY UPDATE}, a second statement) is the target database's SQL, which Sluice cannot
 * evaluate. Data that is merely malformed (an unclosed string, a missing parenthesis) counts as literal
 * tuples: it stays Sluice's and fails as its own entry. It runs on the thread of every INSERT, so it is one
 * pass over the characters that allocates nothing: values are recognized as {@link ValuesTokenizer} reads
 * them, without being read. Stateless and thread-safe.
 */
public final class ValuesShape {
    /** A value is the start of an expression, or is followed by something other than ',' or ')'. */
    private static final int EXPRESSION = -1;
    /** The data ends inside a tuple or a string: malformed, Sluice's to report. */
    private static final int UNFINISHED = -2;

    private ValuesShape() {}

    /**
     * @param sql the statement text
     * @param dataStart where the data after {@code VALUES} starts
     * @param placeholders whether {@code ?} stands for a value (a prepared statement)
     * @return {@code false} when the data holds an expression or something other than tuples
     */
    public static boolean isLiteralTuples(String sql, int dataStart, boolean placeholders) {
        int end = sql.length();
        int pos = skipBlanks(sql, dataStart, end);
        while (pos < end) {
            char c = sql.charAt(pos);
            if (c == ';') {
                return skipBlanks(sql, pos + 1, end) >= end;
            }
            if (c != '(') {
                return false;
            }
            pos = tupleEnd(sql, pos, end, placeholders);
            if (pos < 0) {
                return pos == UNFINISHED;
            }
            pos = skipBlanks(sql, pos, end);
            if (pos < end && sql.charAt(pos) == ',') {
                pos = skipBlanks(sql, pos + 1, end);
            }
        }
        return true;
    }

    /** Where the tuple at its '(' ends, just after its ')'; or {@link #EXPRESSION} or {@link #UNFINISHED}. */
    private static int tupleEnd(String sql, int open, int end, boolean placeholders) {
        int pos = skipBlanks(sql, open + 1, end);
        if (pos < end && sql.charAt(pos) == ')') {
            return pos + 1;
        }
        while (true) {
            if (pos >= end || sql.charAt(pos) == ',' || sql.charAt(pos) == ')') {
                return UNFINISHED;
            }
            pos = valueEnd(sql, pos, end, placeholders);
            if (pos < 0) {
                return pos;
            }
            if (pos >= end) {
                return UNFINISHED;
            }
            char next = sql.charAt(pos);
            pos++;
            if (next == ')') {
                return pos;
            }
            pos = skipBlanks(sql, pos, end);
        }
    }

    /**
     * Where the value at {@code pos} ends, blanks after it skipped, as {@link ValuesTokenizer#readValue} reads
     * it: then at ',' or ')' or the end. {@link #EXPRESSION} where the tokenizer finds an expression,
     * {@link #UNFINISHED} for a string that is not closed.
     */
    private static int valueEnd(String sql, int pos, int end, boolean placeholders) {
        char c = sql.charAt(pos);
        if (c == '\'') {
            int i = pos + 1;
            while (true) {
                if (i >= end) {
                    return UNFINISHED;
                }
                char s = sql.charAt(i);
                if (s == '\\') {
                    i += 2;
                } else if (s == '\'') {
                    if (i + 1 < end && sql.charAt(i + 1) == '\'') {
                        i += 2;
                    } else {
                        break;
                    }
                } else {
                    i++;
                }
            }
            pos = i + 1;
        } else if (Numbers.isDigit(c) || c == '-' || c == '+' || c == '.') {
            int numberEnd = Numbers.numberEnd(sql, pos, end);
            if (numberEnd == pos) {
                return EXPRESSION;
            }
            pos = numberEnd;
        } else if (isWordStart(c)) {
            int wordEnd = pos + 1;
            while (wordEnd < end && (isWordStart(sql.charAt(wordEnd)) || Numbers.isDigit(sql.charAt(wordEnd)))) {
                wordEnd++;
            }
            if (!ValueConverter.equalsIgnoreCase(sql, pos, wordEnd, "null") && !ValueConverter.equalsIgnoreCase(sql, pos, wordEnd, "true")
                    && !ValueConverter.equalsIgnoreCase(sql, pos, wordEnd, "false")
                    && !ValueConverter.equalsIgnoreCase(sql, pos, wordEnd, "default")) {
                return EXPRESSION;
            }
            pos = wordEnd;
        } else if (c == '?' && placeholders) {
            pos++;
        } else {
            return EXPRESSION;
        }
        pos = skipBlanks(sql, pos, end);
        if (pos < end && sql.charAt(pos) != ',' && sql.charAt(pos) != ')') {
            return EXPRESSION;
        }
        return pos;
    }

    private static int skipBlanks(String sql, int pos, int end) {
        while (pos < end && ValuesTokenizer.isBlank(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}

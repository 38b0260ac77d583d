package io.sluice.parser.format;

import io.sluice.spi.ErrorCode;

/**
 * Tells whether an INSERT's VALUES data is what Sluice buffers: tuples of literals (and, when prepared,
 * {@code ?} placeholders), separated by commas or by nothing, optionally ending with {@code ;}. Data with an
 * expression ({@code now()}, {@code CURRENT_TIMESTAMP}, a cast such as {@code ?::jsonb}, a function call)
 * or with anything after its rows (PostgreSQL's {@code ON CONFLICT} and {@code RETURNING}, MariaDB's
 * {@code ON DUPLICATE KEY UPDATE}, a second statement) is the target database's SQL, which Sluice cannot
 * evaluate. Data that is merely malformed (an unclosed string, a missing parenthesis) counts as literal
 * tuples: it stays Sluice's and fails as its own entry. One pass over the data without allocating (unless a
 * string has escapes). Stateless and thread-safe.
 */
public final class ValuesShape {
    private ValuesShape() {}

    /**
     * @param sql the statement text
     * @param dataStart where the data after {@code VALUES} starts
     * @param placeholders whether {@code ?} stands for a value (a prepared statement)
     * @return {@code false} when the data holds an expression or something other than tuples
     */
    public static boolean isLiteralTuples(String sql, int dataStart, boolean placeholders) {
        ValuesTokenizer in = new ValuesTokenizer(sql, dataStart, placeholders);
        try {
            in.skipBlanks();
            while (!in.atEnd()) {
                char c = in.peek();
                if (c == ';') {
                    in.advance();
                    in.skipBlanks();
                    return in.atEnd();
                }
                if (c != '(') {
                    return false;
                }
                if (!skipTuple(in)) {
                    return true;
                }
                in.skipBlanks();
                if (!in.atEnd() && in.peek() == ',') {
                    in.advance();
                    in.skipBlanks();
                }
            }
            return true;
        } catch (DataParseException e) {
            return e.getErrorCode() != ErrorCode.SYNTAX_ERROR.code();
        }
    }

    /** Skips one tuple from its '('; {@code false} when the data ends inside it (malformed: Sluice's to report). */
    private static boolean skipTuple(ValuesTokenizer in) throws DataParseException {
        in.advance();
        in.skipBlanks();
        if (!in.atEnd() && in.peek() == ')') {
            in.advance();
            return true;
        }
        while (true) {
            if (in.atEnd() || in.peek() == ',' || in.peek() == ')') {
                return false;
            }
            in.readValue(null, 0);
            if (in.atEnd()) {
                return false;
            }
            char next = in.peek();
            in.advance();
            if (next == ')') {
                return true;
            }
            in.skipBlanks();
        }
    }
}

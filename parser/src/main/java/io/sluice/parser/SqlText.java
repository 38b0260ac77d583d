package io.sluice.parser;

/**
 * Character-level helpers shared by the hand-written scanners. The lexical rules mirror
 * {@code grammar/SluiceSql.g4}: blanks are {@code [ \t\r\n\f]}, comments run from {@code --} to the end of
 * the line or are block comments, bare words are {@code [A-Za-z_][A-Za-z0-9_]*}. Stateless.
 */
final class SqlText {
    private SqlText() {}

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The offset of the first character at or after {@code pos} that is neither blank nor part of a
     * comment. An unterminated block comment runs to the end of the text.
     */
    static int skipBlanksAndComments(String sql, int pos) {
        int length = sql.length();
        while (pos < length) {
            char c = sql.charAt(pos);
            if (isBlank(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < length && sql.charAt(pos + 1) == '-') {
                pos = lineEnd(sql, pos + 2);
            } else if (c == '/' && pos + 1 < length && sql.charAt(pos + 1) == '*') {
                pos = blockCommentEnd(sql, pos + 2);
            } else {
                return pos;
            }
        }
        return pos;
    }

    /** The offset just after the {@code *}{@code /} closing a block comment whose body starts at {@code pos}. */
    static int blockCommentEnd(String sql, int pos) {
        int close = sql.indexOf("*/", pos);
        return close < 0 ? sql.length() : close + 2;
    }

    /** The offset of the line break ending the line that {@code pos} is on, or the text's length. */
    static int lineEnd(String sql, int pos) {
        int length = sql.length();
        while (pos < length && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        return pos;
    }

    /** The end of the bare word starting at {@code pos}; {@code pos} itself when no word starts there. */
    static int wordEnd(String sql, int pos) {
        int length = sql.length();
        if (pos >= length || !isWordStart(sql.charAt(pos))) {
            return pos;
        }
        pos++;
        while (pos < length && isWordPart(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** Whether {@code sql[start, end)} is {@code upperCaseWord}, ignoring case. */
    static boolean wordIs(String sql, int start, int end, String upperCaseWord) {
        return end - start == upperCaseWord.length() && sql.regionMatches(true, start, upperCaseWord, 0, end - start);
    }

    /** {@code "line L:C"} of an offset, both 1-based, as syntax errors report positions. */
    static String position(String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            char c = sql.charAt(i);
            // \r\n counts once, as the ANTLR lexer counts lines by \n.
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ":" + (offset - lineStart + 1);
    }
}

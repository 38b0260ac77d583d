package io.sluice.parser;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The one SQL mini-lexer of Sluice: the character-level rules every hand-written scan of SQL text uses
 * (the parser's classification and INSERT-head scanner, the engine's look at a pass-through statement's
 * first word, the search for the system tables a query names). The lexical rules mirror
 * {@code grammar/SluiceSql.g4}: blanks are {@code [ \t\r\n\f]}, comments run from {@code --} to the end of
 * the line or are block comments, bare words are {@code [A-Za-z_][A-Za-z0-9_]*}. String literals follow
 * standard SQL ({@code ''} inside, no backslash escapes), as the SQLite and PostgreSQL queries that reach
 * these scans do. Stateless.
 */
public final class SqlText {
    private static final String SYSTEM = "system";

    private SqlText() {}

    /**
     * A statement's first word, after blanks, comments and opening parentheses: what a pass-through
     * statement is, for {@code system.query_log}'s {@code query_kind} and for knowing that DDL may change a
     * table's shape. Empty when the statement does not start with a bare word.
     */
    public static String firstWord(String sql) {
        int start = skipBlanksAndComments(sql, 0);
        while (start < sql.length() && sql.charAt(start) == '(') {
            start = skipBlanksAndComments(sql, start + 1);
        }
        return sql.substring(start, wordEnd(sql, start));
    }

    /**
     * The system tables a query names: the names, lower case, that follow the identifier {@code system}
     * (bare, "double-quoted" or `backquoted`, any case) and {@code .}, outside string literals and comments.
     *
     * @return the names, or {@code null} when the query names no {@code system.} at all (an empty set when it
     *     does but no name follows the dot)
     */
    public static Set<String> systemTables(String sql, int from) {
        Set<String> names = null;
        int length = sql.length();
        int i = from;
        while (i < length) {
            char c = sql.charAt(i);
            int nameStart;
            int nameEnd;
            int end;
            if (c == '\'') {
                i = quotedOrRestEnd(sql, i, '\'');
                continue;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i + 2);
                continue;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i + 2);
                continue;
            } else if (c == '"' || c == '`') {
                end = quotedOrRestEnd(sql, i, c);
                nameStart = i + 1;
                nameEnd = end - 1;
            } else if (isIdentifierPart(c)) {
                // Digits and '$' are scanned as part of the word so that "x1system." or "a$system." do not match.
                end = identifierEnd(sql, i);
                nameStart = i;
                nameEnd = end;
            } else {
                i++;
                continue;
            }
            i = end;
            if (nameEnd - nameStart == SYSTEM.length() && sql.regionMatches(true, nameStart, SYSTEM, 0, SYSTEM.length())
                    && end < length && sql.charAt(end) == '.') {
                if (names == null) {
                    names = new HashSet<>();
                }
                i = tableName(sql, skipBlanksAndComments(sql, end + 1), names);
            }
        }
        return names;
    }

    /**
     * Every identifier of a statement, bare or quoted, lower case, outside string literals and comments
     * (keywords included): a superset of the tables it names, for finding whether it touches a table.
     */
    public static Set<String> identifiers(String sql) {
        Set<String> names = new HashSet<>();
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = quotedOrRestEnd(sql, i, '\'');
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i + 2);
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i + 2);
            } else if (c == '"' || c == '`' || isIdentifierPart(c)) {
                i = tableName(sql, i, names);
            } else {
                i++;
            }
        }
        return names;
    }

    /** Adds the identifier at {@code pos}, lower case, to {@code names}; returns the offset after it. */
    private static int tableName(String sql, int pos, Set<String> names) {
        if (pos >= sql.length()) {
            return pos;
        }
        char c = sql.charAt(pos);
        if (c == '"' || c == '`') {
            int end = quotedOrRestEnd(sql, pos, c);
            String quote = String.valueOf(c);
            names.add(sql.substring(pos + 1, Math.max(pos + 1, end - 1)).replace(quote + quote, quote).toLowerCase(Locale.ROOT));
            return end;
        }
        if (isIdentifierPart(c)) {
            int end = identifierEnd(sql, pos);
            names.add(sql.substring(pos, end).toLowerCase(Locale.ROOT));
            return end;
        }
        return pos;
    }

    private static boolean isIdentifierPart(char c) {
        return isWordPart(c) || c == '$';
    }

    private static int identifierEnd(String sql, int pos) {
        int end = pos + 1;
        while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
            end++;
        }
        return end;
    }

    /** The offset after the closing quote (doubled quotes stay inside), or -1 when the quote is not closed. */
    static int quotedEnd(String sql, int open, char quote) {
        int length = sql.length();
        int i = open + 1;
        while (i < length) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** {@link #quotedEnd}, or the text's length when the quote is not closed: the rest is inside it. */
    private static int quotedOrRestEnd(String sql, int open, char quote) {
        int end = quotedEnd(sql, open, quote);
        return end < 0 ? sql.length() : end;
    }

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

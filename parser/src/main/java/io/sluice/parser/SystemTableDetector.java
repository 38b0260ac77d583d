package io.sluice.parser;

/**
 * Decides whether a query reads Sluice's system tables: whether the identifier {@code system} (bare,
 * "double-quoted" or `backquoted`, any case) is immediately followed by {@code .} somewhere outside
 * string literals and comments. Strings follow standard SQL ({@code ''} inside, no backslash escapes),
 * as the SQLite and PostgreSQL queries that reach this check do. Stateless.
 */
final class SystemTableDetector {
    private static final String SYSTEM = "system";

    private SystemTableDetector() {}

    static boolean referencesSystemTable(String sql, int from) {
        int length = sql.length();
        int i = from;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = quotedEnd(sql, i, '\'');
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                i = SqlText.lineEnd(sql, i + 2);
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                i = SqlText.blockCommentEnd(sql, i + 2);
            } else if (c == '"' || c == '`') {
                int end = quotedEnd(sql, i, c);
                if (isSystemFollowedByDot(sql, i + 1, end - 1, end)) {
                    return true;
                }
                i = end;
            } else if (SqlText.isWordPart(c) || c == '$') {
                // Digits and '$' are scanned as part of the word so that "x1system." or "a$system." do not match.
                int end = i + 1;
                while (end < length && (SqlText.isWordPart(sql.charAt(end)) || sql.charAt(end) == '$')) {
                    end++;
                }
                if (isSystemFollowedByDot(sql, i, end, end)) {
                    return true;
                }
                i = end;
            } else {
                i++;
            }
        }
        return false;
    }

    private static boolean isSystemFollowedByDot(String sql, int nameStart, int nameEnd, int after) {
        return nameEnd - nameStart == SYSTEM.length()
                && sql.regionMatches(true, nameStart, SYSTEM, 0, SYSTEM.length())
                && after < sql.length()
                && sql.charAt(after) == '.';
    }

    /** The offset after the closing quote (doubled quotes stay inside); the text's length when unterminated. */
    private static int quotedEnd(String sql, int open, char quote) {
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
        return length;
    }
}

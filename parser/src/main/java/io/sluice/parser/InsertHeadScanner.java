package io.sluice.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where an INSERT's head ends and its inline data starts, by hand: this runs once per INSERT on the
 * hot path, so it uses no ANTLR, no regex and allocates nothing per token. It follows the head's
 * structure ({@code INSERT INTO [db.]table [(columns)] [SETTINGS name = value, …]} then {@code VALUES} (or
 * MariaDB/MySQL's {@code VALUE}), {@code FORMAT name [SETTINGS name = value, …]}, or a SELECT; or MariaDB/MySQL's
 * {@code INSERT INTO [db.]table SET name = value, …}) only as far as needed to find the boundary; the head text itself is
 * validated by the ANTLR grammar when it is first seen. The token rules mirror {@code SluiceSql.g4}.
 *
 * <p>Not thread-safe: one instance scans one statement.
 */
final class InsertHeadScanner {
    enum Outcome {
        VALUES,
        FORMAT,
        SELECT,
        /** {@code INSERT INTO t DEFAULT VALUES}: not ClickHouse syntax, passed to the database as is. */
        DEFAULT_VALUES,
        /**
         * MariaDB/MySQL's single-row {@code INSERT INTO t SET a = 1, b = 'x'} with one literal token per column and
         * nothing after: {@link #setColumns()} and {@link #setValues()} hold it.
         */
        SET_ROW,
        /**
         * MariaDB/MySQL's {@code INSERT INTO t SET …} with more than a literal per column (an expression, a
         * placeholder) or a clause after ({@code ON DUPLICATE KEY UPDATE}, {@code RETURNING}): the database's SQL.
         */
        SET_OTHER,
        /** No boundary: the head is malformed; {@link #failedAt()} is where the scan stopped. */
        NOT_FOUND
    }

    private static final int END = 0;
    private static final int WORD = 1;
    private static final int QUOTED_IDENTIFIER = 2;
    private static final int STRING = 3;
    private static final int NUMBER = 4;
    private static final int PUNCTUATION = 5;
    private static final int OTHER = 6;

    private final String sql;
    private final int length;

    private int type;
    private int tokenStart;
    private int tokenEnd;

    private Outcome outcome;
    private int headEnd;
    private int dataStart;
    private int failedAt;
    private String problem;
    private int lastValueEnd;
    private boolean valueKeyword;
    private int tableStart;
    private int tableEnd;
    private List<String> setColumns;
    private List<String> setValues;

    private InsertHeadScanner(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /**
     * Scans the INSERT whose {@code INSERT} keyword starts at {@code insertStart}; the caller has checked
     * that {@code INTO} follows.
     */
    static InsertHeadScanner scan(String sql, int insertStart) {
        InsertHeadScanner scanner = new InsertHeadScanner(sql);
        scanner.tokenEnd = insertStart;
        scanner.outcome = scanner.run();
        return scanner;
    }

    Outcome outcome() {
        return outcome;
    }

    /** The end (exclusive) of the head text. */
    int headEnd() {
        return headEnd;
    }

    /** See {@link InsertStatement#dataStart()}. */
    int dataStart() {
        return dataStart;
    }

    /** Where the scan found something it did not expect (for {@link Outcome#NOT_FOUND}). */
    int failedAt() {
        return failedAt;
    }

    /** For {@link Outcome#VALUES}, whether the keyword was MariaDB/MySQL's {@code VALUE} rather than {@code VALUES}. */
    boolean valueKeyword() {
        return valueKeyword;
    }

    /** Unless the table name is malformed, where it starts. */
    int tableStart() {
        return tableStart;
    }

    /** Unless the table name is malformed, the end (exclusive) of the table name. */
    int tableEnd() {
        return tableEnd;
    }

    /** For {@link Outcome#SET_ROW}, the column names as written (quoted ones with their quotes). */
    List<String> setColumns() {
        return setColumns;
    }

    /** For {@link Outcome#SET_ROW}, each column's literal as written, in the order of {@link #setColumns()}. */
    List<String> setValues() {
        return setValues;
    }

    /**
     * For {@link Outcome#NOT_FOUND}, what is wrong when the grammar would accept the text (SETTINGS both before
     * and after FORMAT), else {@code null}: the grammar then says what is wrong.
     */
    String problem() {
        return problem;
    }

    private Outcome run() {
        next(); // INSERT
        next(); // INTO
        next();
        if (!isName()) {
            return fail();
        }
        tableStart = tokenStart;
        tableEnd = tokenEnd;
        next();
        if (isPunctuation('.')) {
            next();
            if (!isName()) {
                return fail();
            }
            tableEnd = tokenEnd;
            next();
        }
        if (isWord("SET")) {
            return setRow();
        }
        if (isPunctuation('(')) {
            if (subqueryFollows()) {
                return Outcome.SELECT;
            }
            if (!skipParenthesized()) {
                return fail();
            }
            next();
        }
        if (isWord("DEFAULT")) {
            next();
            return isWord("VALUES") ? Outcome.DEFAULT_VALUES : fail();
        }
        boolean settingsBeforeSource = isWord("SETTINGS");
        if (settingsBeforeSource && !settings()) {
            return fail();
        }
        return source(settingsBeforeSource);
    }

    /**
     * At {@code SETTINGS}: skips {@code name = value [, …]} and stops at the token after the last value, whose
     * end {@link #lastValueEnd} keeps; false when a setting is malformed.
     */
    private boolean settings() {
        do {
            next();
            if (!isName()) {
                return false;
            }
            next();
            if (!isPunctuation('=')) {
                return false;
            }
            next();
            if (type != NUMBER && type != STRING && !isName()) {
                return false;
            }
            lastValueEnd = tokenEnd;
            next();
        } while (isPunctuation(','));
        return true;
    }

    /**
     * At {@code SET} after the table: {@code name = literal [, …]} then the end (or a semicolon) is a
     * {@link Outcome#SET_ROW}; anything else is {@link Outcome#SET_OTHER}, for the target to run or refuse.
     */
    private Outcome setRow() {
        setColumns = new ArrayList<>();
        setValues = new ArrayList<>();
        do {
            next();
            if (!isName()) {
                return Outcome.SET_OTHER;
            }
            setColumns.add(sql.substring(tokenStart, tokenEnd));
            next();
            if (!isPunctuation('=')) {
                return Outcome.SET_OTHER;
            }
            next();
            if (type != NUMBER && type != STRING && type != WORD) {
                return Outcome.SET_OTHER;
            }
            setValues.add(sql.substring(tokenStart, tokenEnd));
            next();
        } while (isPunctuation(','));
        if (isPunctuation(';')) {
            next();
        }
        return type == END ? Outcome.SET_ROW : Outcome.SET_OTHER;
    }

    private Outcome source(boolean settingsBeforeSource) {
        if (isWord("VALUES") || isWord("VALUE")) {
            valueKeyword = tokenEnd - tokenStart == 5;
            headEnd = tokenEnd;
            dataStart = skipBlanks(tokenEnd);
            return Outcome.VALUES;
        }
        if (isWord("FORMAT")) {
            next();
            if (!isName()) {
                return fail();
            }
            headEnd = tokenEnd;
            next();
            if (isWord("SETTINGS")) {
                // ClickHouse's SETTINGS after the format name (allowed there by allow_settings_after_format_in_insert).
                if (settingsBeforeSource) {
                    problem = "SETTINGS both before and after FORMAT; write them once, before FORMAT";
                    return fail();
                }
                if (!settings()) {
                    return fail();
                }
                headEnd = lastValueEnd;
            }
            dataStart = formatDataStart(headEnd);
            return Outcome.FORMAT;
        }
        if (isWord("SELECT") || isWord("WITH")) {
            headEnd = tokenEnd;
            dataStart = tokenStart;
            return Outcome.SELECT;
        }
        if (isPunctuation('(') && subqueryFollows()) {
            return Outcome.SELECT;
        }
        return fail();
    }

    /**
     * At a '(': whether one or more '(' then SELECT or WITH follow. If so the head ends after that
     * keyword and the data (the subquery) starts at the first '('; if not, the scan position is restored.
     */
    private boolean subqueryFollows() {
        int parenthesis = tokenStart;
        int savedEnd = tokenEnd;
        do {
            next();
        } while (isPunctuation('('));
        if (isWord("SELECT") || isWord("WITH")) {
            headEnd = tokenEnd;
            dataStart = parenthesis;
            return true;
        }
        type = PUNCTUATION;
        tokenStart = parenthesis;
        tokenEnd = savedEnd;
        return false;
    }

    /** At a '(': moves to its matching ')'; false when the text ends first. */
    private boolean skipParenthesized() {
        int depth = 1;
        while (depth > 0) {
            next();
            if (type == END) {
                return false;
            }
            if (isPunctuation('(')) {
                depth++;
            } else if (isPunctuation(')')) {
                depth--;
            }
        }
        return true;
    }

    private Outcome fail() {
        failedAt = tokenStart;
        return Outcome.NOT_FOUND;
    }

    /** A table, column, setting or format name: a quoted identifier or a bare word other than the reserved SELECT and WITH. */
    private boolean isName() {
        return type == QUOTED_IDENTIFIER || (type == WORD && !isWord("SELECT") && !isWord("WITH"));
    }

    private boolean isWord(String upperCaseWord) {
        return type == WORD && SqlText.wordIs(sql, tokenStart, tokenEnd, upperCaseWord);
    }

    private boolean isPunctuation(char c) {
        return type == PUNCTUATION && sql.charAt(tokenStart) == c;
    }

    private int skipBlanks(int pos) {
        while (pos < length && SqlText.isBlank(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /**
     * ClickHouse's rule: after the format name the data starts after the first line break if only spaces
     * precede it, otherwise after the spaces. Whitespace on the next line belongs to the data (a leading
     * empty TabSeparated field).
     */
    private int formatDataStart(int pos) {
        while (pos < length && (sql.charAt(pos) == ' ' || sql.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos < length && sql.charAt(pos) == '\n') {
            return pos + 1;
        }
        if (pos + 1 < length && sql.charAt(pos) == '\r' && sql.charAt(pos + 1) == '\n') {
            return pos + 2;
        }
        return pos;
    }

    private void next() {
        int pos = SqlText.skipBlanksAndComments(sql, tokenEnd);
        tokenStart = pos;
        if (pos >= length) {
            type = END;
            tokenEnd = pos;
            return;
        }
        char c = sql.charAt(pos);
        if (SqlText.isWordStart(c)) {
            type = WORD;
            tokenEnd = SqlText.wordEnd(sql, pos);
        } else if (c == '"' || c == '`') {
            tokenEnd = SqlText.quotedEnd(sql, pos, c);
            type = tokenEnd < 0 ? OTHER : QUOTED_IDENTIFIER;
        } else if (c == '\'') {
            tokenEnd = stringEnd(pos);
            type = tokenEnd < 0 ? OTHER : STRING;
        } else if (numberStartsAt(pos)) {
            type = NUMBER;
            tokenEnd = numberEnd(pos);
        } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '.' || c == ';') {
            type = PUNCTUATION;
            tokenEnd = pos + 1;
        } else {
            type = OTHER;
            tokenEnd = pos + 1;
        }
        if (tokenEnd < 0) {
            // Unterminated quote: nothing after it can be a boundary.
            tokenEnd = length;
        }
    }

    /** End of a single-quoted string (backslash escapes, doubled quotes), or -1 when unterminated. */
    private int stringEnd(int pos) {
        int i = pos + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < length && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private boolean numberStartsAt(int pos) {
        char c = sql.charAt(pos);
        if (c == '+' || c == '-') {
            pos++;
            if (pos >= length) {
                return false;
            }
            c = sql.charAt(pos);
        }
        return SqlText.isDigit(c) || (c == '.' && pos + 1 < length && SqlText.isDigit(sql.charAt(pos + 1)));
    }

    private int numberEnd(int pos) {
        if (sql.charAt(pos) == '+' || sql.charAt(pos) == '-') {
            pos++;
        }
        pos = digitsEnd(pos);
        if (pos < length && sql.charAt(pos) == '.') {
            pos = digitsEnd(pos + 1);
        }
        if (pos < length && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < length && SqlText.isDigit(sql.charAt(exponent))) {
                pos = digitsEnd(exponent);
            }
        }
        return pos;
    }

    private int digitsEnd(int pos) {
        while (pos < length && SqlText.isDigit(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}

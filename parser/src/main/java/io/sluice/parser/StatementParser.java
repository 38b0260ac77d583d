package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlParser;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Classifies and parses statements. Thread-safe; one instance is shared by an engine.
 *
 * <p>An INSERT's head is found by a hand-written scanner, looked up in a cache keyed by the head's text,
 * and only parsed with ANTLR on a miss, so the insert hot path never runs ANTLR. Statements with the same
 * head text get the same {@link InsertHead} instance while it stays cached.
 *
 * <p>Classification, by the first keyword (after blanks and comments, any case):
 * <ul>
 *   <li>{@code INSERT INTO}: an {@link InsertStatement}; {@code INSERT INTO t DEFAULT VALUES} and INSERTs
 *       not followed by {@code INTO} (SQLite's {@code INSERT OR REPLACE}) pass through;
 *   <li>{@code SET}: a {@link SetStatement}; {@code SYSTEM}: the two SYSTEM FLUSH statements and SYSTEM REPLAY ASYNC INSERT DEAD LETTER;
 *   <li>a query ({@code SELECT}, {@code WITH}, {@code EXPLAIN}, {@code PRAGMA}, {@code SHOW},
 *       {@code DESCRIBE}, {@code DESC}, or a parenthesis) naming {@code system.<table>}: a
 *       {@link SystemQueryStatement};
 *   <li>anything else: a {@link PassThroughStatement}.
 * </ul>
 */
public final class StatementParser {
    private static final String SYSTEM_HINT =
            "Sluice supports SYSTEM FLUSH ASYNC INSERT QUEUE [[db.]table [, ...]], SYSTEM FLUSH LOGS and"
                    + " SYSTEM REPLAY ASYNC INSERT DEAD LETTER [[db.]table]";
    private static final int MALFORMED_HEAD_CONTEXT = 256;

    /**
     * The most characters of a statement Sluice parses itself, as ClickHouse's {@code max_query_size}: an
     * INSERT's head (its data after VALUES or FORMAT does not count, as it never reaches the grammar), or a
     * whole SET or SYSTEM statement. Longer ones fail with {@code SYNTAX_ERROR} before the grammar runs, so
     * that a million-column list costs a scan, not a parse tree.
     */
    public static final int MAX_QUERY_SIZE = 262_144;
    private static final String[] QUERY_KEYWORDS = {"SELECT", "WITH", "EXPLAIN", "PRAGMA", "SHOW", "DESCRIBE", "DESC"};

    private final int cacheSize;
    private final Predicate<String> ownsSetting;
    private final ConcurrentHashMap<HeadKey, InsertHead> heads = new ConcurrentHashMap<>();

    /**
     * An {@code INSERT … VALUES} head and its text, from {@code INSERT} to the end of {@code VALUES} (or
     * {@code VALUE}, then {@code valueKeyword}).
     */
    private record ValuesHead(String text, InsertHead head, boolean valueKeyword) {}

    /**
     * The last {@code INSERT … VALUES} head the scanner found: the INSERT hot path sends the same head over
     * and over, and a statement that starts with its very text, followed by a blank, {@code (} or nothing,
     * scans to the same head (the scanner reads the same tokens, and the {@code VALUES} token ends at the
     * same place), so it skips the scan and the cache lookup. Immutable, so sharing it between threads is safe.
     */
    private volatile ValuesHead lastValuesHead;

    /**
     * A parser whose head cache holds up to {@code cacheSize} heads.
     *
     * @throws IllegalArgumentException when {@code cacheSize} is less than 1
     */
    public StatementParser(int cacheSize) {
        this(cacheSize, name -> true);
    }

    /**
     * A parser whose head cache holds up to {@code cacheSize} heads, and that takes a {@code SET} statement
     * as Sluice's only when {@code ownsSetting} accepts the name after {@code SET}; every other {@code SET} (the target's {@code SET ROLE}, {@code SET search_path TO …},
     * {@code SET NAMES …}, {@code SET @var = …}, {@code SET statement_timeout = 0}) passes through.
     *
     * @param ownsSetting whether a setting name is Sluice's: a known name, or one close enough to be a
     *     misspelling that deserves Sluice's {@code UNKNOWN_SETTING} with a hint
     * @throws IllegalArgumentException when {@code cacheSize} is less than 1
     */
    public StatementParser(int cacheSize, Predicate<String> ownsSetting) {
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
        }
        this.cacheSize = cacheSize;
        this.ownsSetting = Objects.requireNonNull(ownsSetting, "ownsSetting");
    }

    /**
     * Classifies and parses one statement.
     *
     * @throws SluiceSqlException {@code SYNTAX_ERROR} with line, column and what was expected
     */
    public Statement parse(String sql) throws SluiceSqlException {
        Objects.requireNonNull(sql, "sql");
        int start = SqlText.skipBlanksAndComments(sql, 0);
        int content = start;
        while (content < sql.length() && sql.charAt(content) == ';') {
            content = SqlText.skipBlanksAndComments(sql, content + 1);
        }
        if (content == sql.length()) {
            // Nothing to run; and some drivers (sqlite-jdbc) misbehave when asked to prepare nothing.
            throw new SluiceSqlException(ErrorCode.SYNTAX_ERROR, SqlText.position(sql, sql.length())
                    + ": empty query, expected a statement (the text holds only blanks, comments and semicolons)");
        }
        int end = SqlText.wordEnd(sql, start);
        if (SqlText.wordIs(sql, start, end, "INSERT")) {
            int next = SqlText.skipBlanksAndComments(sql, end);
            if (SqlText.wordIs(sql, next, SqlText.wordEnd(sql, next), "INTO")) {
                return parseInsert(sql, start);
            }
            return new PassThroughStatement(sql);
        }
        if (SqlText.wordIs(sql, start, end, "SET")) {
            if (!isSluiceSet(sql, end)) {
                return new PassThroughStatement(sql);
            }
            checkSize(sql, start, sql.length());
            return (Statement) build(SyntaxParser.parse(sql, null), null);
        }
        if (SqlText.wordIs(sql, start, end, "SYSTEM")) {
            checkSize(sql, start, sql.length());
            return (Statement) build(SyntaxParser.parse(sql, SYSTEM_HINT), null);
        }
        if (isQuery(sql, start, end)) {
            Set<String> tables = SqlText.systemTables(sql, start);
            if (tables != null) {
                return new SystemQueryStatement(sql, tables);
            }
        }
        return new PassThroughStatement(sql);
    }

    /**
     * Whether the text after {@code SET} starts with a name that is Sluice's; then the grammar has the
     * statement, and a malformed one is Sluice's {@code SYNTAX_ERROR}.
     */
    private boolean isSluiceSet(String sql, int afterSet) {
        int nameStart = SqlText.skipBlanksAndComments(sql, afterSet);
        if (nameStart >= sql.length()) {
            return false;
        }
        char first = sql.charAt(nameStart);
        String name;
        if (first == '`' || first == '"') {
            // A quoted name; the quote character doubled stands for itself.
            String quote = String.valueOf(first);
            int close = sql.indexOf(first, nameStart + 1);
            while (close >= 0 && close + 1 < sql.length() && sql.charAt(close + 1) == first) {
                close = sql.indexOf(first, close + 2);
            }
            if (close < 0) {
                return false;
            }
            name = sql.substring(nameStart + 1, close).replace(quote + quote, quote);
        } else if (SqlText.isWordStart(first)) {
            name = sql.substring(nameStart, SqlText.wordEnd(sql, nameStart));
        } else {
            return false;
        }
        return ownsSetting.test(name);
    }

    private Statement parseInsert(String sql, int insertStart) throws SluiceSqlException {
        ValuesHead last = lastValuesHead;
        if (last != null && sql.startsWith(last.text(), insertStart)) {
            int headEnd = insertStart + last.text().length();
            if (headEnd == sql.length() || SqlText.isBlank(sql.charAt(headEnd)) || sql.charAt(headEnd) == '(') {
                return new InsertStatement(last.head(), sql, skipBlanks(sql, headEnd), last.valueKeyword());
            }
        }
        InsertHeadScanner scanner = InsertHeadScanner.scan(sql, insertStart);
        switch (scanner.outcome()) {
            case DEFAULT_VALUES:
            case SET_OTHER:
                return new PassThroughStatement(sql);
            case SET_ROW:
                return setRow(sql, insertStart, scanner);
            case NOT_FOUND:
                checkSize(sql, insertStart, scanner.failedAt());
                if (scanner.problem() != null) {
                    throw new SluiceSqlException(ErrorCode.SYNTAX_ERROR, SqlText.position(sql, scanner.failedAt()) + ": " + scanner.problem());
                }
                throw malformedHead(sql, scanner.failedAt());
            default:
                break;
        }
        checkSize(sql, insertStart, scanner.headEnd());
        HeadKey key = HeadKey.lookup(sql, insertStart, scanner.headEnd());
        InsertHead head = heads.get(key);
        if (head == null) {
            head = parseHead(sql, key, scanner.headEnd());
        }
        if (scanner.outcome() == InsertHeadScanner.Outcome.VALUES && (last == null || last.head() != head)) {
            lastValuesHead = new ValuesHead(head.text(), head, scanner.valueKeyword());
        }
        return new InsertStatement(head, sql, scanner.dataStart(), scanner.valueKeyword());
    }

    /**
     * MariaDB/MySQL's {@code INSERT INTO t SET a = 1, b = 'x'}: the same row as {@code INSERT INTO t (a, b) VALUES
     * (1, 'x')}, which it is rewritten to (the statement's text is the rewritten one).
     */
    private Statement setRow(String sql, int insertStart, InsertHeadScanner scanner) throws SluiceSqlException {
        StringBuilder rewritten = new StringBuilder(sql.length() + 16).append(sql, insertStart, scanner.tableEnd()).append(" (");
        rewritten.append(String.join(", ", scanner.setColumns())).append(") VALUES (");
        rewritten.append(String.join(", ", scanner.setValues())).append(')');
        String text = rewritten.toString();
        InsertHeadScanner values = InsertHeadScanner.scan(text, 0);
        if (values.outcome() != InsertHeadScanner.Outcome.VALUES) {
            // A name the VALUES form cannot take: the INSERT is left to the target, as one Sluice does not understand.
            return new PassThroughStatement(sql);
        }
        checkSize(sql, insertStart, insertStart + values.headEnd());
        HeadKey key = HeadKey.lookup(text, 0, values.headEnd());
        InsertHead head = heads.get(key);
        if (head == null) {
            try {
                head = parseHead(text, key, values.headEnd());
            } catch (SluiceSqlException notSluices) {
                return new PassThroughStatement(sql);
            }
        }
        return new InsertStatement(head, text, values.dataStart(), true);
    }

    /** The first position from {@code pos} that is not blank, as the scanner finds the data after {@code VALUES}. */
    private static int skipBlanks(String sql, int pos) {
        int length = sql.length();
        while (pos < length && SqlText.isBlank(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private InsertHead parseHead(String sql, HeadKey key, int headEnd) throws SluiceSqlException {
        String headText = key.headText();
        // Parse from offset 0 so that error positions count from the statement's start; the leading part
        // is only blanks and comments, which the grammar skips.
        InsertHead parsed = (InsertHead) build(SyntaxParser.parse(sql.substring(0, headEnd), null), headText);
        if (heads.size() >= cacheSize) {
            // Distinct heads are few in practice; a full cache means ad-hoc heads, and starting over is
            // cheaper than tracking recency on every hit.
            heads.clear();
        }
        InsertHead raced = heads.putIfAbsent(key.stored(headText), parsed);
        return raced != null ? raced : parsed;
    }

    /** Refuses a statement whose part from {@code start} to {@code end} is longer than {@link #MAX_QUERY_SIZE}. */
    private static void checkSize(String sql, int start, int end) throws SluiceSqlException {
        if (end - start > MAX_QUERY_SIZE) {
            throw new SluiceSqlException(ErrorCode.SYNTAX_ERROR, SqlText.position(sql, start + MAX_QUERY_SIZE)
                    + ": Max query size exceeded: Sluice parses at most " + MAX_QUERY_SIZE + " characters of a statement"
                    + " (an INSERT's data after VALUES or FORMAT does not count); this one has " + (end - start));
        }
    }

    /** The scanner found no data boundary: let the grammar say precisely what is wrong. */
    private static SluiceSqlException malformedHead(String sql, int failedAt) {
        // The grammar fails at or before the token the scanner stopped at; what follows may be megabytes of
        // data that need not be lexed.
        int end = (int) Math.min(sql.length(), failedAt + (long) MALFORMED_HEAD_CONTEXT);
        try {
            SyntaxParser.parse(sql.substring(0, end), null);
        } catch (SluiceSqlException precise) {
            return precise;
        }
        // The grammar accepted what the scanner did not: report where the scanner stopped.
        return new SluiceSqlException(
                ErrorCode.SYNTAX_ERROR,
                SqlText.position(sql, failedAt) + ": cannot find where the INSERT's data starts, expected VALUES, FORMAT or SELECT");
    }

    private static Object build(SluiceSqlParser.SingleStatementContext tree, String headText) {
        return new AstBuilder(headText).visit(tree);
    }

    private static boolean isQuery(String sql, int start, int end) {
        if (start < sql.length() && sql.charAt(start) == '(') {
            return true;
        }
        for (String keyword : QUERY_KEYWORDS) {
            if (SqlText.wordIs(sql, start, end, keyword)) {
                return true;
            }
        }
        return false;
    }
}

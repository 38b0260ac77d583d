package io.sluice.parser;

import io.sluice.spi.SluiceSqlException;

/**
 * Classifies and parses statements. Thread-safe; one instance is shared by an engine.
 *
 * <p>An INSERT's head is found by a hand-written scanner, looked up in a cache keyed by the head's text,
 * and only parsed with ANTLR on a miss, so the insert hot path never runs ANTLR.
 */
public final class StatementParser {
    /** A parser whose head cache holds up to {@code cacheSize} heads. */
    public StatementParser(int cacheSize) {
        throw new UnsupportedOperationException("StatementParser is being written");
    }

    /**
     * Classifies and parses one statement.
     *
     * @throws SluiceSqlException {@code SYNTAX_ERROR} with line, column and what was expected
     */
    public Statement parse(String sql) throws SluiceSqlException {
        throw new UnsupportedOperationException("StatementParser is being written");
    }
}

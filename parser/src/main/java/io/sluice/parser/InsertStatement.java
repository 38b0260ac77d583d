package io.sluice.parser;

/**
 * An INSERT: its cached head plus where its data starts in the statement text. The data itself is never
 * copied or lexed here. Immutable.
 *
 * @param head the parsed head, shared by every statement with the same head text
 * @param sql the whole statement text
 * @param dataStart for VALUES and FORMAT, the offset of the data's first non-blank character (equal to
 *     {@code sql.length()} when there is no data); for SELECT, the offset of the SELECT (or WITH, or
 *     opening parenthesis)
 */
public record InsertStatement(InsertHead head, String sql, int dataStart) implements Statement {
    /** The size of the inline data in characters, counted from its first non-blank character. */
    public int dataBytes() {
        return sql.length() - dataStart;
    }
}

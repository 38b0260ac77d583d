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
 * @param mysqlForm whether the INSERT used MariaDB/MySQL's own syntax ({@code VALUE} for {@code VALUES}, or
 *     {@code SET a = 1, …}, then rewritten in {@code sql} as {@code (a, …) VALUES (1, …)}): Sluice buffers it
 *     only when the target is MariaDB or MySQL, and otherwise passes the original text through to the target
 */
public record InsertStatement(InsertHead head, String sql, int dataStart, boolean mysqlForm) implements Statement {
    /** An INSERT in Sluice's own syntax. */
    public InsertStatement(InsertHead head, String sql, int dataStart) {
        this(head, sql, dataStart, false);
    }

    /** The size of the inline data in characters, counted from its first non-blank character. */
    public int dataBytes() {
        return sql.length() - dataStart;
    }
}

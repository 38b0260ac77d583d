package io.sluice.parser;

import java.util.Set;

/**
 * A query that reads Sluice's system tables ({@code system.<table>}); answered from the system database.
 * Immutable.
 *
 * @param tables the system tables the query names, lower case ({@link SqlText#systemTables}): the live ones
 *     among them are rebuilt before it runs, and only those
 */
public record SystemQueryStatement(String sql, Set<String> tables) implements Statement {
    public SystemQueryStatement {
        tables = Set.copyOf(tables);
    }

    /** The query, with the tables it names found by the lexer. */
    public SystemQueryStatement(String sql) {
        this(sql, tablesOf(sql));
    }

    private static Set<String> tablesOf(String sql) {
        Set<String> tables = SqlText.systemTables(sql, 0);
        return tables == null ? Set.of() : tables;
    }
}

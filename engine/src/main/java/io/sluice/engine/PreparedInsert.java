package io.sluice.engine;

import java.sql.SQLException;
import java.util.List;

/**
 * A prepared {@code INSERT … VALUES (?, …)} that Sluice buffers: the head is parsed once, each execution
 * binds Java values. Also one of Sluice's own statements ({@code SET}, {@code SYSTEM …}) prepared by a
 * framework, which runs as written. Not thread-safe (like the JDBC statement that owns it).
 */
public interface PreparedInsert {
    /** How many {@code ?} placeholders the statement has. */
    int parameterCount();

    /**
     * Runs the insert once with one or more parameter sets (a JDBC batch); all of them form one queue
     * entry.
     *
     * @param parameterSets one array of {@link #parameterCount()} values per execution
     * @param queryId the query id to use, or {@code null} to generate one
     * @return rows written when the statement waited for its flush (or ran synchronously), else 0
     */
    Result execute(List<Object[]> parameterSets, String queryId) throws SQLException;

    /** {@link #execute(List, String)} with the JDBC statement's query timeout and cancel for the INSERT's wait. */
    default Result execute(List<Object[]> parameterSets, String queryId, StatementControl control) throws SQLException {
        return execute(parameterSets, queryId);
    }

    /** Whether it is an INSERT (rather than one of Sluice's own statements such as {@code SET}). */
    default boolean isInsert() {
        return true;
    }
}

package io.sluice.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A prepared statement through Sluice, of one of two kinds fixed when it is prepared:
 *
 * <ul>
 *   <li>a <b>buffered insert</b> — an {@code INSERT … VALUES (?, …)} the engine buffers, or one of
 *       Sluice's own statements, which run on the engine ({@link BufferedInsertStatement});
 *   <li>a <b>pass-through</b> statement — anything else, and statements prepared with generated keys:
 *       every call goes to the statement prepared on the target (or system) database
 *       ({@link PassThroughPreparedStatement}).
 * </ul>
 *
 * <p>Not thread-safe, like any JDBC statement; {@link #isClosed()} may be called from any thread.
 * {@link #close()} closes the current result set and, for pass-through, the target statement; calling it
 * again does nothing.
 */
public abstract sealed class SluicePreparedStatement extends SluiceStatement implements PreparedStatement
        permits BufferedInsertStatement, PassThroughPreparedStatement {
    SluicePreparedStatement(SluiceConnection connection) {
        super(connection);
    }

    /** Whether executions of this statement go to the engine's queue (rather than to the target). */
    public abstract boolean isBufferedInsert() throws SQLException;

    /** The stored parameter values, for tests; {@code null} for pass-through. */
    ParameterValues parameters() {
        return null;
    }

    @Override
    public final int executeUpdate() throws SQLException {
        return saturatedCount(executeLargeUpdate());
    }
}

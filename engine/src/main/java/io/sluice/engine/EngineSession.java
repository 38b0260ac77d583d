package io.sluice.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * One client connection's view of its target's engine: what the JDBC driver calls. {@link Session} is the
 * engine's implementation; the driver's tests supply a hand-written fake.
 *
 * <p>Threading: a session is used by one connection; a system query may run on a second thread while an
 * INSERT of the same connection waits for room. Closing twice is a no-op.
 */
public interface EngineSession extends AutoCloseable {
    /** Runs one statement: an INSERT, a Sluice statement, a system-table query, or a pass-through one. */
    Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer) throws SQLException;

    /**
     * Runs one statement with its JDBC statement's query timeout and cancel: an INSERT waiting for its flush
     * stops waiting at the query timeout or when {@link StatementControl#cancel} is called.
     */
    default Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer, StatementControl control) throws SQLException {
        return execute(sql, queryId, configurer);
    }

    /** Prepares an INSERT for repeated execution with parameters, or a system-table query. */
    PreparedInsert prepareInsert(String sql) throws SQLException;

    /** Prepares a statement on the target connection. */
    PreparedStatement preparePassThrough(String sql) throws SQLException;

    /** The target connection, opened on the first call. */
    Connection targetConnection() throws SQLException;

    /** Whether the target connection has been opened. */
    boolean isTargetOpen();

    /** Answers without opening the target connection while it is not open. */
    boolean getAutoCommit() throws SQLException;

    void setAutoCommit(boolean autoCommit) throws SQLException;

    /** Commits the transaction of the target connection, with what the session kept of it. */
    default void commit() throws SQLException {
        targetConnection().commit();
    }

    /** Rolls back the transaction of the target connection, dropping what the session kept of it. */
    default void rollback() throws SQLException {
        targetConnection().rollback();
    }

    /**
     * Called before the driver reads the target's metadata: a session with INSERTs that returned before
     * they were written writes them first, so that the metadata (and what it counts) sees them.
     */
    default void beforeMetadataRead() throws SQLException {}

    /** Changes whenever the engine forgets cached table shapes (after DDL): what was described of a table may be stale. */
    default long metadataVersion() {
        return 0;
    }

    /** The query id of the last statement run, or {@code null}. */
    String lastQueryId();

    boolean isClosed();

    @Override
    void close() throws SQLException;
}

package io.sluice.jdbc;

import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import io.sluice.engine.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * What a {@link SluiceConnection} needs from the engine: exactly the public API of {@link Session}. The
 * driver talks to this seam so that its JDBC behaviour can be tested against a hand-written fake.
 */
interface EngineSession extends AutoCloseable {
    Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer) throws SQLException;

    PreparedInsert prepareInsert(String sql) throws SQLException;

    PreparedStatement preparePassThrough(String sql) throws SQLException;

    /** Opens the target connection on first call; see {@link Session#targetConnection()}. */
    Connection targetConnection() throws SQLException;

    boolean isTargetOpen();

    /** Answers without opening the target connection while it is not open; see {@link Session#getAutoCommit()}. */
    boolean getAutoCommit() throws SQLException;

    void setAutoCommit(boolean autoCommit) throws SQLException;

    String lastQueryId();

    boolean isClosed();

    @Override
    void close() throws SQLException;

    /** The engine's session behind this seam. */
    static EngineSession of(Session session) {
        return new Adapter(session);
    }

    /** Forwards every call to the engine's {@link Session}. */
    final class Adapter implements EngineSession {
        private final Session session;

        Adapter(Session session) {
            this.session = java.util.Objects.requireNonNull(session, "session");
        }

        @Override
        public Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer)
                throws SQLException {
            return session.execute(sql, queryId, configurer);
        }

        @Override
        public PreparedInsert prepareInsert(String sql) throws SQLException {
            return session.prepareInsert(sql);
        }

        @Override
        public PreparedStatement preparePassThrough(String sql) throws SQLException {
            return session.preparePassThrough(sql);
        }

        @Override
        public Connection targetConnection() throws SQLException {
            return session.targetConnection();
        }

        @Override
        public boolean isTargetOpen() {
            return session.isTargetOpen();
        }

        @Override
        public boolean getAutoCommit() throws SQLException {
            return session.getAutoCommit();
        }

        @Override
        public void setAutoCommit(boolean autoCommit) throws SQLException {
            session.setAutoCommit(autoCommit);
        }

        @Override
        public String lastQueryId() {
            return session.lastQueryId();
        }

        @Override
        public boolean isClosed() {
            return session.isClosed();
        }

        @Override
        public void close() throws SQLException {
            session.close();
        }
    }
}

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

    Connection targetConnection();

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
        public Connection targetConnection() {
            return session.targetConnection();
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

package io.sluice.engine.session;

import io.sluice.spi.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A session's connection to the target database: for pass-through statements, metadata, INSERT…SELECT and
 * transactions. Opened on first need, then kept until {@link #close()}: an async INSERT never needs it, so
 * that many sessions that only insert hold no connection of the target database's. Opening and closing may
 * happen on any thread; concurrent first calls open one connection.
 */
final class TargetConnection implements AutoCloseable {
    /** Opens a connection to the target database. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    /** The mode a connection not yet opened will start in. */
    private final boolean defaultAutoCommit;
    private final Object lock = new Object();
    /** {@code null} until first needed; written under {@link #lock}. */
    private volatile Connection connection;
    /** Written under {@link #lock}. */
    private volatile boolean closed;
    private String identifierQuote;

    TargetConnection(Opener opener, boolean defaultAutoCommit) {
        this.opener = opener;
        this.defaultAutoCommit = defaultAutoCommit;
    }

    /** The connection, opened by the first call. */
    Connection get() throws SQLException {
        Connection opened = connection;
        return opened != null ? opened : open();
    }

    private Connection open() throws SQLException {
        synchronized (lock) {
            if (connection == null) {
                // Under the lock that close() takes: a session closed meanwhile never opens (and leaks) one.
                checkOpen();
                connection = opener.open();
            }
            return connection;
        }
    }

    /** The connection if it was opened, without opening it. */
    Connection openedOrNull() {
        return connection;
    }

    boolean isOpen() {
        return connection != null;
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The Sluice connection is closed", ErrorCode.SESSION_NOT_FOUND.sqlState(), ErrorCode.SESSION_NOT_FOUND.code());
        }
    }

    /** The auto-commit mode: the connection's once open; before, the mode it will open in, without opening it. */
    boolean getAutoCommit() throws SQLException {
        Connection opened = connection;
        return opened == null ? defaultAutoCommit : opened.getAutoCommit();
    }

    /** Sets the mode, opening the connection unless the mode is the one it would open in (an unchanged mode is a no-op in JDBC). */
    void setAutoCommit(boolean autoCommit) throws SQLException {
        if (connection == null && autoCommit == defaultAutoCommit) {
            return;
        }
        get().setAutoCommit(autoCommit);
    }

    /** The target's identifier quote ({@code "} for SQLite and PostgreSQL, {@code `} for MariaDB), asked once. */
    String identifierQuote() throws SQLException {
        if (identifierQuote == null) {
            String quote = get().getMetaData().getIdentifierQuoteString();
            identifierQuote = quote == null || quote.isBlank() ? "\"" : quote.trim();
        }
        return identifierQuote;
    }

    /** Closes the connection if it was opened; closing twice does nothing. */
    @Override
    public void close() throws SQLException {
        Connection opened;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            opened = connection;
        }
        if (opened != null) {
            opened.close();
        }
    }
}

package io.sluice.jdbc;

import io.sluice.engine.PreparedInsert;
import io.sluice.engine.EngineSession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A JDBC connection through Sluice: INSERTs go to the shared engine, {@code SET}/{@code SYSTEM} statements
 * and queries on {@code system.*} are Sluice's own, everything else passes through to the target
 * database. Transactions, metadata, catalog and schema are the target connection's, which is opened on
 * their first use: a connection that only sends async INSERTs never holds one of the target database's.
 *
 * <p>Not thread-safe, like any JDBC connection, except that {@link #close()} and {@link #isClosed()} may be
 * called from any thread. {@link #close()} closes the connection's open statements, then its engine
 * session; calling it again does nothing.
 */
public final class SluiceConnection implements Connection {
    private final EngineSession session;
    private final ParameterStyle parameterStyle;
    private final Set<SluiceStatement> statements = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** At most this many INSERT texts' parameter metadata are kept per connection. */
    private static final int MAX_DESCRIBED = 256;
    private final Map<String, ParameterInfo> described = new ConcurrentHashMap<>();
    private volatile long describedVersion;

    SluiceConnection(EngineSession session) {
        this(session, ParameterStyle.STANDARD);
    }

    SluiceConnection(EngineSession session, ParameterStyle parameterStyle) {
        this.session = session;
        this.parameterStyle = parameterStyle;
    }

    /** How the target's own driver binds setter arguments, which buffered INSERTs follow. */
    ParameterStyle parameterStyle() {
        return parameterStyle;
    }

    /** Throws {@code 08003} when this connection, or the engine behind it, is closed. */
    void checkClosed() throws SQLException {
        if (closed || session.isClosed()) {
            throw Errors.connectionClosed();
        }
    }

    EngineSession session() {
        return session;
    }

    /**
     * The parameter metadata of a buffered INSERT's text, asked of the target once per text on this connection
     * (a framework that prepares the same INSERT for every call asks each time) and again after DDL.
     */
    ParameterInfo describe(String sql, int count) throws SQLException {
        long version = session.metadataVersion();
        if (version != describedVersion) {
            described.clear();
            describedVersion = version;
        }
        ParameterInfo info = described.get(sql);
        if (info == null || info.getParameterCount() != count) {
            info = ParameterInfo.describe(session, sql, count);
            if (described.size() < MAX_DESCRIBED) {
                described.put(sql, info);
            }
        }
        return info;
    }

    void forget(SluiceStatement statement) {
        statements.remove(statement);
    }

    private <S extends SluiceStatement> S register(S statement) {
        statements.add(statement);
        return statement;
    }

    /** The target connection, opened on first use. */
    private Connection target() throws SQLException {
        return Errors.funnel(session::targetConnection);
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        checkClosed();
        return register(new SluiceStatement(this));
    }

    /** See {@link #checkResultSetKind} for the types and concurrency accepted. */
    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkClosed();
        checkResultSetKind("createStatement", resultSetType, resultSetConcurrency);
        return register(new SluiceStatement(this, resultSetType));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkClosed();
        checkResultSetKind("createStatement", resultSetType, resultSetConcurrency);
        checkHoldability("createStatement", resultSetHoldability);
        return register(new SluiceStatement(this, resultSetType));
    }

    /**
     * Prepares {@code sql}: an {@code INSERT … VALUES (?, …)} Sluice buffers becomes a buffered insert
     * whose executions are queue entries; anything else is prepared on the target (or system) database.
     */
    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkClosed();
        if (sql == null) {
            throw Errors.nullSql("SluiceConnection.prepareStatement");
        }
        PreparedInsert insert = Errors.funnel(() -> session.prepareInsert(sql));
        if (insert != null) {
            return register(new BufferedInsertStatement(this, sql, insert));
        }
        return passThrough(() -> session.preparePassThrough(sql));
    }

    /**
     * With {@link Statement#RETURN_GENERATED_KEYS} the statement runs on the target connection and is
     * never buffered (keys exist only once the row is written); with {@link Statement#NO_GENERATED_KEYS} it
     * is {@link #prepareStatement(String)}.
     */
    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkClosed();
        if (autoGeneratedKeys == Statement.NO_GENERATED_KEYS) {
            return prepareStatement(sql);
        }
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS) {
            throw Errors.badArgument("autoGeneratedKeys must be Statement.RETURN_GENERATED_KEYS or "
                    + "Statement.NO_GENERATED_KEYS, not " + autoGeneratedKeys);
        }
        return passThrough(() -> target().prepareStatement(sql, autoGeneratedKeys));
    }

    /** A statement prepared on the target (or system) database, registered with this connection. */
    private PreparedStatement passThrough(Errors.SqlCall<PreparedStatement> prepare) throws SQLException {
        return register(new PassThroughPreparedStatement(this, Errors.funnel(prepare)));
    }

    /** Runs on the target connection, never buffered: see {@link #prepareStatement(String, int)}. */
    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkClosed();
        return passThrough(() -> target().prepareStatement(sql, columnIndexes));
    }

    /** Runs on the target connection, never buffered: see {@link #prepareStatement(String, int)}. */
    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkClosed();
        return passThrough(() -> target().prepareStatement(sql, columnNames));
    }

    /** See {@link #checkResultSetKind} for the types and concurrency accepted. */
    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkClosed();
        checkResultSetKind("prepareStatement", resultSetType, resultSetConcurrency);
        PreparedStatement prepared = prepareStatement(sql);
        ((SluiceStatement) prepared).setResultSetType(resultSetType);
        return prepared;
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        checkClosed();
        checkResultSetKind("prepareStatement", resultSetType, resultSetConcurrency);
        checkHoldability("prepareStatement", resultSetHoldability);
        return prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    /**
     * Result sets are read-only (Sluice never writes through a cursor), forward-only or scroll-insensitive:
     * the rows of a scroll-insensitive one are read into memory when the statement runs, as PostgreSQL's
     * driver does for its own. Scroll-sensitive rows would need the target's live cursor.
     */
    private static void checkResultSetKind(String method, int type, int concurrency) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE) {
            if (type != ResultSet.TYPE_SCROLL_SENSITIVE) {
                throw Errors.badArgument("SluiceConnection." + method + ": unknown result set type " + type);
            }
            throw Errors.notSupported("SluiceConnection." + method + " with TYPE_SCROLL_SENSITIVE");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw Errors.notSupported("SluiceConnection." + method + " with an updatable result set");
        }
    }

    private void checkHoldability(String method, int holdability) throws SQLException {
        if (holdability != target().getHoldability()) {
            throw Errors.notSupported("SluiceConnection." + method + " with a holdability other than the target's");
        }
    }

    /**
     * Stored procedures run on the target database: the call is the target driver's own statement, which
     * the target connection closes with this connection.
     */
    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkClosed();
        return target().prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkClosed();
        return target().prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        checkClosed();
        return target().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkClosed();
        return target().nativeSQL(sql);
    }

    // ---- transactions: the target connection's

    /** Opens the target connection, unless the mode is the one it would open in (then nothing changes). */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkClosed();
        Errors.funnel(() -> {
            session.setAutoCommit(autoCommit);
            return null;
        });
    }

    /** Does not open the target connection: until it is open, the mode it will open in. */
    @Override
    public boolean getAutoCommit() throws SQLException {
        checkClosed();
        return Errors.funnel(session::getAutoCommit);
    }

    @Override
    public void commit() throws SQLException {
        checkClosed();
        Errors.funnel(() -> {
            session.commit();
            return null;
        });
    }

    @Override
    public void rollback() throws SQLException {
        checkClosed();
        Errors.funnel(() -> {
            session.rollback();
            return null;
        });
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkClosed();
        return target().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkClosed();
        return target().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkClosed();
        target().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkClosed();
        target().releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkClosed();
        target().setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkClosed();
        return target().getTransactionIsolation();
    }

    // ---- connection state: the target connection's

    /**
     * The target database's metadata, so that frameworks detect the target database; only its
     * {@link DatabaseMetaData#getConnection()} answers with this connection, the one that made it.
     */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkClosed();
        DatabaseMetaData target = target().getMetaData();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("getConnection") && method.getParameterCount() == 0) {
                return this;
            }
            if (method.getReturnType() == ResultSet.class) {
                // Read-your-writes: tables, columns, keys… see this connection's INSERTs that returned unwritten.
                Errors.funnel(() -> {
                    session.beforeMetadataRead();
                    return null;
                });
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DatabaseMetaData) Proxy.newProxyInstance(SluiceConnection.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, handler);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkClosed();
        target().setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkClosed();
        return target().isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkClosed();
        target().setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        checkClosed();
        return target().getCatalog();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkClosed();
        target().setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        checkClosed();
        return target().getSchema();
    }

    @Override
    public int getHoldability() throws SQLException {
        checkClosed();
        return target().getHoldability();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkClosed();
        target().setHoldability(holdability);
    }

    /** The target connection's warnings; none while it is not open (pools ask on every return). */
    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkClosed();
        return session.isTargetOpen() ? target().getWarnings() : null;
    }

    /** Does not open the target connection: one that is not open has no warnings to clear. */
    @Override
    public void clearWarnings() throws SQLException {
        checkClosed();
        if (session.isTargetOpen()) {
            target().clearWarnings();
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkClosed();
        return target().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkClosed();
        target().setTypeMap(map);
    }

    /**
     * Whether this connection and its target connection still work; {@code false} once closed (the JDBC
     * contract for this method, which therefore does not throw on a closed connection).
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw Errors.badArgument("isValid: timeout must be 0 or more seconds, not " + timeout);
        }
        if (isClosed()) {
            return false;
        }
        return target().isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        clientInfoTarget(name == null ? Set.of() : Set.of(name)).setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfoTarget(properties == null ? Set.of() : properties.stringPropertyNames()).setClientInfo(properties);
    }

    /**
     * The target connection for {@code setClientInfo}, opening it; {@code setClientInfo} may throw only
     * {@link SQLClientInfoException}, naming the properties it could not set.
     */
    private Connection clientInfoTarget(Set<String> names) throws SQLClientInfoException {
        if (isClosed()) {
            throw Errors.connectionClosedForClientInfo();
        }
        try {
            return target();
        } catch (SQLException e) {
            throw Errors.clientInfoNotSet(names, e);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkClosed();
        return target().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkClosed();
        return target().getClientInfo();
    }

    // ---- objects for parameters: the target driver's, as through the plain URL (a buffered INSERT reads them)

    @Override
    public Clob createClob() throws SQLException {
        checkClosed();
        return target().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkClosed();
        return target().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkClosed();
        return target().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkClosed();
        return target().createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkClosed();
        return target().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        checkClosed();
        return target().createStruct(typeName, attributes);
    }

    /**
     * The target connection's network timeout: it bounds what runs on the target (pass-through statements,
     * synchronous inserts), not the wait for a flush, which {@code wait_for_async_insert_timeout} bounds.
     * Pools such as HikariCP use it to guard against a dead database.
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkClosed();
        target().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkClosed();
        return target().getNetworkTimeout();
    }

    /**
     * Aborts the target connection (as its driver does) and closes this one, its statements and its
     * session on {@code executor}. Rows already handed to the engine are not affected. Does nothing on a
     * closed connection.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw Errors.badArgument("SluiceConnection.abort: the executor must not be null");
        }
        if (isClosed()) {
            return;
        }
        if (session.isTargetOpen()) {
            target().abort(executor);
        }
        closed = true;
        executor.execute(() -> {
            try {
                closeResources();
            } catch (SQLException ignored) {
                // the target connection is aborted: closing what is left may fail, and nobody is waiting for it
            }
        });
    }

    // ---- lifecycle

    /**
     * Closes the open statements (and their result sets), then the engine session and with it the target
     * connection. Rows already handed to the engine are not affected: they are flushed by the engine.
     * Calling it again does nothing.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        closeResources();
    }

    private void closeResources() throws SQLException {
        SQLException failure = null;
        for (SluiceStatement statement : List.copyOf(statements)) {
            try {
                statement.close();
            } catch (Exception e) {
                failure = chain(failure, Errors.convert(e));
            }
        }
        statements.clear();
        try {
            session.close();
        } catch (Exception e) {
            failure = chain(failure, Errors.convert(e));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException chain(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Whether {@link #close()} was called or the engine behind this connection shut down. */
    @Override
    public boolean isClosed() {
        return closed || session.isClosed();
    }

    /** Unwraps to this connection, or to the target connection (or what it wraps). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        // Opens the target connection: what it wraps is known only once it exists.
        Connection target = target();
        if (iface.isInstance(target)) {
            return iface.cast(target);
        }
        if (target.isWrapperFor(iface)) {
            return target.unwrap(iface);
        }
        throw Errors.notAWrapperFor(SluiceConnection.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return true;
        }
        Connection target = target();
        return iface.isInstance(target) || target.isWrapperFor(iface);
    }

    /** The statements still open, for tests. */
    List<SluiceStatement> openStatements() {
        return new ArrayList<>(statements);
    }
}

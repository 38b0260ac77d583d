package io.sluice.jdbc;

import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JDBC statement through Sluice. Each execution is one engine statement: an INSERT is buffered (its
 * update count is the rows written when it waited for the flush, 0 when it did not), a query returns rows,
 * anything else passes through to the target database.
 *
 * <p>Sluice's own API, reached with {@code statement.unwrap(SluiceStatement.class)}: {@link #setQueryId}
 * chooses the query id of the next execution (it ties the insert to its rows in
 * {@code system.asynchronous_insert_log}) and {@link #getLastQueryId} reports the id of the last one.
 *
 * <p>Not thread-safe, like any JDBC statement; {@link #isClosed()} may be called from any thread.
 * {@link #close()} closes the current result set (and any kept by {@code getMoreResults}); calling it again
 * does nothing.
 */
public class SluiceStatement implements Statement {
    final SluiceConnection connection;

    private final Consumer<Statement> configurer = this::configureOrThrowUnchecked;
    private final List<String> sqlBatch = new ArrayList<>();
    /** Results set aside by {@code getMoreResults(KEEP_CURRENT_RESULT)}, closed with the statement. */
    private final List<OpenResult> keptResults = new ArrayList<>();

    /** What closes the current result: the engine's {@link Result}, or a pass-through result set. */
    private AutoCloseable currentOwner;
    private SluiceResultSet currentResultSet;
    private long updateCount = -1;

    /** {@link ResultSet#TYPE_FORWARD_ONLY} or {@link ResultSet#TYPE_SCROLL_INSENSITIVE}. */
    private int resultSetType;
    private long maxRows;
    private int fetchSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private int maxFieldSize;
    private int queryTimeoutSeconds;
    private boolean escapeProcessing = true;
    private boolean poolable;
    private boolean closeOnCompletion;

    /** The statement running this one's SQL on the target or system database, for {@link #cancel()}. */
    private volatile Statement running;
    /** The execution in progress on the engine (its query timeout and cancel), for {@link #cancel()}; else null. */
    private volatile StatementControl executing;

    private String nextQueryId;
    private String lastQueryId;
    private volatile boolean closed;

    SluiceStatement(SluiceConnection connection) {
        this(connection, ResultSet.TYPE_FORWARD_ONLY);
    }

    SluiceStatement(SluiceConnection connection, int resultSetType) {
        this.connection = connection;
        this.resultSetType = resultSetType;
    }

    /** Set once, by the connection that prepares the statement. */
    final void setResultSetType(int resultSetType) {
        this.resultSetType = resultSetType;
    }

    /** Throws {@code HY010} when this statement is closed, {@code 08003} when its connection is. */
    final void checkClosed() throws SQLException {
        if (closed) {
            throw Errors.statementClosed();
        }
        connection.checkClosed();
    }

    // ---- Sluice's own API

    /**
     * Sets the query id of the next execution (then forgotten); {@code null} lets the engine generate one.
     * In a batch of SQL texts it applies to the first statement.
     */
    public void setQueryId(String queryId) throws SQLException {
        checkClosed();
        this.nextQueryId = queryId;
    }

    /** The query id of the last execution of this statement, or {@code null} before the first one. */
    public String getLastQueryId() throws SQLException {
        checkClosed();
        return lastQueryId;
    }

    final String takeQueryId() {
        String queryId = nextQueryId;
        nextQueryId = null;
        return queryId;
    }

    final void recordQueryId(String queryId) {
        lastQueryId = queryId;
    }

    // ---- execution

    @Override
    public boolean execute(String sql) throws SQLException {
        checkClosed();
        checkSqlTextAccepted("execute");
        return runOnEngine(sql, takeQueryId());
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        checkClosed();
        checkSqlTextAccepted("executeQuery");
        if (!runOnEngine(sql, takeQueryId())) {
            throw Errors.noResultSet("SluiceStatement.executeQuery");
        }
        return currentResultSet;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return saturatedCount(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        checkClosed();
        checkSqlTextAccepted("executeUpdate");
        if (runOnEngine(sql, takeQueryId())) {
            closeCurrent();
            throw Errors.unexpectedResultSet("SluiceStatement.executeUpdate");
        }
        return updateCount;
    }

    /**
     * With {@link Statement#RETURN_GENERATED_KEYS} the statement runs on the target connection and is never
     * buffered (keys exist only once the row is written); see {@link #getGeneratedKeys()}.
     */
    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        checkClosed();
        if (wantsGeneratedKeys(autoGeneratedKeys)) {
            return runWithKeys("execute", sql, target -> target.execute(sql, Statement.RETURN_GENERATED_KEYS));
        }
        return execute(sql);
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        checkClosed();
        return runWithKeys("execute", sql, target -> target.execute(sql, columnIndexes));
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        checkClosed();
        return runWithKeys("execute", sql, target -> target.execute(sql, columnNames));
    }

    /** Runs on the target connection with {@link Statement#RETURN_GENERATED_KEYS}: see {@link #execute(String, int)}. */
    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return saturatedCount(executeLargeUpdate(sql, autoGeneratedKeys));
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return saturatedCount(executeLargeUpdate(sql, columnIndexes));
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return saturatedCount(executeLargeUpdate(sql, columnNames));
    }

    /** Runs on the target connection with {@link Statement#RETURN_GENERATED_KEYS}: see {@link #execute(String, int)}. */
    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkClosed();
        if (wantsGeneratedKeys(autoGeneratedKeys)) {
            return updateWithKeys(sql, target -> target.execute(sql, Statement.RETURN_GENERATED_KEYS));
        }
        return executeLargeUpdate(sql);
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        checkClosed();
        return updateWithKeys(sql, target -> target.execute(sql, columnIndexes));
    }

    /** Runs on the target connection, never buffered: see {@link #execute(String, int)}. */
    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        checkClosed();
        return updateWithKeys(sql, target -> target.execute(sql, columnNames));
    }

    private static boolean wantsGeneratedKeys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw Errors.badArgument("autoGeneratedKeys must be Statement.RETURN_GENERATED_KEYS or "
                    + "Statement.NO_GENERATED_KEYS, not " + autoGeneratedKeys);
        }
        return autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS;
    }

    /** One execution on a statement of the target connection that asks it for generated keys. */
    private interface KeysExecution {
        boolean run(Statement target) throws SQLException;
    }

    /**
     * Runs {@code sql} on a new statement of the target connection, which stays this statement's current
     * result (and the source of {@link #getGeneratedKeys()}) until the next execution.
     */
    private boolean runWithKeys(String method, String sql, KeysExecution execution) throws SQLException {
        checkSqlTextAccepted(method);
        if (sql == null) {
            throw Errors.nullSql("SluiceStatement." + method);
        }
        closeCurrent();
        recordQueryId(null);
        takeQueryId();
        Statement target = Errors.funnel(() -> connection.session().targetConnection().createStatement());
        try {
            configure(target);
            running = target;
            if (execution.run(target)) {
                adopt(target, target.getResultSet(), -1);
                return true;
            }
            adopt(target, null, target.getUpdateCount());
            return false;
        } catch (SQLException | RuntimeException e) {
            SQLException failure = Errors.convert(e);
            throw closeQuietlyInto(target, failure);
        } finally {
            running = null;
        }
    }

    private long updateWithKeys(String sql, KeysExecution execution) throws SQLException {
        if (runWithKeys("executeUpdate", sql, execution)) {
            closeCurrent();
            throw Errors.unexpectedResultSet("SluiceStatement.executeUpdate");
        }
        return updateCount;
    }

    /**
     * The keys the target generated for the last execution, when it ran with generated keys requested
     * ({@link #execute(String, int)} and the like); otherwise none (an empty result set, as target drivers
     * answer): a buffered INSERT's rows are written later.
     */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkClosed();
        if (currentOwner instanceof Statement target) {
            return rowsOf(target.getGeneratedKeys());
        }
        return RowResultSet.empty(this);
    }

    /** A prepared statement runs its own SQL; the methods taking SQL text refuse it there. */
    private void checkSqlTextAccepted(String method) throws SQLException {
        if (this instanceof SluicePreparedStatement) {
            throw Errors.sqlTextOnPreparedStatement(method);
        }
    }

    /** Runs one statement on the engine and makes its outcome current; true when it returned rows. */
    private boolean runOnEngine(String sql, String queryId) throws SQLException {
        if (sql == null) {
            throw Errors.nullSql("SluiceStatement.execute");
        }
        closeCurrent();
        Result result = executeOnEngine(sql, queryId);
        recordQueryId(result.queryId());
        adopt(result);
        return result.isQuery();
    }

    private Result executeOnEngine(String sql, String queryId) throws SQLException {
        // As onEngine does, without a capturing lambda per statement.
        StatementControl control = beginOnEngine();
        try {
            return connection.session().execute(sql, queryId, configurer, control);
        } catch (Exception e) {
            throw onEngineFailure(e);
        } finally {
            endOnEngine();
        }
    }

    /** One execution on the engine, given its query timeout and cancel. */
    interface EngineCall {
        Result call(StatementControl control) throws Exception;
    }

    /**
     * Runs one execution on the engine, bounded by this statement's query timeout and cancelled by
     * {@link #cancel()}: what it throws reaches the caller through {@link Errors#convert}.
     */
    final Result onEngine(EngineCall execution) throws SQLException {
        StatementControl control = beginOnEngine();
        try {
            return execution.call(control);
        } catch (Exception e) {
            throw onEngineFailure(e);
        } finally {
            endOnEngine();
        }
    }

    /**
     * {@link #onEngine} in three parts, for a hot path that calls the engine itself rather than through a lambda:
     * {@code control = beginOnEngine(); try { …(control) } catch (Exception e) { throw onEngineFailure(e); } finally { endOnEngine(); }}.
     */
    final StatementControl beginOnEngine() {
        StatementControl control = new StatementControl(queryTimeoutSeconds);
        executing = control;
        return control;
    }

    /** What an execution on the engine throws, as the caller gets it (see {@link #beginOnEngine}). */
    static SQLException onEngineFailure(Exception e) {
        return e instanceof ConfigurationFailed failed ? failed.getCause() : Errors.convert(e);
    }

    /** Ends an execution begun by {@link #beginOnEngine}. */
    final void endOnEngine() {
        executing = null;
        running = null;
    }

    /** Makes an engine result current: a result set stays open until the next execution or close. */
    final void adopt(Result result) throws SQLException {
        if (result.isQuery()) {
            adopt(result, result.resultSet(), -1);
        } else {
            long count = result.updateCount();
            result.close();
            adopt(null, null, count);
        }
    }

    /** Makes a result current; {@code owner} is closed when the result is replaced or the statement closes. */
    final void adopt(AutoCloseable owner, ResultSet resultSet, long count) throws SQLException {
        currentOwner = owner;
        currentResultSet = null;
        updateCount = count;
        if (resultSet != null) {
            currentResultSet = rowsOf(resultSet);
        }
    }

    /**
     * The application's view of rows from below. A {@link javax.sql.RowSet} is rows the engine already
     * copied out of the system database, and a scroll-insensitive statement's rows are a snapshot: both are
     * held in memory; otherwise the target database's cursor is read through.
     */
    final SluiceResultSet rowsOf(ResultSet resultSet) throws SQLException {
        if (resultSet instanceof javax.sql.RowSet || resultSetType != ResultSet.TYPE_FORWARD_ONLY) {
            return RowResultSet.copyOf(this, resultSet, resultSetType);
        }
        return new TargetResultSet(this, resultSet);
    }

    /** Closes the current result, if any, and forgets it. */
    final void closeCurrent() throws SQLException {
        OpenResult current = takeCurrent();
        SQLException failure = current == null ? null : current.close(null);
        if (failure != null) {
            throw failure;
        }
    }

    /** The current result, now forgotten by the statement (and no longer its to close), or {@code null}. */
    private OpenResult takeCurrent() {
        OpenResult current = currentOwner == null && currentResultSet == null
                ? null : new OpenResult(currentOwner, currentResultSet);
        currentOwner = null;
        currentResultSet = null;
        updateCount = -1;
        return current;
    }

    /** The current result is set aside (still open, closed with the statement) instead of closed. */
    final void keepCurrent() {
        OpenResult current = takeCurrent();
        if (current != null) {
            keptResults.add(current);
        }
    }

    /** An open result: what closes it, and the application's view of its rows (either may be null). */
    private record OpenResult(AutoCloseable owner, SluiceResultSet rows) {
        /** Closes the rows, adding a failure to {@code failure} (or returning it as the first). */
        SQLException close(SQLException failure) {
            if (rows != null) {
                rows.closedByStatement();
            }
            return closeQuietlyInto(owner, failure);
        }
    }

    /** Closes {@code resource}, adding a failure to {@code failure} (or returning it as the first). */
    static SQLException closeQuietlyInto(AutoCloseable resource, SQLException failure) {
        if (resource == null) {
            return failure;
        }
        try {
            resource.close();
            return failure;
        } catch (Exception e) {
            SQLException asSql = Errors.convert(e);
            if (failure == null) {
                return asSql;
            }
            failure.addSuppressed(asSql);
            return failure;
        }
    }

    // ---- the statement applied to the underlying JDBC statement

    /** Applies this statement's limits and hints to the statement that really runs the SQL. */
    final void configure(Statement underlying) throws SQLException {
        if (maxRows > 0) {
            if (maxRows <= Integer.MAX_VALUE) {
                underlying.setMaxRows((int) maxRows);
            } else {
                underlying.setLargeMaxRows(maxRows);
            }
        }
        if (fetchSize > 0) {
            // a hint; drivers (sqlite-jdbc among them) refuse one above the row limit
            underlying.setFetchSize(maxRows > 0 ? (int) Math.min(fetchSize, maxRows) : fetchSize);
        }
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            underlying.setFetchDirection(fetchDirection);
        }
        if (maxFieldSize > 0) {
            underlying.setMaxFieldSize(maxFieldSize);
        }
        if (queryTimeoutSeconds > 0) {
            underlying.setQueryTimeout(queryTimeoutSeconds);
        }
        if (!escapeProcessing) {
            underlying.setEscapeProcessing(false);
        }
    }

    private void configureOrThrowUnchecked(Statement underlying) {
        running = underlying;
        try {
            configure(underlying);
        } catch (SQLException e) {
            throw new ConfigurationFailed(e);
        }
    }

    /** Carries a configuration failure through the engine's {@link Consumer} callback. */
    private static final class ConfigurationFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigurationFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    // ---- results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkClosed();
        return currentResultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return saturatedCount(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkClosed();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    /** An engine statement has exactly one result, so there never are more. */
    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkClosed();
        releaseCurrent(current);
        return false;
    }

    /** Closes or keeps the current result as {@link #getMoreResults(int)} asks. */
    final void releaseCurrent(int current) throws SQLException {
        switch (current) {
            case Statement.CLOSE_CURRENT_RESULT -> closeCurrent();
            case Statement.KEEP_CURRENT_RESULT -> keepCurrent();
            case Statement.CLOSE_ALL_RESULTS -> {
                closeCurrent();
                closeKept();
            }
            default -> throw Errors.badArgument("getMoreResults: current must be Statement.CLOSE_CURRENT_RESULT, "
                    + "KEEP_CURRENT_RESULT or CLOSE_ALL_RESULTS, not " + current);
        }
    }

    private void closeKept() throws SQLException {
        SQLException failure = closeKeptInto(null);
        if (failure != null) {
            throw failure;
        }
    }

    private SQLException closeKeptInto(SQLException failure) {
        for (OpenResult kept : keptResults) {
            failure = kept.close(failure);
        }
        keptResults.clear();
        return failure;
    }

    /** Called by a result set of this statement when the application closes it. */
    final void resultSetClosed(SluiceResultSet resultSet) throws SQLException {
        if (!closeOnCompletion || closed) {
            return;
        }
        boolean open = currentResultSet != null && !currentResultSet.wasClosed();
        for (OpenResult kept : keptResults) {
            open |= kept.rows() != null && !kept.rows().wasClosed();
        }
        if (!open) {
            close();
        }
    }

    // ---- batches of SQL text

    @Override
    public void addBatch(String sql) throws SQLException {
        checkClosed();
        checkSqlTextAccepted("addBatch");
        if (sql == null) {
            throw Errors.nullSql("SluiceStatement.addBatch");
        }
        sqlBatch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkClosed();
        sqlBatch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = saturatedCount(counts[i]);
        }
        return result;
    }

    /**
     * Runs the statements of the batch in order, each as its own engine statement; the batch is empty
     * afterwards. A failure stops the batch with a {@link BatchUpdateException} holding the counts of the
     * statements that ran, and the engine's error code, SQLState and message.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkClosed();
        List<String> statements = List.copyOf(sqlBatch);
        sqlBatch.clear();
        closeCurrent();
        long[] counts = new long[statements.size()];
        String queryId = takeQueryId();
        for (int i = 0; i < counts.length; i++) {
            Result result;
            try {
                result = executeOnEngine(statements.get(i), i == 0 ? queryId : null);
            } catch (SQLException e) {
                throw Errors.batchFailed(e, Arrays.copyOf(counts, i));
            }
            recordQueryId(result.queryId());
            boolean query = result.isQuery();
            counts[i] = result.updateCount();
            result.close();
            if (query) {
                throw Errors.batchStatementReturnedRows(i + 1, Arrays.copyOf(counts, i));
            }
        }
        return counts;
    }

    static int saturatedCount(long count) {
        return count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) count;
    }

    // ---- limits and hints

    @Override
    public int getMaxRows() throws SQLException {
        return saturatedCount(getLargeMaxRows());
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkClosed();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkClosed();
        if (max < 0) {
            throw Errors.badArgument("setMaxRows: the limit must be 0 (none) or more, not " + max);
        }
        maxRows = max;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkClosed();
        return fetchSize;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkClosed();
        fetchSize = checkFetchSize(rows);
    }

    /** The fetch size a statement or result set accepts: 0 (the driver's choice) or more. */
    static int checkFetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw Errors.badArgument("setFetchSize: the fetch size must be 0 (the driver's choice) or more, not "
                    + rows);
        }
        return rows;
    }

    /** The fetch directions JDBC defines. */
    static int checkFetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
                && direction != ResultSet.FETCH_UNKNOWN) {
            throw Errors.badArgument("setFetchDirection: the direction must be ResultSet.FETCH_FORWARD, "
                    + "FETCH_REVERSE or FETCH_UNKNOWN, not " + direction);
        }
        return direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkClosed();
        return fetchDirection;
    }

    /** A hint passed to the statement that runs the SQL. */
    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkClosed();
        fetchDirection = checkFetchDirection(direction);
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkClosed();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkClosed();
        if (max < 0) {
            throw Errors.badArgument("setMaxFieldSize: the limit must be 0 (none) or more, not " + max);
        }
        maxFieldSize = max;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkClosed();
        return queryTimeoutSeconds;
    }

    /**
     * Applied to the statement that runs a pass-through or system query, and bounds an INSERT's wait for its
     * flush (with {@code wait_for_async_insert_timeout}, whichever is smaller): past it the INSERT fails with
     * {@code TIMEOUT_EXCEEDED} and its data stays queued, to be written later.
     */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkClosed();
        if (seconds < 0) {
            throw Errors.badArgument("setQueryTimeout: the timeout must be 0 (none) or more seconds, not " + seconds);
        }
        queryTimeoutSeconds = seconds;
    }

    /** Kept, and passed to the statement that runs pass-through SQL. */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkClosed();
        escapeProcessing = enable;
    }

    /** Whether escape processing is on, as last set (default on). Not part of {@link Statement}. */
    public boolean getEscapeProcessing() throws SQLException {
        checkClosed();
        return escapeProcessing;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkClosed();
        return poolable;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkClosed();
        this.poolable = poolable;
    }

    /** The statement closes itself when the application closes its result set. */
    @Override
    public void closeOnCompletion() throws SQLException {
        checkClosed();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkClosed();
        return closeOnCompletion;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkClosed();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkClosed();
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkClosed();
        return connection.getHoldability();
    }

    /** Sluice statements raise no warnings of their own: always {@code null} ("no warnings"). */
    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkClosed();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkClosed();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceStatement.setCursorName");
    }

    /**
     * Cancels what runs on the target (or system) database for this statement, as its driver does; with
     * nothing running, does nothing. An INSERT waiting for its flush stops waiting and fails with
     * {@code QUERY_WAS_CANCELLED}; its data stays queued and is written later (ClickHouse does not take back
     * an accepted entry either). One cancelled before it was buffered is not queued.
     */
    @Override
    public void cancel() throws SQLException {
        checkClosed();
        Statement underlying = running;
        StatementControl control = executing;
        if (underlying != null) {
            Errors.funnel(() -> {
                underlying.cancel();
                return null;
            });
        } else if (control != null) {
            control.cancel();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkClosed();
        return connection;
    }

    // ---- lifecycle

    /** Closes the current and kept result sets; calling it again does nothing. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            OpenResult current = takeCurrent();
            SQLException failure = closeKeptInto(current == null ? null : current.close(null));
            if (failure != null) {
                throw failure;
            }
        } finally {
            connection.forget(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notAWrapperFor(getClass(), iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkClosed();
        return iface.isInstance(this);
    }
}

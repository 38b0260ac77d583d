package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.EngineSession;
import io.sluice.engine.Errors;
import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.system.QueryIds;
import io.sluice.engine.system.SystemTables;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.SettingAssignment;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The engine side of one JDBC connection: its settings ({@code SET}), its {@link TargetConnection} for
 * pass-through statements and transactions, and its statements, each run by the handler of its kind
 * ({@link StatementDispatcher}) and logged to {@code system.query_log}. Not thread-safe, like a JDBC
 * connection, except that {@link #close()}, {@link #isClosed()} and the opening of the target connection
 * may happen on any thread. Closing it twice does nothing.
 */
public final class Session implements EngineSession {
    private final Engine engine;
    private final Runnable onClose;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    private final TargetConnection target;
    private final ResolvedInserts resolved;
    private final StatementDispatcher dispatcher;
    private final Preparer preparer;
    private final UnwrittenInserts unwritten = new UnwrittenInserts();
    private final SessionTables ownTables = new SessionTables();
    private final TransactionInserts transaction;
    /** The engine's settings with this connection's and this session's {@code SET}s on top. */
    private SettingsStack settings;
    private boolean logQueries;
    /** {@code log_queries_probability} in force. */
    private double logProbability;
    private String lastQueryId;

    public Session(Engine engine, SettingsLayer connectionLayer) {
        this(engine, connectionLayer, () -> {});
    }

    /**
     * @param onClose run once, when this session closes: gives back the session's hold on its engine
     */
    public Session(Engine engine, SettingsLayer connectionLayer, Runnable onClose) {
        this.engine = engine;
        this.onClose = onClose;
        this.target = new TargetConnection(() -> engine.storage().openConnection(), engine.targetAutoCommit);
        this.resolved = new ResolvedInserts(engine);
        this.dispatcher = new StatementDispatcher(this, engine, target);
        this.preparer = new Preparer(this, engine, target);
        this.transaction = new TransactionInserts(engine);
        this.settings = engine.settings.withConnection(connectionLayer);
        this.logQueries = settings.resolve().getBoolean(Setting.LOG_QUERIES);
        this.logProbability = settings.resolve().getDouble(Setting.LOG_QUERIES_PROBABILITY);
    }

    /**
     * Runs one statement: an INSERT goes to the engine, {@code SET} and {@code SYSTEM} statements are
     * Sluice's own, a query on {@code system.*} reads the system tables, anything else passes through to
     * the target database.
     *
     * @param queryId the query id to use, or {@code null} to generate one
     * @param configurer applied to the underlying JDBC statement before a pass-through or system query runs
     *     (max rows, fetch size, timeout); may be {@code null}
     */
    @Override
    public Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer) throws SQLException {
        return execute(sql, queryId, configurer, null);
    }

    @Override
    public Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer, StatementControl control) throws SQLException {
        checkOpen();
        String id = start(queryId);
        StatementHandler.Call call = new StatementHandler.Call(sql, id, configurer, engine.clock.epochMicros(), QueryTrace.statementText(sql),
                QueryTrace.logged(logQueries, logProbability), control);
        try {
            return finish(call, dispatcher.run(engine.parser.parse(sql), call));
        } catch (SQLException | RuntimeException e) {
            throw fail(call, e);
        }
    }

    /** Runs a prepared INSERT's rows ({@link Preparer}). */
    Result executePrepared(InsertStatement insert, List<Object[]> rows, String queryId, StatementControl control) throws SQLException {
        checkOpen();
        String id = start(queryId);
        StatementHandler.Call call = new StatementHandler.Call(insert.sql(), id, null, engine.clock.epochMicros(), insert.head().text(),
                QueryTrace.logged(logQueries, logProbability), control);
        try {
            return finish(call, dispatcher.bufferedInsert.run(insert, rows, call));
        } catch (SQLException | RuntimeException e) {
            throw fail(call, e);
        }
    }

    private String start(String queryId) {
        String id = queryId != null ? queryId : QueryIds.newQueryId();
        lastQueryId = id;
        return id;
    }

    private Result finish(StatementHandler.Call call, Result result) {
        if (call.trace().logged) {
            call.trace().log(engine, call.queryId(), engine.clock.epochMicros(), result, null);
        }
        return result;
    }

    private SQLException fail(StatementHandler.Call call, Exception error) {
        if (call.trace().logged) {
            call.trace().log(engine, call.queryId(), engine.clock.epochMicros(), null, error);
        }
        return Errors.convert(error);
    }

    /** Puts {@code SET}s on top of the session's settings. */
    void applySet(List<SettingAssignment> assignments) throws SQLException {
        settings = settings.withSet(assignments);
        resolved.clear();
        logQueries = settings.resolve().getBoolean(Setting.LOG_QUERIES);
        logProbability = settings.resolve().getDouble(Setting.LOG_QUERIES_PROBABILITY);
    }

    /** Remembers an INSERT into {@code table} that returned before it was written, for read-your-writes. */
    void unwritten(TableInfo table, CompletableFuture<?> write) {
        unwritten.add(table, write);
    }

    /**
     * Read-your-writes: writes this session's unwritten INSERTs into the tables a statement names (all of
     * them when {@code sql} is {@code null}, for a metadata read) and waits for them, unless
     * {@code async_insert_read_your_writes} is off. Their own errors stay theirs (dead letters, logs): the
     * statement runs in any case. Lexes the statement only when this session has unwritten INSERTs.
     */
    void writeUnwritten(/* nullable */ String sql) throws SQLException {
        if (unwritten.isEmpty() || !settings.resolve().getBoolean(Setting.ASYNC_INSERT_READ_YOUR_WRITES)) {
            return;
        }
        UnwrittenInserts.Pending pending = unwritten.named(sql);
        if (pending.isEmpty()) {
            return;
        }
        engine.flushQueues(pending.tables());
        for (CompletableFuture<?> write : pending.writes()) {
            try {
                write.get();
            } catch (ExecutionException e) {
                // The INSERT's own failure, reported where fire-and-forget failures go.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while writing this connection's buffered INSERTs", e);
            }
        }
    }

    /**
     * Before a statement runs on the target connection: read-your-writes for the tables it names, and in
     * a transaction its pending INSERTs written there first (the transaction then lives on the target).
     */
    void beforeTargetStatement(String sql) throws SQLException {
        writeUnwritten(sql);
        if (!target.getAutoCommit()) {
            transaction.beforeTargetStatement(target.get());
        }
    }

    /** Whether only this session's target connection sees the INSERT's table (a temporary table): it passes through. */
    boolean ownsTable(InsertHead head) {
        return ownTables.contains(head);
    }

    /**
     * After the storage found no table for the INSERT: whether this session's target connection sees one (a
     * temporary table); then it is remembered and its INSERTs pass through. Never in a transaction.
     */
    boolean probeOwnTable(InsertHead head) throws SQLException {
        return target.getAutoCommit() && ownTables.probe(head, target.get());
    }

    /** After DDL passed through this session (see {@link SessionTables#afterDdl}). */
    void afterDdl(String sql) {
        ownTables.afterDdl(sql);
    }

    /** Whether an INSERT of a transaction is kept on the session until COMMIT ({@link TransactionInserts}). */
    boolean keepsInTransaction(EffectiveSettings effective) {
        return effective.getBoolean(Setting.ASYNC_INSERT_IN_TRANSACTIONS);
    }

    /** Keeps a transaction's INSERT until COMMIT or the transaction's next other statement; returns its rows. */
    long keepInTransaction(io.sluice.engine.insert.KeyQueue queue, String data, int dataStart, List<Object[]> typedRows) throws SQLException {
        return transaction.add(queue, data, dataStart, typedRows);
    }

    /** COMMIT: the transaction's kept INSERTs as one all-or-nothing group, or on its own connection when it lived on the target. */
    @Override
    public void commit() throws SQLException {
        checkOpen();
        transaction.commit(target.openedOrNull(), settings.resolve());
    }

    /** ROLLBACK: drops the transaction's kept INSERTs. */
    @Override
    public void rollback() throws SQLException {
        checkOpen();
        transaction.rollback(target.openedOrNull());
    }

    /** Metadata reads of the target see this session's unwritten INSERTs ({@link #writeUnwritten}). */
    @Override
    public void beforeMetadataRead() throws SQLException {
        checkOpen();
        writeUnwritten(null);
    }

    /** Checks a statement's {@code SETTINGS} clause against the settings in force. */
    void checkSettings(List<SettingAssignment> statementSettings) throws SQLException {
        settings.check(statementSettings);
    }

    ResolvedInserts.Resolved resolve(InsertHead head) throws SQLException {
        return resolved.resolve(head, settings);
    }

    /** Runs a query on the system tables, with {@code system.settings} as this session sees them. */
    ResultSet readSystem(Set<String> tables, SystemTables.SqlFunction<Connection, ResultSet> query) throws SQLException {
        return engine.readSystem(tables, this::settingRows, query);
    }

    /** What {@code system.settings} shows this session. */
    private List<SystemTables.SettingRow> settingRows() {
        EffectiveSettings effective = settings.resolve();
        List<SystemTables.SettingRow> rows = new ArrayList<>();
        for (SettingsRegistry.Spec spec : engine.registry.specs()) {
            String value = effective.value(spec.index());
            rows.add(new SystemTables.SettingRow(spec.name(), value, !value.equals(spec.defaultValue()), spec.defaultValue(), spec.type(),
                    spec.description()));
        }
        return rows;
    }

    /**
     * Prepares {@code sql} as a buffered insert when it is an INSERT, or as a statement the engine runs
     * when it is one of Sluice's own ({@code SET}, {@code SYSTEM …}): frameworks such as Jdbi prepare
     * every statement they run.
     *
     * @return the prepared insert, or {@code null} when the statement is anything else, an INSERT that is
     *     the target's own SQL ({@code ON CONFLICT}, {@code ?::jsonb}, {@code now()}…) included (then use
     *     {@link #preparePassThrough})
     * @throws SQLException when the INSERT is invalid (unknown table or column, bad settings, syntax)
     */
    @Override
    public PreparedInsert prepareInsert(String sql) throws SQLException {
        checkOpen();
        return preparer.prepareInsert(sql);
    }

    /**
     * Prepares a statement that is not a buffered insert: on the system tables when it reads
     * {@code system.*}, on the target connection otherwise.
     */
    @Override
    public PreparedStatement preparePassThrough(String sql) throws SQLException {
        checkOpen();
        return preparer.preparePassThrough(sql);
    }

    /**
     * The connection to the target database: pass-through statements, metadata, and transactions
     * ({@code setAutoCommit}, {@code commit}, {@code rollback}). Owned by the session. Opened by the first
     * call, from any thread (concurrent first calls open one connection), then the same until {@link #close()}.
     *
     * @throws SQLException the target driver's error when it cannot be opened, or {@code SESSION_NOT_FOUND} once closed
     */
    @Override
    public Connection targetConnection() throws SQLException {
        Connection connection = target.get();
        if (!connection.getAutoCommit()) {
            // The caller runs something on it (a savepoint, an INSERT returning keys): the transaction's INSERTs go first.
            transaction.beforeTargetStatement(connection);
        }
        return connection;
    }

    @Override
    public long metadataVersion() {
        return engine.metadataVersion();
    }

    /** Whether the target connection has been opened ({@link #targetConnection()}); it stays open until {@link #close()}. */
    @Override
    public boolean isTargetOpen() {
        return target.isOpen();
    }

    /**
     * The auto-commit mode: the target connection's once it is open; before, the mode it will open in
     * (on, unless an application's data source hands out connections with it off), without opening it.
     */
    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return target.getAutoCommit();
    }

    /**
     * Sets the target connection's auto-commit mode, opening it. Setting the mode a connection not yet
     * opened will start in changes nothing, so it opens nothing (JDBC makes an unchanged mode a no-op).
     */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !target.getAutoCommit()) {
            // JDBC: changing the mode inside a transaction commits it.
            commit();
        } else if (!autoCommit && target.getAutoCommit()) {
            // A transaction begins after what its connection wrote before: a pool hands connections around,
            // and what one piece of code inserted without waiting another one reads in its transaction.
            writeUnwritten(null);
        }
        target.setAutoCommit(autoCommit);
    }

    /** The query id of the last statement this session ran, or {@code null}. */
    @Override
    public String lastQueryId() {
        return lastQueryId;
    }

    /** Whether {@link #close()} was called or the engine shut down. */
    @Override
    public boolean isClosed() {
        return target.isClosed() || engine.isClosing();
    }

    void checkOpen() throws SQLException {
        target.checkOpen();
        if (engine.isClosing()) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The Sluice engine for " + engine.target + " has shut down");
        }
    }

    /** The engine this session runs on. */
    public Engine engine() {
        return engine;
    }

    /** Closes the target connection if it was opened, and gives back this session's hold on its engine. */
    @Override
    public void close() throws SQLException {
        try {
            target.close();
        } finally {
            if (released.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}

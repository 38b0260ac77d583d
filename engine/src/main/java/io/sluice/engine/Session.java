package io.sluice.engine;

import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.KeyResolver;
import io.sluice.engine.insert.PendingInsert;
import io.sluice.engine.insert.RowBytes;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.SystemTables;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertSource;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.PassThroughStatement;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.SetStatement;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.SqlText;
import io.sluice.parser.Statement;
import io.sluice.parser.SystemFlushLogsStatement;
import io.sluice.parser.SystemFlushQueueStatement;
import io.sluice.parser.SystemQueryStatement;
import io.sluice.parser.SystemReplayDeadLetterStatement;
import io.sluice.parser.format.Format;
import io.sluice.parser.format.ValuesShape;
import io.sluice.parser.format.ValuesTemplate;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The engine side of one JDBC connection: its session settings ({@code SET}), its connection to the
 * target database for pass-through statements and transactions, and its reads of the system tables.
 * Not thread-safe, like a JDBC connection, except that {@link #close()}, {@link #isClosed()} and the
 * opening of the target connection may happen on any thread. Closing it twice does nothing.
 *
 * <p>The target connection is opened on first need (a pass-through statement, a transaction, metadata…),
 * then kept until {@link #close()}: an async INSERT never needs it, so that many sessions that only insert
 * hold no connection of the target database's and share the engine's few writes.
 */
public final class Session implements EngineSession {
    private static final int RESOLVED_LIMIT = 1_000;

    /** An INSERT head resolved against the table and the settings in force: everything the hot path needs. */
    private record Resolved(KeyQueue queue, EffectiveSettings settings, String logComment, String deduplicationToken, boolean logQueries) {}

    /** Longest statement text {@code system.query_log} keeps of a statement that did not parse. */
    private static final int UNPARSED_QUERY_LOG_LENGTH = 1_000;

    private final Engine engine;
    /** The connection to the target database, {@code null} until first needed; written under {@link #targetLock}. */
    private volatile Connection target;
    private final Object targetLock = new Object();
    /** The engine's settings with this connection's and this session's {@code SET}s on top. */
    private SettingsStack settings;
    private final Map<InsertHead, Resolved> resolved = new IdentityHashMap<>();
    private long resolvedMetadataVersion;
    private String lastQueryId;
    private volatile boolean closed;
    private boolean logQueries;
    private String identifierQuote;

    /** What {@code system.query_log} will show of one statement, filled in as the statement runs. */
    private static final class QueryTrace {
        final long startMicros;
        boolean logged;
        boolean started;
        String kind = "Other";
        String text;
        /** Whether {@code text} is an INSERT's head as the parser gave it, rather than the statement's own text. */
        boolean textIsHead;
        String database = "";
        String table = "";
        long bytes;
        String logComment = "";

        QueryTrace(long startMicros, String text, boolean logged) {
            this.startMicros = startMicros;
            this.text = text;
            this.logged = logged;
        }
    }

    Session(Engine engine, SettingsLayer connectionLayer) {
        this.engine = engine;
        this.settings = engine.settings.withConnection(connectionLayer);
        this.resolvedMetadataVersion = engine.metadataVersion();
        this.logQueries = settings.resolve().getBoolean(Setting.LOG_QUERIES);
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
    public Result execute(String sql, String queryId, Consumer<java.sql.Statement> configurer) throws SQLException {
        checkOpen();
        String id = queryId != null ? queryId : Engine.newQueryId();
        lastQueryId = id;
        QueryTrace trace = new QueryTrace(engine.clock.epochMicros(),
                sql.length() > UNPARSED_QUERY_LOG_LENGTH ? sql.substring(0, UNPARSED_QUERY_LOG_LENGTH) + "…" : sql, logQueries);
        try {
            Result result = run(sql, id, configurer, trace);
            endQuery(trace, id, result, null);
            return result;
        } catch (SQLException | RuntimeException e) {
            endQuery(trace, id, null, e);
            throw Errors.convert(e);
        }
    }

    /** Writes the statement's {@code system.query_log} row: {@code QueryFinish}, or the exception and whether it started. */
    private void endQuery(QueryTrace trace, String id, Result result, Exception error) {
        if (!trace.logged) {
            return;
        }
        long written = 0;
        if (result != null && "Insert".equals(trace.kind)) {
            written = Math.max(0, result.updateCount());
        }
        String type = error == null ? "QueryFinish" : trace.started ? "ExceptionWhileProcessing" : "ExceptionBeforeStart";
        engine.logQuery(new SystemTables.QueryLogRow(type, engine.clock.epochMicros(), trace.startMicros, trace.kind, id, trace.text,
                trace.textIsHead, trace.database, trace.table, written, written > 0 ? trace.bytes : 0, error == null ? 0 : Engine.errorCode(error),
                error == null ? "" : String.valueOf(error.getMessage()), trace.logComment));
    }

    /** The {@code query_kind} of a statement passed through, from its first word. */
    private static String passThroughKind(String sql) {
        String word = SqlText.firstWord(sql).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "select", "with", "values", "explain", "pragma", "show", "describe", "desc" -> "Select";
            case "insert", "replace", "copy", "merge", "upsert" -> "Insert";
            case "update" -> "Update";
            case "delete", "truncate" -> "Delete";
            case "create" -> "Create";
            case "drop" -> "Drop";
            case "alter", "rename" -> "Alter";
            case "begin", "start", "commit", "rollback", "savepoint", "release", "end" -> "Transaction";
            default -> "Other";
        };
    }

    private Result run(String sql, String id, Consumer<java.sql.Statement> configurer, QueryTrace trace) throws SQLException {
        Statement statement = engine.parser.parse(sql);
        if (statement instanceof InsertStatement insert) {
            if (isTargetSql(insert, false)) {
                trace.kind = "Insert";
                trace.started = true;
                engine.metrics.add(Metrics.Event.SynchronousInsertQuery, 1);
                return passThrough(sql, id, configurer);
            }
            return insert(insert, null, id, trace);
        } else if (statement instanceof SetStatement set) {
            trace.kind = "Set";
            settings = settings.withSet(List.of(set.assignment()));
            resolved.clear();
            logQueries = settings.resolve().getBoolean(Setting.LOG_QUERIES);
            return Result.ofUpdate(0, id, null);
        } else if (statement instanceof SystemReplayDeadLetterStatement replay) {
            trace.kind = "System";
            if (!getAutoCommit()) {
                throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER writes each entry in a"
                        + " transaction of its own; commit or roll back the connection's transaction first");
            }
            TableInfo table = replay.table() == null ? null : engine.table(replay.table());
            trace.started = true;
            return Result.ofUpdate(engine.replayDeadLetters(table, letter -> execute(letter, null, null)), id, null);
        } else if (statement instanceof SystemFlushQueueStatement flush) {
            trace.kind = "System";
            List<TableInfo> tables = new ArrayList<>();
            for (QualifiedName name : flush.tables()) {
                tables.add(engine.table(name));
            }
            trace.started = true;
            engine.flushQueues(tables);
            return Result.ofUpdate(0, id, null);
        } else if (statement instanceof SystemFlushLogsStatement) {
            trace.kind = "System";
            trace.started = true;
            engine.flushLogs();
            return Result.ofUpdate(0, id, null);
        } else if (statement instanceof SystemQueryStatement query) {
            trace.kind = "Select";
            trace.started = true;
            ResultSet rows = engine.readSystem(query.tables(), this::settingRows, connection -> {
                try (java.sql.Statement system = connection.createStatement()) {
                    if (configurer != null) {
                        configurer.accept(system);
                    }
                    if (!system.execute(query.sql())) {
                        throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Statements on system tables must be queries: " + query.sql());
                    }
                    return SystemTables.detach(system.getResultSet());
                }
            });
            return Result.ofQuery(rows, id, null);
        } else if (statement instanceof PassThroughStatement passThrough) {
            trace.kind = passThroughKind(sql);
            trace.started = true;
            return passThrough(passThrough.sql(), id, configurer);
        }
        throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Unhandled statement " + statement);
    }

    /**
     * Whether an INSERT is the target database's SQL rather than one Sluice buffers: its VALUES hold an
     * expression ({@code now()}, a cast, a function) or are followed by a clause ({@code ON CONFLICT},
     * {@code RETURNING}, {@code ON DUPLICATE KEY UPDATE}). Such an INSERT runs on the target connection as
     * written, synchronously, like any statement that is not an async insert. One with a {@code SETTINGS}
     * clause is Sluice's in any case (the target could not run it): its data fails as its own entry.
     */
    private static boolean isTargetSql(InsertStatement insert, boolean placeholders) {
        InsertHead head = insert.head();
        return head.source() == InsertSource.VALUES && head.settings().isEmpty()
                && !ValuesShape.isLiteralTuples(insert.sql(), insert.dataStart(), placeholders);
    }

    private Result passThrough(String sql, String id, Consumer<java.sql.Statement> configurer) throws SQLException {
        java.sql.Statement statement = targetConnection().createStatement();
        try {
            if (configurer != null) {
                configurer.accept(statement);
            }
            boolean query = statement.execute(sql);
            boolean ddl = changesSchema(sql);
            if (ddl) {
                engine.invalidateMetadata();
            }
            if (query) {
                return Result.ofQuery(statement.getResultSet(), id, statement);
            }
            // DDL changes no rows; some drivers (sqlite-jdbc) report the previous statement's count for it.
            return Result.ofUpdate(ddl ? 0 : Math.max(0, statement.getLargeUpdateCount()), id, statement);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static final Set<String> SCHEMA_KEYWORDS = new HashSet<>(Arrays.asList("create", "alter", "drop", "attach", "detach"));

    /** Whether a pass-through statement may change a table's shape, so cached metadata must go. */
    static boolean changesSchema(String sql) {
        return SCHEMA_KEYWORDS.contains(SqlText.firstWord(sql).toLowerCase(Locale.ROOT));
    }

    private Result insert(InsertStatement insert, List<Object[]> typedRows, String id, QueryTrace trace) throws SQLException {
        InsertHead head = insert.head();
        trace.kind = "Insert";
        if (head.source() == InsertSource.SELECT) {
            trace.started = true;
            return insertSelect(insert, id);
        }
        trace.text = head.text();
        trace.textIsHead = true;
        Resolved r = resolve(head);
        trace.logged = r.logQueries();
        trace.database = r.queue().table.database();
        trace.table = r.queue().table.name();
        trace.logComment = r.logComment();
        int bytes;
        if (typedRows == null) {
            bytes = insert.dataBytes();
            if (bytes == 0) {
                throw new SluiceSqlException(ErrorCode.SYNTAX_ERROR, "INSERT INTO " + head.table() + " has no data after "
                        + (head.source() == InsertSource.VALUES ? "VALUES" : "FORMAT " + head.format()));
            }
        } else {
            bytes = RowBytes.of(typedRows);
        }
        trace.bytes = bytes;
        EffectiveSettings settings = r.settings();
        // getAutoCommit does not open the target connection: an async INSERT must not need one.
        boolean inTransaction = !getAutoCommit();
        if (inTransaction || !settings.getBoolean(Setting.ASYNC_INSERT) || bytes > settings.getLong(Setting.ASYNC_INSERT_MAX_DATA_SIZE)) {
            trace.started = true;
            long rows = engine.insertNow(r.queue(), insert.sql(), insert.dataStart(), typedRows, inTransaction ? targetConnection() : null);
            return Result.ofUpdate(rows, id, null);
        }
        PendingInsert pending = engine.append(r.queue(), insert.sql(), insert.dataStart(), typedRows, bytes, id, r.logComment(),
                r.deduplicationToken());
        trace.started = true;
        if (!settings.getBoolean(Setting.WAIT_FOR_ASYNC_INSERT)) {
            engine.awaitDurable(pending, settings.getLong(Setting.WAIT_FOR_ASYNC_INSERT_TIMEOUT));
            return Result.ofUpdate(0, id, null);
        }
        return Result.ofUpdate(engine.await(pending, settings.getLong(Setting.WAIT_FOR_ASYNC_INSERT_TIMEOUT)), id, null);
    }

    private Result insertSelect(InsertStatement insert, String id) throws SQLException {
        InsertHead head = insert.head();
        TableInfo table = engine.table(head.table());
        String q = identifierQuote();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(q, table.database())).append('.').append(quote(q, table.name()));
        if (head.columns() != null) {
            sql.append(" (");
            for (ColumnInfo column : KeyResolver.columns(table, head.columns())) {
                sql.append(sql.charAt(sql.length() - 1) == '(' ? "" : ", ").append(quote(q, column.name()));
            }
            sql.append(')');
        }
        sql.append(' ').append(insert.sql(), insert.dataStart(), insert.sql().length());
        settings.check(head.settings());
        try (java.sql.Statement statement = targetConnection().createStatement()) {
            long rows = statement.executeLargeUpdate(sql.toString());
            engine.metrics.add(Metrics.Event.SynchronousInsertQuery, 1);
            return Result.ofUpdate(rows, id, null);
        }
    }

    /** The target's identifier quote ({@code "} for SQLite and PostgreSQL, {@code `} for MariaDB), asked once. */
    private String identifierQuote() throws SQLException {
        if (identifierQuote == null) {
            String quote = targetConnection().getMetaData().getIdentifierQuoteString();
            identifierQuote = quote == null || quote.isBlank() ? "\"" : quote.trim();
        }
        return identifierQuote;
    }

    private static String quote(String quote, String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /**
     * Resolves an INSERT head against the table and the settings in force, checking everything ClickHouse
     * checks before queueing: the settings, the table, the columns and the format. Memoized per head
     * instance until a {@code SET} or a metadata change.
     */
    private Resolved resolve(InsertHead head) throws SQLException {
        long version = engine.metadataVersion();
        if (version != resolvedMetadataVersion || resolved.size() > RESOLVED_LIMIT) {
            resolved.clear();
            resolvedMetadataVersion = version;
        }
        Resolved r = resolved.get(head);
        if (r != null) {
            return r;
        }
        EffectiveSettings settings = this.settings.resolve(head.settings());
        KeyQueue queue = engine.resolve(head, settings);
        String token = settings.get(Setting.INSERT_DEDUPLICATION_TOKEN);
        r = new Resolved(queue, settings, settings.get(Setting.LOG_COMMENT), token, settings.getBoolean(Setting.LOG_QUERIES));
        resolved.put(head, r);
        return r;
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
    public PreparedInsert prepareInsert(String sql) throws SQLException {
        checkOpen();
        Statement statement = engine.parser.parse(sql);
        if (statement instanceof SetStatement || statement instanceof SystemFlushQueueStatement
                || statement instanceof SystemFlushLogsStatement || statement instanceof SystemReplayDeadLetterStatement) {
            return runAsWritten(sql, false);
        }
        if (!(statement instanceof InsertStatement insert)) {
            return null;
        }
        if (insert.head().source() != InsertSource.VALUES) {
            return runAsWritten(sql, true);
        }
        if (isTargetSql(insert, true)) {
            return null;
        }
        Resolved r = resolve(insert.head());
        ValuesTemplate template = ValuesTemplate.parse(sql, insert.dataStart(), r.queue().columns.size());
        return new PreparedInsert() {
            @Override
            public int parameterCount() {
                return template.parameterCount();
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId) throws SQLException {
                checkOpen();
                List<Object[]> rows = new ArrayList<>();
                for (Object[] parameters : parameterSets) {
                    rows.addAll(template.rows(parameters));
                }
                String id = queryId != null ? queryId : Engine.newQueryId();
                lastQueryId = id;
                QueryTrace trace = new QueryTrace(engine.clock.epochMicros(), insert.head().text(), logQueries);
                try {
                    Result result = insert(insert, rows, id, trace);
                    endQuery(trace, id, result, null);
                    return result;
                } catch (SQLException | RuntimeException e) {
                    endQuery(trace, id, null, e);
                    throw Errors.convert(e);
                }
            }
        };
    }

    /** A prepared statement without parameters that runs its text through {@link #execute} each time. */
    private PreparedInsert runAsWritten(String sql, boolean isInsert) {
        return new PreparedInsert() {
            @Override
            public int parameterCount() {
                return 0;
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId) throws SQLException {
                return Session.this.execute(sql, queryId, null);
            }

            @Override
            public boolean isInsert() {
                return isInsert;
            }
        };
    }

    /**
     * Prepares a statement that is not a buffered insert: on the system tables when it reads
     * {@code system.*}, on the target connection otherwise.
     */
    public PreparedStatement preparePassThrough(String sql) throws SQLException {
        checkOpen();
        Statement statement = engine.parser.parse(sql);
        if (statement instanceof SystemQueryStatement query) {
            return systemPreparedStatement(sql, query.tables());
        }
        if (statement instanceof InsertStatement insert && isTargetSql(insert, true)) {
            return targetConnection().prepareStatement(sql);
        }
        if (!(statement instanceof PassThroughStatement)) {
            throw new SluiceSqlException(ErrorCode.NOT_IMPLEMENTED, "Only INSERTs, queries and pass-through statements can be prepared; run "
                    + "this statement with Statement.execute: " + sql);
        }
        if (changesSchema(sql)) {
            engine.invalidateMetadata();
        }
        return targetConnection().prepareStatement(sql);
    }

    /**
     * A prepared query on the system tables: parameters are recorded, and each execution refreshes the
     * tables and runs the query under the system lock, returning detached rows.
     */
    private PreparedStatement systemPreparedStatement(String sql, Set<String> tables) {
        List<Object[]> calls = new ArrayList<>();
        ResultSet[] current = new ResultSet[1];
        boolean[] closedFlag = new boolean[1];
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            switch (name) {
                case "executeQuery", "execute" -> {
                    if (args != null && args.length > 0) {
                        throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "A prepared statement runs its own SQL; use Statement for other SQL");
                    }
                    current[0] = engine.readSystem(tables, this::settingRows, connection -> {
                        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                            for (Object[] call : calls) {
                                invoke(prepared, (Method) call[0], (Object[]) call[1]);
                            }
                            return SystemTables.detach(prepared.executeQuery());
                        }
                    });
                    return name.equals("execute") ? Boolean.TRUE : current[0];
                }
                case "getResultSet" -> {
                    return current[0];
                }
                case "getUpdateCount" -> {
                    return -1;
                }
                case "clearParameters" -> {
                    calls.clear();
                    return null;
                }
                case "close" -> {
                    closedFlag[0] = true;
                    return null;
                }
                case "isClosed" -> {
                    return closedFlag[0];
                }
                case "unwrap", "isWrapperFor", "toString", "hashCode", "equals" -> {
                    return switch (name) {
                        case "toString" -> "SystemPreparedStatement[" + sql + "]";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "isWrapperFor" -> false;
                        default -> throw new SQLException("Not a wrapper for " + args[0]);
                    };
                }
                default -> {
                    if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                        calls.add(new Object[] {method, args});
                        return null;
                    }
                    throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement." + name + " is not supported on system tables", "0A000",
                            ErrorCode.UNSUPPORTED_METHOD.code());
                }
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static void invoke(Object target, Method method, Object[] args) throws SQLException {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException(e);
        }
    }

    /**
     * The connection to the target database: pass-through statements, metadata, and transactions
     * ({@code setAutoCommit}, {@code commit}, {@code rollback}). Owned by the session. Opened by the first
     * call, from any thread (concurrent first calls open one connection), then the same until {@link #close()}.
     *
     * @throws SQLException the target driver's error when it cannot be opened, or {@code 08003} once closed
     */
    public Connection targetConnection() throws SQLException {
        Connection opened = target;
        return opened != null ? opened : openTarget();
    }

    private Connection openTarget() throws SQLException {
        synchronized (targetLock) {
            if (target == null) {
                // Under the lock that close() takes: a session closed meanwhile never opens (and leaks) one.
                checkOpen();
                target = engine.storage().openConnection();
            }
            return target;
        }
    }

    /** Whether the target connection has been opened ({@link #targetConnection()}); it stays open until {@link #close()}. */
    public boolean isTargetOpen() {
        return target != null;
    }

    /**
     * The auto-commit mode: the target connection's once it is open; before, the mode it will open in
     * (on, unless an application's data source hands out connections with it off), without opening it.
     */
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        Connection opened = target;
        return opened == null ? engine.targetAutoCommit : opened.getAutoCommit();
    }

    /**
     * Sets the target connection's auto-commit mode, opening it. Setting the mode a connection not yet
     * opened will start in changes nothing, so it opens nothing (JDBC makes an unchanged mode a no-op).
     */
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (target == null && autoCommit == engine.targetAutoCommit) {
            return;
        }
        targetConnection().setAutoCommit(autoCommit);
    }

    /** The query id of the last statement this session ran, or {@code null}. */
    public String lastQueryId() {
        return lastQueryId;
    }

    /** Whether {@link #close()} was called or the engine shut down. */
    public boolean isClosed() {
        return closed || engine.isClosing();
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The Sluice connection is closed", "08003");
        }
        if (engine.isClosing()) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The Sluice engine for " + engine.target + " has shut down");
        }
    }

    /** Closes the target connection if it was opened. */
    @Override
    public void close() throws SQLException {
        Connection opened;
        synchronized (targetLock) {
            if (closed) {
                return;
            }
            closed = true;
            opened = target;
        }
        if (opened != null) {
            opened.close();
        }
    }
}

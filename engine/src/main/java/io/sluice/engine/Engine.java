package io.sluice.engine;

import io.sluice.engine.flush.Flusher;
import io.sluice.engine.flush.PartNames;
import io.sluice.engine.insert.Accumulator;
import io.sluice.engine.insert.BufferedBytesLimit;
import io.sluice.engine.insert.ClientWaits;
import io.sluice.engine.insert.FlushReason;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.KeyResolver;
import io.sluice.engine.insert.PendingInsert;
import io.sluice.engine.insert.RunState;
import io.sluice.engine.insert.TableCatalog;
import io.sluice.engine.insert.Timer;
import io.sluice.engine.lifecycle.Recovery;
import io.sluice.engine.lifecycle.Shutdown;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.flush.BufferedTransactions;
import io.sluice.engine.flush.TransactionGroups;
import io.sluice.engine.sync.SynchronousInsert;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.system.MetricsMBean;
import io.sluice.engine.system.QueryIds;
import io.sluice.engine.system.SystemTables;
import io.sluice.parser.InsertHead;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.StatementParser;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * One target's asynchronous insert engine, shared by every session on the target; thread-safe. It only wires
 * the parts and owns their lifecycle:
 *
 * <ul>
 *   <li>{@code insert}: the {@link KeyResolver} turns an INSERT head into its key's queue, the
 *       {@link Accumulator} buffers entries and detaches batches, the {@link BufferedBytesLimit} bounds the bytes,
 *       the {@link Timer} fires deadlines;
 *   <li>{@code flush}: the {@link Flusher} writes each table's detached batches through its lane;
 *   <li>{@code sync}: the {@link SynchronousInsert} writes an INSERT at once;
 *   <li>{@code lifecycle}: {@link Recovery} at start, {@link Shutdown} at the end;
 *   <li>the system tables, the metrics and their MBean.
 * </ul>
 *
 * <p>Sessions call the methods below; they are public for the session package, not an API.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger ENGINE_IDS = new AtomicInteger();

    public final String target;
    /**
     * The auto-commit mode a session's target connection opens in: on, as {@link Storage#openConnection()}
     * promises, except with an application's data source that hands out connections with it off.
     */
    public final boolean targetAutoCommit;
    public final Clock clock;
    public final SettingsRegistry registry;
    /** Defaults and the engine layer; sessions stack their own layers on it. */
    public final SettingsStack settings;
    public final EffectiveSettings engineSettings;
    public final StatementParser parser;
    public final Metrics metrics = new Metrics();
    final MetricsMBean mbean;
    private final Storage storage;
    private final Buffer buffer;
    private final SystemTables system;
    private final Timer timer;
    private final ExecutorService flushPool;
    private final ExecutorService logWriter;
    private final BufferedBytesLimit bufferedBytes;
    private final RunState state = new RunState();
    private final TableCatalog catalog;
    private final Accumulator accumulator;
    private final KeyResolver resolver;
    private final ClientWaits waits;
    private final Flusher flusher;
    private final SynchronousInsert synchronous;
    /** Committed transactions' INSERT groups, written all-or-nothing with group commit. */
    public final TransactionGroups transactions;
    /** Transactions committed with {@code wait_for_async_insert = 0}: buffered as one group, written in the background. */
    public final BufferedTransactions bufferedTransactions;
    private final Shutdown shutdown;

    /**
     * @param dataSource the application's {@link DataSource} the storage takes its connections from, or
     *     {@code null} when the target is given by URL
     * @param targetAutoCommit the auto-commit mode of the connections the storage opens for sessions
     */
    Engine(String target, Properties targetProperties, DataSource dataSource, boolean targetAutoCommit, SettingsRegistry registry,
            PluginRegistry plugins, SettingsLayer engineLayer, Clock clock) throws SQLException {
        this.target = target;
        this.targetAutoCommit = targetAutoCommit;
        this.clock = clock;
        this.registry = registry;
        this.settings = SettingsStack.ofEngine(registry, engineLayer);
        this.engineSettings = settings.resolve();
        this.parser = new StatementParser(10_000, registry::ownsSetName);
        PluginContext pluginContext = new PluginContext(clock, target, targetProperties, dataSource);
        Map<String, String> pluginSettings = new HashMap<>();
        for (SettingsRegistry.Spec spec : registry.specs()) {
            pluginSettings.put(spec.name(), engineSettings.value(spec.index()));
        }
        PluginConfig pluginConfig = PluginConfig.of(pluginSettings);
        int id = ENGINE_IDS.incrementAndGet();
        List<SystemTables.PluginRow> pluginRows = new ArrayList<>();
        for (PluginRegistry.Found found : plugins.found()) {
            pluginRows.add(new SystemTables.PluginRow(found.kind(), found.name(), found.version(), found.source(), found.description()));
        }
        this.storage = plugins.storage(engineSettings.get(Setting.ASYNC_INSERT_STORAGE), target).create(pluginConfig, pluginContext);
        Buffer createdBuffer = null;
        SystemTables createdSystem = null;
        try {
            createdBuffer = plugins.buffer(engineSettings.get(Setting.ASYNC_INSERT_BUFFER)).create(pluginConfig, pluginContext);
            createdSystem = new SystemTables(engineSettings.get(Setting.SYSTEM_DATABASE_PATH),
                    engineSettings.getLong(Setting.SYSTEM_LOG_TTL_SECONDS), engineSettings.getLong(Setting.SYSTEM_LOG_MAX_ROWS),
                    engineSettings.getLong(Setting.ASYNC_INSERT_DEAD_LETTER_MAX_ROWS), engineSettings.getLong(Setting.ASYNC_INSERT_DEAD_LETTER_MAX_BYTES),
                    engineSettings.getLong(Setting.SYSTEM_LOG_MAX_SIZE_ROWS), pluginRows, evicted -> {
                        metrics.add(Event.AsyncInsertDeadLettersEvicted, evicted);
                        log.warn("Sluice pushed {} failed entries out of system.asynchronous_insert_dead_letter (async_insert_dead_letter_max_rows"
                                + " / async_insert_dead_letter_max_bytes); their data is gone", evicted);
                    }, dropped -> metrics.add(Event.SystemLogRowsDropped, dropped));
        } catch (SQLException | RuntimeException e) {
            if (createdBuffer != null) {
                createdBuffer.close();
            }
            storage.close();
            throw e;
        }
        this.buffer = createdBuffer;
        this.system = createdSystem;
        int threads = (int) engineSettings.getLong(Setting.ASYNC_INSERT_THREADS);
        AtomicInteger threadIds = new AtomicInteger();
        this.flushPool = Executors.newFixedThreadPool(threads, runnable -> daemon(runnable, "sluice-" + id + "-flush-" + threadIds.incrementAndGet()));
        this.logWriter = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "sluice-" + id + "-system-log"));
        this.metrics.add(Gauge.AsynchronousInsertThreads, threads);
        this.timer = new Timer(clock, "sluice-" + id + "-timer");
        BufferedBytesLimit bytes = this.bufferedBytes = new BufferedBytesLimit(engineSettings.getLong(Setting.ASYNC_INSERT_MAX_BUFFERED_BYTES), clock, timer, metrics);
        this.catalog = new TableCatalog(storage, clock, TimeUnit.MILLISECONDS.toNanos(engineSettings.getLong(Setting.ASYNC_INSERT_TABLE_METADATA_TTL_MS)));
        PartNames partNames = new PartNames();
        this.flusher = new Flusher(clock, storage, buffer, system, logWriter, flushPool, timer, bytes, metrics, state, catalog, engineSettings,
                partNames, tableFlushes(engineSettings.getLong(Setting.ASYNC_INSERT_MAX_FLUSHES_PER_TABLE), storage.concurrentWrites(), threads));
        this.accumulator = new Accumulator(target, clock, buffer, timer, bytes, metrics, state, flusher::lane,
                engineSettings.getLong(Setting.ASYNC_INSERT_FLUSH_BACKLOG_ENTRIES));
        this.resolver = new KeyResolver(catalog, accumulator, name -> plugins.policy(name).create(pluginConfig, pluginContext),
                storage.supportsLedger(), target);
        this.waits = new ClientWaits(clock, timer, metrics, accumulator);
        this.synchronous = new SynchronousInsert(storage, metrics, partNames);
        this.transactions = new TransactionGroups(storage, partNames, flushPool, clock, parts -> {
            if (system.log(null, parts, List.of(), List.of())) {
                flusher.writeLogsSoon();
            }
        }, engineSettings.getLong(Setting.ASYNC_INSERT_DEDUPLICATION_WINDOW) + 1_000);
        this.bufferedTransactions = new BufferedTransactions(clock, storage, timer, engineSettings, buffer, transactions, system, metrics, bytes,
                accumulator::nextSequence, state);
        this.shutdown = new Shutdown(target, clock, state, accumulator, flusher, bufferedTransactions, metrics,
                engineSettings.getLong(Setting.ASYNC_INSERT_SHUTDOWN_TIMEOUT_MS),
                engineSettings.get(Setting.ASYNC_INSERT_BUFFER), engineSettings.get(Setting.SYSTEM_DATABASE_PATH));
        this.mbean = new MetricsMBean(metrics, buffer::gauges, target);
        try {
            new Recovery(clock, buffer, engineSettings.get(Setting.ASYNC_INSERT_BUFFER), system, metrics, accumulator, resolver, settings, parser,
                    state, bufferedTransactions).run();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        this.mbean.register(target, id);
        scheduleLogFlush(TimeUnit.MILLISECONDS.toNanos(engineSettings.getLong(Setting.SYSTEM_LOG_FLUSH_INTERVAL_MILLISECONDS)));
        scheduleMetricSample(engineSettings.getLong(Setting.METRIC_LOG_COLLECT_INTERVAL_MILLISECONDS));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public Storage storage() {
        return storage;
    }

    /** A new query id: a random UUID, without the cost of a secure random source. */
    public static String newQueryId() {
        return QueryIds.newQueryId();
    }

    // ---------------------------------------------------------------- metadata and keys

    /** Changes whenever cached table shapes are forgotten: sessions then resolve their INSERT heads again. */
    public long metadataVersion() {
        return catalog.version();
    }

    /** Forgets every cached table shape, after DDL that may have changed one. */
    public void invalidateMetadata() {
        catalog.invalidate();
    }

    /**
     * The table's shape, cached.
     *
     * @throws SluiceSqlException {@code UNKNOWN_TABLE} when it does not exist
     */
    public TableInfo table(QualifiedName name) throws SQLException {
        return catalog.table(name);
    }

    /**
     * After an INSERT into this table failed with {@code error}: when a table changed since its shape was cached
     * could explain it, asks the target for the shape again.
     *
     * @return whether the shape changed, so that the INSERT is worth resolving and running again
     */
    public boolean refreshAfter(QualifiedName table, SQLException error) {
        if (!TableCatalog.staleShapeCouldExplain(error.getErrorCode())) {
            return false;
        }
        try {
            return catalog.refresh(table);
        } catch (SQLException e) {
            error.addSuppressed(e);
            return false;
        }
    }

    /** The queue of an INSERT head under these settings, checked ({@link KeyResolver#resolve}). */
    public KeyQueue resolve(InsertHead head, EffectiveSettings effective) throws SQLException {
        return resolver.resolve(head, effective);
    }

    // ---------------------------------------------------------------- insert path

    /** Buffers one INSERT ({@link Accumulator#append}). */
    public PendingInsert append(KeyQueue queue, String data, int dataStart, List<Object[]> rows, int bytes, String queryId, String logComment,
            String deduplicationToken, boolean waits, /* nullable */ StatementControl control) throws SQLException {
        return accumulator.append(queue, data, dataStart, rows, bytes, queryId, logComment, deduplicationToken, waits, control);
    }

    /** Waits for an entry's flush ({@link ClientWaits#await}). */
    public long await(PendingInsert insert, long timeoutMillis) throws SQLException {
        return waits.await(insert, timeoutMillis);
    }

    /** Waits for an entry's flush, bounded and cancelled as the statement says ({@link ClientWaits#await}). */
    public long await(PendingInsert insert, long timeoutMillis, /* nullable */ StatementControl control) throws SQLException {
        return waits.await(insert, timeoutMillis, control);
    }

    /** Waits for the buffer to hold an entry durably ({@link ClientWaits#awaitDurable}). */
    public void awaitDurable(PendingInsert insert, long timeoutMillis) throws SQLException {
        waits.awaitDurable(insert, timeoutMillis);
    }

    /**
     * Writes one INSERT at once, bypassing the buffers ({@link SynchronousInsert#insert}).
     *
     * @return rows written
     */
    public long insertNow(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, Connection transaction) throws SQLException {
        return synchronous.insert(queue, data, dataStart, typedRows, transaction);
    }

    /** The ClickHouse error code of an exception, or {@code UNKNOWN_EXCEPTION}'s. */
    public static int errorCode(Throwable error) {
        return Errors.code(error);
    }

    /** Queues one {@code system.query_log} row. */
    public void logQuery(SystemTables.QueryLogRow row) {
        if (system.logQuery(row)) {
            flusher.writeLogsSoon();
        }
    }

    /** Queues a finished INSERT's {@code system.query_log} row ({@link SystemTables#logFinishedInsert}). */
    public void logFinishedInsert(long eventMicros, long startMicros, String queryKind, String queryId, String head, String database, String table,
            long writtenRows, long writtenBytes, String logComment) {
        if (system.logFinishedInsert(eventMicros, startMicros, queryKind, queryId, head, database, table, writtenRows, writtenBytes, logComment)) {
            flusher.writeLogsSoon();
        }
    }

    // ---------------------------------------------------------------- SYSTEM statements, system tables

    /**
     * {@code SYSTEM FLUSH ASYNC INSERT QUEUE}: flushes every open buffer of the given tables (all tables
     * when empty) and returns once they, and any flush of those tables already running, are written.
     */
    public void flushQueues(List<TableInfo> tables) throws SQLException {
        Predicate<String> selected = qualified -> tables.isEmpty()
                || tables.stream().anyMatch(t -> qualified.equals(t.database() + '.' + t.name()));
        accumulator.detachOpen(selected, FlushReason.MANUAL);
        awaitLanes(selected);
    }

    /**
     * Waits until every detached batch has been written, without detaching open ones. On a manual clock
     * this tells a test that every flush a trigger started has finished.
     */
    void awaitFlushes() throws SQLException {
        awaitLanes(qualified -> true);
    }

    private void awaitLanes(Predicate<String> tables) throws SQLException {
        try {
            // Transactions committed without waiting are written too: a group may span the selected tables and others.
            java.util.concurrent.CompletableFuture.allOf(flusher.whenDrained(tables), bufferedTransactions.whenIdle()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for flushes", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        }
    }

    /**
     * {@code SYSTEM REPLAY ASYNC INSERT DEAD LETTER}: writes each dead letter of the table (of every
     * table when {@code table} is null) again, synchronously and oldest first. Each INSERT is rebuilt from the
     * letter's structured fields (table, columns, format, data), checked like any INSERT, and never from text
     * stored in the system database, which whoever can write its file could have forged. A written dead letter
     * leaves the table; one that fails again stays, with its replay attempts and the new error.
     *
     * @return how many were written
     */
    public long replayDeadLetters(TableInfo table, EffectiveSettings settings) throws SQLException {
        List<SystemTables.DeadLetter> letters = system.deadLetters(table == null ? null : table.database(), table == null ? null : table.name());
        long written = 0;
        for (SystemTables.DeadLetter letter : letters) {
            String error = null;
            try {
                if (letter.columns() == null) {
                    throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Dead letter " + letter.id() + " has no readable column list"
                            + " (kept by an earlier Sluice, or altered); it is not replayed");
                }
                KeyQueue queue = resolver.resolveStored(new QualifiedName(letter.database(), letter.table()), letter.columns(),
                        letter.format(), settings);
                synchronous.insert(queue, letter.data(), 0, null, null);
                written++;
            } catch (SQLException e) {
                error = String.valueOf(e.getMessage());
                log.info("Sluice could not replay dead letter {} into {}.{}: {}", letter.id(), letter.database(), letter.table(), error);
            }
            system.replayed(letter.id(), clock.epochMicros(), error);
        }
        metrics.add(Event.AsyncInsertDeadLettersReplayed, written);
        return written;
    }

    /** Removes the dead letter of an entry that was written after all, by a retry with the table's shape asked again. */
    public void withdrawDeadLetter(String queryId) throws SQLException {
        system.withdrawDeadLetter(queryId);
    }

    /** {@code SYSTEM FLUSH LOGS}. */
    public void flushLogs() throws SQLException {
        system.flushLogs(clock.epochMicros());
    }

    /**
     * The most flushes of one table that run at once: the setting's, bounded by the storage's number
     * ({@link io.sluice.spi.Storage#concurrentWrites}): more would only queue for the storage's one writer or its pool.
     * The setting 0 takes the storage's number, and no more than the flush threads: a flush's own work (parse, log,
     * answer) is CPU, and more flushes than threads for it (the number of processors by default) make every one slower.
     */
    static int tableFlushes(long setting, int storageWrites, int threads) {
        int storage = Math.max(1, storageWrites);
        return setting <= 0 ? Math.min(storage, Math.max(1, threads)) : (int) Math.min(setting, storage);
    }

    /** Writes the queued system log rows every {@code system_log_flush_interval_milliseconds} of the engine's clock. */
    private void scheduleLogFlush(long intervalNanos) {
        timer.schedule(clock.nanoTime() + intervalNanos, () -> {
            if (!state.closing()) {
                flusher.writeLogsSoon();
                scheduleLogFlush(intervalNanos);
            }
        });
    }

    /** Samples the metrics into {@code system.metric_log} every {@code intervalMillis} of the engine's clock (0: never). */
    private void scheduleMetricSample(long intervalMillis) {
        if (intervalMillis > 0) {
            scheduleMetricSample(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis), TimeUnit.MILLISECONDS.toNanos(intervalMillis));
        }
    }

    /** Samples keep their rhythm; intervals the clock jumped over are skipped, not sampled in a burst. */
    private void scheduleMetricSample(long atNanos, long intervalNanos) {
        timer.schedule(atNanos, () -> {
            if (!state.closing()) {
                system.sampleMetrics(clock.epochMicros(), metrics);
                long next = atNanos + intervalNanos;
                long now = clock.nanoTime();
                if (next - now <= 0) {
                    next += ((now - next) / intervalNanos + 1) * intervalNanos;
                }
                scheduleMetricSample(next, intervalNanos);
            }
        });
    }

    /** Runs a read of the system tables for a session. */
    public <T> T readSystem(Set<String> tables, Supplier<List<SystemTables.SettingRow>> settingRows,
            SystemTables.SqlFunction<Connection, T> query) throws SQLException {
        return system.read(tables, liveState(), settingRows, query);
    }

    private SystemTables.LiveState liveState() {
        return new SystemTables.LiveState() {
            @Override
            public List<SystemTables.PendingBufferRow> pendingBuffers() {
                List<SystemTables.PendingBufferRow> rows = new ArrayList<>();
                for (Accumulator.OpenBatch open : accumulator.openBatches()) {
                    List<String> ids = new ArrayList<>(open.entries().size());
                    List<Long> bytes = new ArrayList<>(open.entries().size());
                    for (BufferEntry entry : open.entries()) {
                        ids.add(entry.queryId());
                        bytes.add((long) entry.bytes());
                    }
                    KeyQueue queue = open.queue();
                    rows.add(new SystemTables.PendingBufferRow(queue.query, queue.table.database(), queue.table.name(),
                            queue.format.canonicalName(), open.openedAtMicros(), open.bytes(), ids, bytes));
                }
                return rows;
            }

            @Override
            public List<SystemTables.CounterRow> events() {
                List<SystemTables.CounterRow> rows = new ArrayList<>();
                metrics.events().forEach((event, value) -> rows.add(new SystemTables.CounterRow(event.name(), value, event.description)));
                return rows;
            }

            @Override
            public List<SystemTables.CounterRow> metrics() {
                List<SystemTables.CounterRow> rows = new ArrayList<>();
                metrics.gauges().forEach((gauge, value) -> rows.add(new SystemTables.CounterRow(gauge.name(), value, gauge.description)));
                buffer.gauges().forEach((name, value) -> rows.add(new SystemTables.CounterRow(name, value,
                        "The " + engineSettings.get(Setting.ASYNC_INSERT_BUFFER) + " buffer's own gauge")));
                return rows;
            }

            @Override
            public List<io.sluice.spi.StoredSegment> storedSegments() {
                return buffer.storedSegments();
            }
        };
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Graceful shutdown ({@link Shutdown}), then the parts close in the reverse order of their start. Calling it
     * twice does nothing.
     */
    @Override
    public void close() {
        if (!shutdown.drain()) {
            return;
        }
        timer.close();
        flushPool.shutdownNow();
        logWriter.shutdown();
        try {
            logWriter.awaitTermination(shutdown.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        system.close();
        buffer.close();
        storage.close();
        mbean.unregister();
    }

    /**
     * Runs {@code task} once {@code delayMillis} of the engine's clock have passed; on a manual clock, in the
     * thread that advances it. The task must be short, or hand its work to another thread when
     * {@link #onTimerThread()}.
     */
    public Timer.Handle schedule(long delayMillis, Runnable task) {
        return timer.schedule(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), task);
    }

    /** Whether the caller is the thread that runs the engine's timed tasks. */
    public boolean onTimerThread() {
        return timer.isTimerThread();
    }

    public boolean isClosing() {
        return state.closing();
    }
}

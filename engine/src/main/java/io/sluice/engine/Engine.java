package io.sluice.engine;

import io.sluice.engine.Metrics.Event;
import io.sluice.engine.Metrics.Gauge;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.StatementParser;
import io.sluice.parser.format.Format;
import io.sluice.parser.format.FormatReader;
import io.sluice.parser.format.RowSink;
import io.sluice.parser.format.ValueConverter;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferView;
import io.sluice.spi.Clock;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.Part;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StatefulFlushPolicy;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's asynchronous insert engine: the buffer keys and their open batches, the flush policy
 * checks, the timer that fires deadlines, the flush lanes, the storage, and the system tables. Shared by
 * every session on the target; thread-safe.
 *
 * <p>Insert path (hot): {@link #append} takes the key's lock, appends to the buffer plugin and the open
 * batch, releases the lock, then asks the flush policy. No parsing, I/O or allocation beyond the entry
 * happens under the lock. Flush path: a detached batch goes to its table's lane; the lane parses each
 * entry against the table's columns, writes the good rows as one part, logs every entry, then completes
 * each entry's future with its own result.
 */
final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger ENGINE_IDS = new AtomicInteger();

    final String target;
    /**
     * The auto-commit mode a session's target connection opens in: on, as {@link Storage#openConnection()}
     * promises, except with an application's data source that hands out connections with it off.
     */
    final boolean targetAutoCommit;
    final Clock clock;
    final SettingsRegistry registry;
    final EffectiveSettings engineSettings;
    final SettingsLayer engineLayer;
    final StatementParser parser;
    final Metrics metrics = new Metrics();
    final MetricsMBean mbean;
    private final PluginRegistry plugins;
    private final PluginContext pluginContext;
    private final PluginConfig pluginConfig;
    private final Storage storage;
    private final Buffer buffer;
    private final SystemTables system;
    private final Timer timer;
    private final BufferedBytesLimit bufferedBytes;
    private final ExecutorService flushPool;
    private final ExecutorService logWriter;
    private final ConcurrentHashMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TableLane> lanes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TableInfo> metadata = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FlushPolicy> policies = new ConcurrentHashMap<>();
    private final AtomicLong metadataVersion = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong parts = new AtomicLong();
    private final Object closeLock = new Object();
    private volatile boolean closing;
    private boolean closed;
    /**
     * Whether the buffer has shown itself durable (it gave an entry a ledger id): then entries whose write
     * failed for a reason of the database's are kept in it and written again, and a shutdown that runs out of
     * time leaves them there for the next start.
     */
    private volatile boolean durableBuffer;
    /** When a shutdown stops retrying writes: its start plus {@code async_insert_shutdown_timeout_ms}. */
    private volatile long shutdownDeadlineNanos;
    /** Entries whose write failed during the shutdown and went to the dead-letter table; and the last error. */
    private final AtomicLong shutdownDeadLetters = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<String> shutdownError = new java.util.concurrent.atomic.AtomicReference<>();

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
        this.plugins = plugins;
        this.engineLayer = engineLayer;
        this.engineSettings = new EffectiveSettings(registry, engineLayer);
        this.parser = new StatementParser(10_000, registry::ownsSetName);
        this.pluginContext = new PluginContext(clock, target, targetProperties, dataSource);
        Map<String, String> pluginSettings = new HashMap<>();
        for (SettingsRegistry.Spec spec : registry.specs()) {
            pluginSettings.put(spec.name(), engineSettings.value(spec.index()));
        }
        this.pluginConfig = PluginConfig.of(pluginSettings);
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
        this.bufferedBytes = new BufferedBytesLimit(engineSettings.getLong(Setting.ASYNC_INSERT_MAX_BUFFERED_BYTES), clock, timer, metrics);
        this.mbean = new MetricsMBean(metrics, buffer::gauges, target);
        try {
            recover(registry);
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        this.mbean.register(target, id);
        scheduleLogFlush();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    Storage storage() {
        return storage;
    }

    /** A new query id: a random UUID, without the cost of a secure random source. */
    static String newQueryId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    // ---------------------------------------------------------------- metadata

    long metadataVersion() {
        return metadataVersion.get();
    }

    /** Forgets every cached table shape, after DDL that may have changed one. */
    void invalidateMetadata() {
        metadata.clear();
        metadataVersion.incrementAndGet();
    }

    /**
     * The table's shape, cached.
     *
     * @throws SluiceSqlException {@code UNKNOWN_TABLE} when it does not exist
     */
    TableInfo table(QualifiedName name) throws SQLException {
        String key = (name.database() == null ? "" : name.database().toLowerCase(Locale.ROOT)) + '\0' + name.name().toLowerCase(Locale.ROOT);
        TableInfo table = metadata.get(key);
        if (table != null) {
            return table;
        }
        Optional<TableInfo> found = storage.table(name.database(), name.name());
        if (found.isEmpty()) {
            String database = name.database() == null ? storage.defaultDatabase() : name.database();
            throw new SluiceSqlException(ErrorCode.UNKNOWN_TABLE, "Table " + database + "." + name.name() + " does not exist");
        }
        metadata.put(key, found.get());
        return found.get();
    }

    /** The flush policy with this name, built once per engine. */
    FlushPolicy policy(String name) throws SQLException {
        FlushPolicy policy = policies.get(name);
        if (policy == null) {
            policy = plugins.policy(name).create(pluginConfig, pluginContext);
            FlushPolicy raced = policies.putIfAbsent(name, policy);
            policy = raced == null ? policy : raced;
        }
        return policy;
    }

    /** The queue of one buffer key, created on first use. */
    KeyQueue queue(TableInfo table, List<ColumnInfo> columns, Format format, EffectiveSettings settings) throws SQLException {
        StringBuilder query = new StringBuilder("INSERT INTO ").append(table.database()).append('.').append(table.name()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            query.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        query.append(") FORMAT ").append(format.canonicalName());
        String keyId = keyId(table, columns, format, settings.keyText());
        KeyQueue queue = queues.get(keyId);
        if (queue != null) {
            return queue;
        }
        String policyName = settings.get(Setting.ASYNC_INSERT_FLUSH_POLICY);
        if (policyName.isEmpty()) {
            policyName = settings.getBoolean(Setting.ASYNC_INSERT_USE_ADAPTIVE_BUSY_TIMEOUT) ? "adaptive" : "threshold";
        }
        FlushPolicy policy = policy(policyName);
        TableLane lane = lanes.computeIfAbsent(table.database() + '.' + table.name(), k -> new TableLane(table.database(), table.name(), flushPool, this::flushGroup));
        return queues.computeIfAbsent(keyId, k -> new KeyQueue(k, query.toString(), table, columns, format, settings, policy, lane));
    }

    /**
     * A buffer key's canonical text: an INSERT head with quoted names, its settings and its format, that
     * parses back to the same key ({@link #recover}).
     */
    static String keyId(TableInfo table, List<ColumnInfo> columns, Format format, String settingsText) {
        String head = DeadLetters.head(table.database(), table.name(), columns);
        return head + (settingsText.isEmpty() ? "" : " SETTINGS " + settingsText) + " FORMAT " + format.canonicalName();
    }

    /**
     * Writes the entries a durable buffer kept from an earlier run, before any new INSERT is accepted:
     * each goes to its table's lane like a detached batch, so it is written before anything newer of its
     * table. The storage's ledger skips the entries that were committed before the crash, so every entry
     * is written exactly once. An entry whose key no longer resolves (its table was dropped) goes to the
     * dead-letter table.
     */
    private void recover(SettingsRegistry registry) throws SQLException {
        List<BufferEntry> recovered = buffer.recover();
        List<String> notes = buffer.recoveryNotes();
        if (!notes.isEmpty()) {
            List<SystemTables.EntryLogRow> rows = new ArrayList<>();
            for (String note : notes) {
                log.warn("Sluice buffer recovery: {}", note);
                rows.add(new SystemTables.EntryLogRow(clock.epochMicros(), "", 0, 0, note, "RecoveryNote", "", ""));
            }
            system.log(new SystemTables.FlushLogRow("", "", "", "", "", clock.epochMicros(), 0, rows), List.of(), List.of(), List.of());
        }
        if (recovered.isEmpty()) {
            return;
        }
        Map<String, List<BufferEntry>> byKey = new java.util.LinkedHashMap<>();
        long highest = 0;
        for (BufferEntry entry : recovered) {
            byKey.computeIfAbsent(entry.keyId(), k -> new ArrayList<>()).add(entry);
            highest = Math.max(highest, entry.sequence());
        }
        sequence.set(highest);
        durableBuffer = true;
        log.info("Sluice is writing {} entries of {} buffer keys recovered from the {} buffer", recovered.size(), byKey.size(),
                engineSettings.get(Setting.ASYNC_INSERT_BUFFER));
        for (Map.Entry<String, List<BufferEntry>> key : byKey.entrySet()) {
            KeyQueue queue;
            try {
                queue = resolveKey(key.getKey(), registry);
            } catch (SQLException e) {
                log.error("Sluice could not resolve the recovered buffer key {}: {}; its {} entries go to"
                        + " system.asynchronous_insert_dead_letter", key.getKey(), e.getMessage(), key.getValue().size());
                List<SystemTables.DeadLetterRow> letters = new ArrayList<>();
                for (BufferEntry entry : key.getValue()) {
                    letters.add(DeadLetters.unresolved(entry, e, clock.epochMicros()));
                }
                system.log(null, List.of(), List.of(), letters);
                metrics.add(Event.AsyncInsertDeadLetters, letters.size());
                buffer.release(key.getValue());
                continue;
            }
            long now = clock.nanoTime();
            Batch batch = new Batch(queue, now, key.getValue().get(0).enqueuedEpochMicros(), Long.MIN_VALUE);
            batch.reason = FlushReason.RECOVERY;
            for (BufferEntry entry : key.getValue()) {
                batch.add(new PendingInsert(entry));
                bufferedBytes.forceReserve(entry.bytes());
                metrics.add(Gauge.AsynchronousInsertBufferedBytes, entry.bytes());
            }
            metrics.add(Gauge.PendingAsyncInsert, batch.inserts.size());
            queue.lane.submit(new FlushJob(batch, key.getValue()));
        }
    }

    /** The queue of a key id, parsed back into its table, columns, format and settings. */
    private KeyQueue resolveKey(String keyId, SettingsRegistry registry) throws SQLException {
        io.sluice.parser.Statement statement = parser.parse(keyId + " ");
        if (!(statement instanceof io.sluice.parser.InsertStatement insert)) {
            throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Not an INSERT head: " + keyId);
        }
        io.sluice.parser.InsertHead head = insert.head();
        SettingsLayer statementLayer = SettingsLayer.EMPTY;
        for (io.sluice.parser.SettingAssignment assignment : head.settings()) {
            statementLayer = statementLayer.with(SettingsLayer.statementSetting(registry, assignment.name()), assignment.value());
        }
        EffectiveSettings settings = new EffectiveSettings(registry, engineLayer, SettingsLayer.EMPTY, statementLayer);
        TableInfo table = table(head.table());
        List<ColumnInfo> columns = new ArrayList<>();
        for (String name : head.columns()) {
            columns.add(table.column(name).orElseThrow(() -> new SluiceSqlException(ErrorCode.NO_SUCH_COLUMN_IN_TABLE,
                    "There is no column '" + name + "' in table " + table.database() + "." + table.name())));
        }
        Format format = Format.byName(head.format()).orElseThrow(() -> new SluiceSqlException(ErrorCode.UNKNOWN_FORMAT,
                "Unknown input format '" + head.format() + "'"));
        return queue(table, columns, format, settings);
    }

    // ---------------------------------------------------------------- insert path

    /**
     * Accepts one INSERT into its key's open batch and lets the flush policy decide.
     *
     * @throws SluiceSqlException {@code ABORTED} when the engine is shutting down
     */
    PendingInsert append(KeyQueue queue, String data, int dataStart, List<Object[]> rows, int bytes, String queryId, String logComment,
            String deduplicationToken) throws SQLException {
        bufferedBytes.reserve(bytes, queue.settings.getLong(Setting.ASYNC_INSERT_BACKPRESSURE_TIMEOUT_MS));
        metrics.add(Gauge.AsynchronousInsertBufferedBytes, bytes);
        try {
            return appendReserved(queue, data, dataStart, rows, bytes, queryId, logComment, deduplicationToken);
        } catch (SQLException | RuntimeException e) {
            bufferedBytes.release(bytes);
            metrics.add(Gauge.AsynchronousInsertBufferedBytes, -bytes);
            throw e;
        }
    }

    private PendingInsert appendReserved(KeyQueue queue, String data, int dataStart, List<Object[]> rows, int bytes, String queryId,
            String logComment, String deduplicationToken) throws SQLException {
        long now = clock.nanoTime();
        // A buffered text entry keeps its inline data only: the statement's head is its key's, and each of a
        // million buffered single-row INSERTs would otherwise hold a copy of it.
        String kept = rows == null && dataStart > 0 ? data.substring(dataStart) : data;
        BufferEntry entry = new BufferEntry(sequence.incrementAndGet(), queue.keyId, queryId, clock.epochMicros(), kept,
                kept == data ? dataStart : 0, rows, bytes, deduplicationToken, logComment);
        PendingInsert insert = new PendingInsert(entry);
        Batch batch;
        BufferView view;
        boolean opened = false;
        queue.lock.lock();
        try {
            if (closing) {
                throw new SluiceSqlException(ErrorCode.ABORTED, "The Sluice engine for " + target + " is shutting down; the INSERT was not accepted");
            }
            // The table's append time and policy state move under the key's lock, so that with one key per
            // table (the common case) the lane's monitor below is never contended.
            TableLane lane = queue.lane;
            long previousAppend;
            long state = 0;
            synchronized (lane) {
                previousAppend = lane.lastAppendNanos;
                lane.lastAppendNanos = now;
                if (queue.policy instanceof StatefulFlushPolicy stateful) {
                    long current = lane.policyState == Long.MIN_VALUE ? stateful.initialState(queue.settings) : lane.policyState;
                    state = stateful.onAppend(current, Batch.tableView(queue, now, previousAppend, lane.feedback()), now);
                    lane.policyState = state;
                }
            }
            batch = queue.open;
            if (batch == null) {
                batch = new Batch(queue, now, entry.enqueuedEpochMicros(), previousAppend);
                batch.stateAtOpen = state;
                queue.open = batch;
                opened = true;
            }
            insert.durable = buffer.append(entry);
            batch.add(insert);
            view = batch.view(queue.lane.feedback());
        } finally {
            queue.lock.unlock();
        }
        metrics.add(Event.AsyncInsertQuery, 1);
        metrics.add(Event.AsyncInsertBytes, bytes);
        metrics.add(Gauge.PendingAsyncInsert, 1);
        metrics.add(Gauge.AsynchronousInsertQueueBytes, bytes);
        if (opened) {
            metrics.add(Gauge.AsynchronousInsertQueueSize, 1);
        }
        decide(batch, view, now);
        return insert;
    }

    private void decide(Batch batch, BufferView view, long now) {
        FlushDecision decision = batch.queue.policy.decide(view, now);
        if (decision.flush()) {
            detach(batch, FlushReason.of(decision.trigger()));
            return;
        }
        long at = decision.checkAgainAtNanos();
        if (batch.firstDeadlineNanos == Long.MIN_VALUE) {
            batch.firstDeadlineNanos = at;
        }
        long scheduled = batch.nextCheckNanos.get();
        while (at - scheduled < 0) {
            if (batch.nextCheckNanos.compareAndSet(scheduled, at)) {
                timer.schedule(at, () -> recheck(batch));
                return;
            }
            scheduled = batch.nextCheckNanos.get();
        }
    }

    private void recheck(Batch batch) {
        KeyQueue queue = batch.queue;
        BufferView view;
        queue.lock.lock();
        try {
            if (queue.open != batch) {
                return;
            }
            batch.nextCheckNanos.set(Long.MAX_VALUE);
            view = batch.view(queue.lane.feedback());
        } finally {
            queue.lock.unlock();
        }
        decide(batch, view, clock.nanoTime());
    }

    /** Closes the batch to new entries and hands it to its table's lane; does nothing if already detached. */
    private boolean detach(Batch batch, FlushReason reason) {
        KeyQueue queue = batch.queue;
        List<BufferEntry> drained;
        queue.lock.lock();
        try {
            if (queue.open != batch) {
                return false;
            }
            queue.open = null;
            drained = buffer.drain(queue.keyId);
            batch.reason = reason;
        } finally {
            queue.lock.unlock();
        }
        metrics.add(Gauge.AsynchronousInsertQueueSize, -1);
        metrics.add(Gauge.AsynchronousInsertQueueBytes, -batch.bytes);
        queue.lane.submit(new FlushJob(batch, drained));
        return true;
    }

    /**
     * Waits for an entry's flush, at most {@code wait_for_async_insert_timeout} of the engine's clock.
     *
     * @return the entry's rows
     * @throws SQLException the entry's own error, or {@code TIMEOUT_EXCEEDED}
     */
    long await(PendingInsert insert, long timeoutSeconds) throws SQLException {
        Timer.Handle timeout = null;
        if (!insert.isDone()) {
            long timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
            timeout = timer.schedule(clock.nanoTime() + timeoutNanos, () -> {
                if (insert.completeExceptionally(new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED,
                        "Wait for async insert timeout (" + timeoutSeconds * 1000 + " ms) exceeded; the data stays queued and may still be written"))) {
                    metrics.add(Event.AsyncInsertWaitTimeouts, 1);
                }
            });
        }
        try {
            return insert.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the async insert's flush; the data stays queued", e);
        } catch (ExecutionException e) {
            throw forClient(e.getCause());
        } finally {
            if (timeout != null) {
                timeout.cancel();
            }
        }
    }

    /**
     * Waits until the buffer holds an entry as durably as it promises (at once for the memory buffer;
     * after the fsync for a write-ahead log), at most {@code wait_for_async_insert_timeout}: what a client
     * that does not wait for the flush is acknowledged on.
     */
    void awaitDurable(PendingInsert insert, long timeoutSeconds) throws SQLException {
        java.util.concurrent.CompletionStage<Void> durable = insert.durable;
        if (durable == null) {
            return;
        }
        CompletableFuture<Void> future = durable.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return;
        }
        try {
            future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the buffer to keep the INSERT durably", e);
        } catch (ExecutionException e) {
            throw forClient(e.getCause());
        } catch (TimeoutException e) {
            throw new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "The buffer did not keep the INSERT durably within "
                    + timeoutSeconds * 1000 + " ms; it may still be written");
        }
    }

    /** A fresh exception for one client, so that its stack trace is the client's own. */
    private static SQLException forClient(Throwable cause) {
        if (cause instanceof SluiceSqlException sluice) {
            String prefix = sluice.error().name() + ": ";
            String message = sluice.getMessage().startsWith(prefix) ? sluice.getMessage().substring(prefix.length()) : sluice.getMessage();
            return new SluiceSqlException(sluice.error(), message, sluice);
        }
        if (cause instanceof SQLException sql) {
            return sql;
        }
        return new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, String.valueOf(cause), cause);
    }

    /**
     * Writes one INSERT at once, bypassing the buffers: {@code async_insert=0}, an oversized INSERT, or an
     * INSERT inside the caller's transaction (then {@code transaction} is that connection).
     *
     * @return rows written
     */
    long insertNow(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, Connection transaction) throws SQLException {
        long rows;
        if (typedRows == null) {
            rows = new SynchronousWrite(queue, transaction).run(data, dataStart);
        } else {
            List<Object[]> converted = new ArrayList<>();
            parseEntry(queue, data, dataStart, typedRows, converted::add);
            if (!converted.isEmpty()) {
                Part part = new Part(queue.table.database(), queue.table.name(), queue.columns, converted, nextPartName(), newQueryId());
                if (transaction != null) {
                    storage.writeRows(transaction, part);
                } else {
                    storage.writePart(part);
                }
            }
            rows = converted.size();
        }
        metrics.add(Event.SynchronousInsertQuery, 1);
        return rows;
    }

    /** Most memory (estimated) the rows of one block of a synchronous INSERT take before they are written. */
    private static final long SYNCHRONOUS_BLOCK_BYTES = 16L << 20;

    /**
     * The rows of one synchronous INSERT on their way to the storage, in blocks of at most
     * {@code max_insert_block_size} rows and {@value #SYNCHRONOUS_BLOCK_BYTES} bytes: an INSERT too large to
     * buffer (100 MB of VALUES) never holds more than one block of rows besides its text. Rows that fit one
     * block are one part, written as any INSERT's. A larger INSERT is read twice: first to check every value
     * (a bad one fails it at once, before anything is written), then to write its blocks as they fill, all in
     * one transaction (a connection of their own, or under a savepoint of the caller's transaction), so that
     * an error from the database in a later block still leaves nothing of it behind. Not thread-safe.
     */
    private final class SynchronousWrite implements RowSink {
        private final KeyQueue queue;
        private final Connection transaction;
        private final long maxRows;
        private List<Object[]> block = new ArrayList<>();
        private long blockBytes;
        /** Whether the first reading went past one block: its rows are then checked and dropped. */
        private boolean overflowed;
        /** Whether this is the second reading, which writes. */
        private boolean writing;
        private long written;
        private Connection own;
        private java.sql.Savepoint savepoint;

        SynchronousWrite(KeyQueue queue, Connection transaction) {
            this.queue = queue;
            this.transaction = transaction;
            this.maxRows = Math.max(1, queue.settings.getLong(Setting.MAX_INSERT_BLOCK_SIZE));
        }

        @Override
        public void accept(Object[] row) {
            if (overflowed && !writing) {
                return;
            }
            block.add(row);
            blockBytes += estimatedBytes(row);
            if (block.size() < maxRows && blockBytes < SYNCHRONOUS_BLOCK_BYTES) {
                return;
            }
            if (!writing) {
                overflowed = true;
                block = new ArrayList<>();
                blockBytes = 0;
                return;
            }
            try {
                writeBlock();
            } catch (SQLException e) {
                throw new BlockWriteFailed(e);
            }
        }

        long run(String data, int dataStart) throws SQLException {
            FormatReader reader = queue.format.reader();
            reader.read(data, dataStart, queue.columns, this);
            if (!overflowed) {
                if (!block.isEmpty()) {
                    Part part = part(block);
                    if (transaction != null) {
                        storage.writeRows(transaction, part);
                    } else {
                        storage.writePart(part);
                    }
                }
                return block.size();
            }
            writing = true;
            boolean done = false;
            try {
                reader.read(data, dataStart, queue.columns, this);
                if (!block.isEmpty()) {
                    writeBlock();
                }
                if (own != null) {
                    own.commit();
                } else {
                    transaction.releaseSavepoint(savepoint);
                }
                done = true;
                return written;
            } catch (BlockWriteFailed e) {
                throw e.getCause();
            } finally {
                if (!done) {
                    undo();
                }
                if (own != null) {
                    own.close();
                }
            }
        }

        private void writeBlock() throws SQLException {
            Connection connection;
            if (transaction != null) {
                if (savepoint == null) {
                    savepoint = transaction.setSavepoint();
                }
                connection = transaction;
            } else {
                if (own == null) {
                    own = storage.openConnection();
                    own.setAutoCommit(false);
                }
                connection = own;
            }
            storage.writeRows(connection, part(block));
            written += block.size();
            block = new ArrayList<>();
            blockBytes = 0;
        }

        private Part part(List<Object[]> rows) {
            return new Part(queue.table.database(), queue.table.name(), queue.columns, rows, nextPartName(), newQueryId());
        }

        /** Takes back the blocks written so far; the INSERT's own error is what the caller sees. */
        private void undo() {
            try {
                if (own != null) {
                    own.rollback();
                } else if (savepoint != null) {
                    transaction.rollback(savepoint);
                }
            } catch (SQLException e) {
                log.warn("Sluice could not roll back the blocks of a failed synchronous INSERT into {}.{}", queue.table.database(),
                        queue.table.name(), e);
            }
        }
    }

    /** A storage error while a reader hands over rows, carried out of {@link RowSink#accept}. */
    private static final class BlockWriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockWriteFailed(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** Roughly what a parsed row takes on the heap. */
    private static long estimatedBytes(Object[] row) {
        long bytes = 16 + 8L * row.length;
        for (Object value : row) {
            if (value instanceof String text) {
                bytes += 40 + 2L * text.length();
            } else if (value instanceof byte[] blob) {
                bytes += 16 + blob.length;
            } else if (value != null && value != Part.DEFAULT) {
                bytes += 24;
            }
        }
        return bytes;
    }

    private static void parseEntry(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, RowSink out)
            throws SQLException {
        if (typedRows == null) {
            queue.format.reader().read(data, dataStart, queue.columns, out);
            return;
        }
        List<ColumnInfo> columns = queue.columns;
        int rowNumber = 0;
        for (Object[] values : typedRows) {
            rowNumber++;
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = ValueConverter.convert(values[c], columns.get(c), rowNumber);
            }
            out.accept(row);
        }
    }

    private String nextPartName() {
        long number = parts.incrementAndGet();
        return "all_" + number + "_" + number + "_0";
    }

    // ---------------------------------------------------------------- flush path

    /**
     * Writes the batches a lane had queued, oldest first. When a table's flushes fall behind, its queued
     * batches share one storage transaction (group commit): one commit and one fsync for all of them,
     * each still parsed, logged and answered as its own flush. If the shared write fails, each batch is
     * written on its own, so one batch's error never fails another's entries; except when the database stayed
     * unreachable or busy past the retry deadline, which is no batch's own error: then they all fail at once.
     * A durable buffer's entries that failed for the database's reasons are kept and written again later.
     */
    private void flushGroup(List<FlushJob> jobs) {
        metrics.add(Gauge.AsynchronousInsertThreadsActive, 1);
        List<FlushWork> works = new ArrayList<>(jobs.size());
        List<FlushWork> finished = new ArrayList<>(jobs.size());
        Throwable unexpected = null;
        try {
            Set<String> groupIds = new HashSet<>();
            for (FlushJob job : jobs) {
                works.add(parse(job.batch(), groupIds));
            }
            write(works);
            for (FlushWork work : works) {
                finish(work);
                finished.add(work);
            }
        } catch (RuntimeException | Error e) {
            log.error("Sluice flush of {} failed unexpectedly", jobs.get(0).batch().queue.query, e);
            unexpected = e;
        } finally {
            long released = 0;
            for (int j = 0; j < jobs.size(); j++) {
                FlushJob job = jobs.get(j);
                Batch retry = j < works.size() ? keptBatch(works.get(j)) : null;
                long keptBytes = retry == null ? 0 : retry.bytes;
                int keptCount = retry == null ? 0 : retry.inserts.size();
                List<BufferEntry> releasing = retry == null ? job.drained() : withoutKept(job.drained(), retry);
                List<BufferEntry> deadLettered = j < works.size() ? deadLettered(works.get(j)) : List.of();
                if (!deadLettered.isEmpty()) {
                    releasing = without(releasing, deadLettered);
                    releaseAfterLogs(deadLettered);
                }
                buffer.release(releasing);
                released += releasing.size();
                metrics.add(Gauge.PendingAsyncInsert, -(job.batch().inserts.size() - keptCount));
                bufferedBytes.release(job.batch().bytes - keptBytes);
                metrics.add(Gauge.AsynchronousInsertBufferedBytes, -(job.batch().bytes - keptBytes));
                if (retry != null) {
                    scheduleRetry(retry);
                }
            }
            jobs.get(0).batch().queue.lane.lastReleased = released;
            metrics.add(Gauge.AsynchronousInsertThreadsActive, -1);
        }
        // Clients learn their results last: once their entries are released or kept, the gauges moved and a
        // kept entry's next attempt is scheduled, what a client reads next agrees with what it was told.
        for (FlushWork work : finished) {
            acknowledge(work);
        }
        if (unexpected != null) {
            for (FlushJob job : jobs) {
                for (PendingInsert insert : job.batch().inserts) {
                    insert.completeExceptionally(new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Flush failed unexpectedly: " + unexpected,
                            unexpected));
                }
            }
        }
    }

    /**
     * The entries of a flush that a durable buffer keeps because their write failed for a reason of the
     * database's (unreachable, read-only, full…), as a batch for their next attempt; null when there are none.
     */
    private Batch keptBatch(FlushWork work) {
        Batch retry = null;
        for (int i = 0; i < work.kept.length; i++) {
            if (work.kept[i]) {
                BufferEntry entry = work.batch.inserts.get(i).entry;
                if (retry == null) {
                    retry = new Batch(work.batch.queue, clock.nanoTime(), entry.enqueuedEpochMicros(), Long.MIN_VALUE);
                    retry.reason = FlushReason.RETRY;
                }
                retry.add(new PendingInsert(entry));
            }
        }
        return retry;
    }

    /**
     * The entries of a durable buffer's flush that failed on their own data and went to the dead-letter table;
     * empty for a buffer that keeps nothing.
     */
    private static List<BufferEntry> deadLettered(FlushWork work) {
        if (!work.durable) {
            return List.of();
        }
        List<BufferEntry> entries = List.of();
        for (int i = 0; i < work.errors.length; i++) {
            if (work.errors[i] != null && !work.kept[i]) {
                if (entries.isEmpty()) {
                    entries = new ArrayList<>();
                }
                entries.add(work.batch.inserts.get(i).entry);
            }
        }
        return entries;
    }

    /**
     * Releases entries from the durable buffer once their dead-letter rows are written (in the log writer's
     * order, after the rows {@code finish} queued): a crash in between replays them rather than losing them.
     * When the engine is closing and the log writer takes no more work, they stay in the buffer.
     */
    private void releaseAfterLogs(List<BufferEntry> entries) {
        try {
            logWriter.execute(() -> {
                try {
                    system.flushLogs(clock.epochMicros());
                    buffer.release(entries);
                } catch (SQLException e) {
                    log.warn("Sluice could not write {} dead letters; their entries stay in the {} buffer", entries.size(),
                            engineSettings.get(Setting.ASYNC_INSERT_BUFFER), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The next start replays them, and they fail (and are dead-lettered) again.
        }
    }

    private static List<BufferEntry> withoutKept(List<BufferEntry> drained, Batch kept) {
        List<BufferEntry> keep = new ArrayList<>(kept.inserts.size());
        for (PendingInsert insert : kept.inserts) {
            keep.add(insert.entry);
        }
        return without(drained, keep);
    }

    /** {@code entries} without the very objects in {@code removed}. */
    private static List<BufferEntry> without(List<BufferEntry> entries, List<BufferEntry> removed) {
        Set<BufferEntry> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        gone.addAll(removed);
        List<BufferEntry> kept = new ArrayList<>(entries.size());
        for (BufferEntry entry : entries) {
            if (!gone.contains(entry)) {
                kept.add(entry);
            }
        }
        return kept;
    }

    /**
     * Hands kept entries to their table's lane again after {@code async_insert_retry_max_backoff_ms}, and so
     * on until they are written. A shutdown drops the attempt: the entries stay in the durable buffer and the
     * next start writes them.
     */
    private void scheduleRetry(Batch retry) {
        if (closing) {
            // They stay in the durable buffer, and count as pending in the shutdown's report.
            return;
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(retry.queue.settings.getLong(Setting.ASYNC_INSERT_RETRY_MAX_BACKOFF_MS));
        List<BufferEntry> entries = new ArrayList<>(retry.inserts.size());
        for (PendingInsert insert : retry.inserts) {
            entries.add(insert.entry);
        }
        timer.schedule(clock.nanoTime() + pause, () -> {
            if (!closing) {
                retry.queue.lane.submit(new FlushJob(retry, entries));
            }
        });
    }

    /** A detached batch and the entries the buffer drained for it. */
    record FlushJob(Batch batch, List<BufferEntry> drained) {}

    /** One batch on its way through a flush: its parsed rows and each entry's outcome. */
    private static final class FlushWork {
        final Batch batch;
        final String flushQueryId = newQueryId();
        final long[] rowCounts;
        final int[] rowStarts;
        final SQLException[] errors;
        final String[] statuses;
        /** Each entry's ledger id (deduplication id or durable buffer id), or null. */
        final String[] ids;
        /** Whether an entry was dropped as a duplicate: of an earlier write, or of another entry of this flush. */
        final boolean[] deduplicated;
        final List<Object[]> rows;
        /** Adds to {@link #rows}: one sink for all the batch's entries. */
        final RowSink rowSink;
        final List<SystemTables.PartLogRow> parts = new ArrayList<>(1);
        final long[] dedupRows;
        /** Entries a durable buffer keeps for another attempt: their write failed for a reason of the database's. */
        final boolean[] kept;
        /** Whether the entries are held by a durable buffer. */
        boolean durable;
        long startNanos;
        long startMicros;
        Part part;

        FlushWork(Batch batch) {
            this.batch = batch;
            int count = batch.inserts.size();
            // Most INSERTs buffered one by one hold one row each.
            this.rows = new ArrayList<>(count);
            this.rowSink = rows::add;
            this.rowCounts = new long[count];
            this.rowStarts = new int[count];
            this.errors = new SQLException[count];
            this.statuses = new String[count];
            this.ids = new String[count];
            this.deduplicated = new boolean[count];
            this.dedupRows = new long[count];
            this.kept = new boolean[count];
        }
    }

    /**
     * Parses every entry of a batch on its own: a bad entry fails alone and adds no rows. An entry whose
     * ledger id another entry of the same flush group already has is dropped as a duplicate.
     *
     * @param groupIds the ledger ids of the entries parsed so far in this flush group
     */
    private FlushWork parse(Batch batch, Set<String> groupIds) {
        FlushWork work = new FlushWork(batch);
        work.startNanos = clock.nanoTime();
        work.startMicros = clock.epochMicros();
        KeyQueue queue = batch.queue;
        boolean deduplicate = queue.settings.getBoolean(Setting.ASYNC_INSERT_DEDUPLICATE);
        List<PendingInsert> inserts = batch.inserts;
        boolean anyId = false;
        work.durable = !inserts.isEmpty() && buffer.ledgerId(inserts.get(0).entry) != null;
        durableBuffer |= work.durable;
        for (int i = 0; i < inserts.size(); i++) {
            BufferEntry entry = inserts.get(i).entry;
            int before = work.rows.size();
            work.rowStarts[i] = before;
            work.statuses[i] = "Ok";
            String id = Deduplication.ledgerId(entry, deduplicate, buffer);
            if (id != null && !groupIds.add(id)) {
                work.deduplicated[i] = true;
                continue;
            }
            try {
                parseEntry(queue, entry.data(), entry.dataStart(), entry.rows(), work.rowSink);
                work.rowCounts[i] = work.rows.size() - before;
                work.ids[i] = id;
                anyId |= id != null;
            } catch (SQLException | RuntimeException | StackOverflowError e) {
                work.rows.subList(before, work.rows.size()).clear();
                work.errors[i] = e instanceof SQLException sql ? sql : unreadable(entry, queue, e);
                work.statuses[i] = "ParsingError";
                if (id != null) {
                    groupIds.remove(id);
                }
            }
        }
        if (!work.rows.isEmpty() || anyId) {
            work.part = part(work, work.rows, 0, inserts.size());
        }
        return work;
    }

    /**
     * An entry whose reading failed with something other than a data error (a reader's bug): it fails alone,
     * as a data error would, instead of failing every entry of the flush.
     */
    private static SQLException unreadable(BufferEntry entry, KeyQueue queue, Throwable e) {
        log.error("Sluice could not read entry {} of {}", entry.queryId(), queue.query, e);
        return new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Reading the entry's data failed unexpectedly: " + e, e);
    }

    /**
     * The part for entries {@code from} to {@code to} of a flush, holding {@code rows} (their rows, in
     * order) and a ledger block for each of them that has an id.
     */
    private Part part(FlushWork work, List<Object[]> rows, int from, int to) {
        KeyQueue queue = work.batch.queue;
        List<Part.Block> blocks = List.of();
        int offset = 0;
        for (int i = from; i < to; i++) {
            if (work.errors[i] != null || work.deduplicated[i]) {
                continue;
            }
            if (work.ids[i] != null) {
                if (blocks.isEmpty()) {
                    blocks = new ArrayList<>();
                }
                blocks.add(new Part.Block(work.ids[i], offset, (int) work.rowCounts[i]));
            }
            offset += (int) work.rowCounts[i];
        }
        long window = blocks.isEmpty() ? 0 : queue.settings.getLong(Setting.ASYNC_INSERT_DEDUPLICATION_WINDOW);
        if (work.durable && !blocks.isEmpty()) {
            // A durable buffer's replay after a crash relies on the ids of every entry it has not released (this
            // flush's among them, and the previous flush's, whose release may not have reached the disk): the
            // ledger's trim must not forget those, however many there are.
            window += metrics.get(Gauge.PendingAsyncInsert) + queue.lane.lastReleased;
        }
        return new Part(queue.table.database(), queue.table.name(), queue.columns, rows, nextPartName(), work.flushQueryId, blocks,
                (int) Math.min(Integer.MAX_VALUE, window));
    }

    /** Marks the entries of a written range whose block the storage skipped as already in its ledger. */
    private static long applySkipped(FlushWork work, int from, int to, Set<String> skipped) {
        long rows = 0;
        if (skipped.isEmpty()) {
            return 0;
        }
        for (int i = from; i < to; i++) {
            if (work.ids[i] != null && work.errors[i] == null && skipped.contains(work.ids[i])) {
                work.deduplicated[i] = true;
                rows += work.rowCounts[i];
                work.dedupRows[i] = work.rowCounts[i];
                work.rowCounts[i] = 0;
            }
        }
        return rows;
    }

    private void write(List<FlushWork> works) {
        List<FlushWork> writing = new ArrayList<>(works.size());
        List<Part> parts = new ArrayList<>(works.size());
        for (FlushWork work : works) {
            if (work.part == null) {
                continue;
            }
            long blockSize = work.batch.queue.settings.getLong(Setting.MAX_INSERT_BLOCK_SIZE);
            if (work.rows.size() > blockSize) {
                writeInBlocks(work, blockSize);
            } else {
                writing.add(work);
                parts.add(work.part);
            }
        }
        if (writing.size() > 1) {
            long start = clock.nanoTime();
            try {
                Set<String> skipped = withRetries(() -> storage.writeParts(parts), writing.get(0).batch.queue.settings);
                long took = clock.nanoTime() - start;
                for (FlushWork work : writing) {
                    long skippedRows = applySkipped(work, 0, work.batch.inserts.size(), skipped);
                    recordPart(work, work.part, took, null, skippedRows);
                }
                return;
            } catch (SQLException e) {
                ErrorKind kind = storage.classify(e);
                if (kind == ErrorKind.TRANSIENT) {
                    // The database stayed away for the whole retry deadline: writing each part on its own would only
                    // make the clients of the later parts wait one more deadline each.
                    long took = clock.nanoTime() - start;
                    for (FlushWork work : writing) {
                        recordPart(work, work.part, took, e, 0);
                        fail(work, 0, work.batch.inserts.size(), e, kind);
                    }
                    return;
                }
                log.debug("Sluice group write of {} parts failed; writing them one by one", parts.size(), e);
            }
        }
        for (FlushWork work : writing) {
            writeIsolating(work, 0, work.batch.inserts.size(), work.part);
        }
    }

    /**
     * Writes a flush with more rows than {@code max_insert_block_size} as several parts, each of whole
     * entries: an INSERT's rows are never split between two transactions.
     */
    private void writeInBlocks(FlushWork work, long blockSize) {
        int count = work.batch.inserts.size();
        int from = 0;
        long rows = 0;
        for (int i = 0; i < count; i++) {
            long entryRows = work.errors[i] == null ? work.rowCounts[i] : 0;
            if (rows > 0 && rows + entryRows > blockSize) {
                writeIsolating(work, from, i, null);
                from = i;
                rows = 0;
            }
            rows += entryRows;
        }
        writeIsolating(work, from, count, null);
    }

    /**
     * Writes the rows of entries {@code from} to {@code to}. When the database refuses the rows
     * ({@link ErrorKind#DATA}: a constraint, a value it will not store), the range is split in halves and
     * each half written on its own, until the entries at fault are found: only they fail, with the
     * database's message; every other entry is written. Other errors fail the whole range.
     */
    private void writeIsolating(FlushWork work, int from, int to, Part whole) {
        Part part = whole != null ? whole : subPart(work, from, to);
        if (part == null) {
            return;
        }
        long start = clock.nanoTime();
        try {
            Set<String> skipped = withRetries(() -> storage.writePart(part), work.batch.queue.settings);
            recordPart(work, part, clock.nanoTime() - start, null, applySkipped(work, from, to, skipped));
        } catch (SQLException e) {
            recordPart(work, part, clock.nanoTime() - start, e, 0);
            ErrorKind kind = storage.classify(e);
            if (kind != ErrorKind.TRANSIENT) {
                // The table may have changed. Not after a lost connection: INSERTs must stay accepted (and a durable
                // buffer keep taking them) while the database is away, without asking it for the table's shape.
                invalidateMetadata();
            }
            if (kind == ErrorKind.DATA && to - from > 1) {
                int middle = (from + to) >>> 1;
                writeIsolating(work, from, middle, null);
                writeIsolating(work, middle, to, null);
                return;
            }
            fail(work, from, to, e, kind);
        }
    }

    /**
     * Fails entries {@code from} to {@code to} of a flush whose write failed for good, each with an error naming
     * the flush, the table, the retries and the cause. A durable buffer keeps those that failed for a reason of
     * the database's rather than of their own data.
     */
    private void fail(FlushWork work, int from, int to, SQLException e, ErrorKind kind) {
        KeyQueue queue = work.batch.queue;
        ErrorCode code = kind == ErrorKind.DATA ? ErrorCode.VIOLATED_CONSTRAINT
                : connectionError(e) ? ErrorCode.NETWORK_ERROR : ErrorCode.UNKNOWN_EXCEPTION;
        boolean keep = work.durable && kind != ErrorKind.DATA;
        String message = "Flush " + work.flushQueryId + " of " + queue.table.database() + "." + queue.table.name() + " failed"
                + retried(kind, queue.settings) + ": " + e.getMessage()
                + (keep ? "; the INSERT stays in the durable " + engineSettings.get(Setting.ASYNC_INSERT_BUFFER) + " buffer and is"
                        + " written again every async_insert_retry_max_backoff_ms until the database accepts it (or at the next start)"
                        : "");
        for (int i = from; i < to; i++) {
            if (work.errors[i] == null) {
                work.errors[i] = new SluiceSqlException(code, message, e);
                work.statuses[i] = "FlushError";
                work.rowCounts[i] = 0;
                work.kept[i] = keep;
            }
        }
    }

    /** How a failed write was retried, for its error message. */
    private String retried(ErrorKind kind, EffectiveSettings settings) {
        if (kind != ErrorKind.TRANSIENT) {
            return "";
        }
        if (closing) {
            long shutdownMillis = engineSettings.getLong(Setting.ASYNC_INSERT_SHUTDOWN_TIMEOUT_MS);
            return " after retrying until the shutdown's deadline (async_insert_shutdown_timeout_ms = " + shutdownMillis + ")";
        }
        long millis = settings.getLong(Setting.ASYNC_INSERT_RETRY_TIMEOUT_MS);
        return " after retrying for " + millis + " ms (async_insert_retry_timeout_ms = " + millis + ")";
    }

    /** Whether a database error is a lost or refused connection (SQLState class 08), following cause chains. */
    static boolean connectionError(SQLException error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            Throwable next = current instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : current.getCause();
            current = next == current ? null : next;
        }
        return false;
    }

    /**
     * A part holding the rows of the parsed entries {@code from} to {@code to}, or null when they have
     * neither rows nor ledger ids.
     */
    private Part subPart(FlushWork work, int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        boolean anyId = false;
        for (int i = from; i < to; i++) {
            if (work.errors[i] == null) {
                rows.addAll(work.rows.subList(work.rowStarts[i], work.rowStarts[i] + (int) work.rowCounts[i]));
                anyId |= work.ids[i] != null;
            }
        }
        if (rows.isEmpty() && !anyId) {
            return null;
        }
        return part(work, rows, from, to);
    }

    private void recordPart(FlushWork work, Part part, long nanos, SQLException error, long skippedRows) {
        KeyQueue queue = work.batch.queue;
        long bytes = 0;
        for (int i = 0; i < work.batch.inserts.size(); i++) {
            if (work.errors[i] == null) {
                bytes += work.batch.inserts.get(i).entry.bytes();
            }
        }
        if (part != work.part) {
            bytes = Math.round((double) bytes * part.rows().size() / Math.max(1, work.rows.size()));
        }
        work.parts.add(new SystemTables.PartLogRow(clock.epochMicros(), work.flushQueryId, queue.table.database(), queue.table.name(),
                part.name(), error == null ? part.rows().size() - skippedRows : 0, bytes, nanos / 1_000_000L, error == null ? 0 : 1,
                error == null ? "" : String.valueOf(error.getMessage())));
        if (error == null) {
            metrics.add(Event.AsyncInsertParts, 1);
        }
    }

    /** A storage write that may fail; answers the ledger ids it skipped. */
    @FunctionalInterface
    private interface StorageWrite {
        Set<String> run() throws SQLException;
    }

    /**
     * Runs a write, retrying transient errors (a busy or locked database, a lost connection) with
     * exponential backoff on the engine's clock until {@code async_insert_retry_timeout_ms} has passed (or,
     * during a shutdown, its {@code async_insert_shutdown_timeout_ms}).
     */
    private Set<String> withRetries(StorageWrite write, EffectiveSettings settings) throws SQLException {
        long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.getLong(Setting.ASYNC_INSERT_RETRY_TIMEOUT_MS));
        long backoff = settings.getLong(Setting.ASYNC_INSERT_RETRY_INITIAL_BACKOFF_MS);
        long maxBackoff = settings.getLong(Setting.ASYNC_INSERT_RETRY_MAX_BACKOFF_MS);
        while (true) {
            try {
                return write.run();
            } catch (SQLException e) {
                long now = clock.nanoTime();
                long wakeAt = now + TimeUnit.MILLISECONDS.toNanos(backoff);
                // A shutdown keeps retrying until its own deadline, so that a briefly busy database does not cost data.
                if (storage.classify(e) != ErrorKind.TRANSIENT || wakeAt - deadline > 0 || (closing && wakeAt - shutdownDeadlineNanos > 0)) {
                    throw e;
                }
                metrics.add(Event.AsyncInsertRetries, 1);
                log.debug("Sluice write failed transiently; retrying in {} ms", backoff, e);
                sleepUntil(wakeAt);
                backoff = Math.min(maxBackoff, backoff * 2);
            }
        }
    }

    /** Sleeps until the engine's clock reaches {@code atNanos}: real time, or a test's manual advance. */
    private void sleepUntil(long atNanos) throws SQLException {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        timer.schedule(atNanos, () -> wake.complete(null));
        try {
            wake.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting to retry a write", e);
        } catch (ExecutionException e) {
            throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Retry timer failed", e.getCause());
        }
    }

    /** Logs every entry of a written batch and the flush; {@link #acknowledge} answers the clients afterwards. */
    private void finish(FlushWork work) {
        Batch batch = work.batch;
        KeyQueue queue = batch.queue;
        List<PendingInsert> inserts = batch.inserts;
        int count = inserts.size();
        long endNanos = clock.nanoTime();
        long written = 0;
        long writtenBytes = 0;
        int failed = 0;
        int duplicates = 0;
        boolean writeFailed = false;
        long nowMicros = clock.epochMicros();
        List<SystemTables.EntryLogRow> logRows = new ArrayList<>(count);
        List<SystemTables.DeadLetterRow> deadLetters = List.of();
        SQLException firstError = null;
        for (int i = 0; i < count; i++) {
            BufferEntry entry = inserts.get(i).entry;
            written += work.rowCounts[i];
            SQLException error = work.errors[i];
            if (error == null) {
                writtenBytes += work.deduplicated[i] ? 0 : entry.bytes();
            } else {
                failed++;
                firstError = firstError == null ? error : firstError;
                if (!work.kept[i]) {
                    if (deadLetters.isEmpty()) {
                        deadLetters = new ArrayList<>();
                    }
                    deadLetters.add(DeadLetters.row(queue, entry, work.flushQueryId, work.statuses[i], error, nowMicros));
                }
            }
            writeFailed |= "FlushError".equals(work.statuses[i]);
            if (work.deduplicated[i]) {
                duplicates++;
                work.parts.add(new SystemTables.PartLogRow(nowMicros, work.flushQueryId, queue.table.database(), queue.table.name(),
                        work.part == null ? "" : work.part.name(), work.dedupRows[i], entry.bytes(), 0, ErrorCode.INSERT_WAS_DEDUPLICATED.code(),
                        "Entry " + entry.queryId() + " with id " + Deduplication.ledgerId(entry, queue.settings.getBoolean(Setting.ASYNC_INSERT_DEDUPLICATE), buffer)
                                + " was already written; ignoring it"));
            }
            logRows.add(new SystemTables.EntryLogRow(entry.enqueuedEpochMicros(), entry.queryId(), entry.bytes(), work.rowCounts[i],
                    error == null ? "" : error.getMessage(), work.statuses[i],
                    entry.rows() == null ? "Parsed" : "Preprocessed", entry.logComment()));
        }
        metrics.add(Event.AsyncInsertFlush, 1);
        metrics.add(Event.AsyncInsertRows, written);
        metrics.add(Event.FailedAsyncInsertQuery, failed);
        if (duplicates > 0) {
            metrics.add(Event.DuplicatedInsertedBlocks, duplicates);
        }
        if (!deadLetters.isEmpty()) {
            metrics.add(Event.AsyncInsertDeadLetters, deadLetters.size());
        }
        if (closing && failed > 0) {
            shutdownDeadLetters.addAndGet(deadLetters.size());
            shutdownError.set(firstError.getMessage());
        }
        queue.lane.recordFlush(endNanos, endNanos - work.startNanos, writeFailed);
        SystemTables.FlushLogRow flushRow = new SystemTables.FlushLogRow(work.flushQueryId, queue.query, queue.table.database(),
                queue.table.name(), queue.format.canonicalName(), nowMicros, batch.timeoutMillis(), logRows);
        String database = queue.table.database();
        String table = queue.table.name();
        boolean allFailed = failed == count;
        List<SystemTables.QueryLogRow> queries = List.of(
                new SystemTables.QueryLogRow("QueryStart", work.startMicros, work.startMicros, "AsyncInsertFlush", work.flushQueryId, queue.query,
                        true, database, table, 0, 0, 0, "", ""),
                new SystemTables.QueryLogRow(allFailed ? "ExceptionWhileProcessing" : "QueryFinish", nowMicros, work.startMicros,
                        "AsyncInsertFlush", work.flushQueryId, queue.query, true, database, table, written, writtenBytes,
                        allFailed ? errorCode(firstError) : 0, allFailed ? firstError.getMessage() : "", ""));
        if (system.log(flushRow, work.parts, queries, deadLetters)) {
            logWriter.execute(this::writeLogsQuietly);
        }
    }

    /** Completes each client's future with its entry's rows or error: after its log rows are visible, as in ClickHouse. */
    private static void acknowledge(FlushWork work) {
        List<PendingInsert> inserts = work.batch.inserts;
        for (int i = 0; i < inserts.size(); i++) {
            if (work.errors[i] == null) {
                inserts.get(i).complete(work.rowCounts[i]);
            } else {
                inserts.get(i).completeExceptionally(work.errors[i]);
            }
        }
    }

    /** The ClickHouse error code of an exception, or {@code UNKNOWN_EXCEPTION}'s. */
    static int errorCode(Throwable error) {
        return error instanceof SluiceSqlException sluice ? sluice.error().code() : ErrorCode.UNKNOWN_EXCEPTION.code();
    }

    /** Queues one {@code system.query_log} row. */
    void logQuery(SystemTables.QueryLogRow row) {
        if (system.logQuery(row)) {
            logWriter.execute(this::writeLogsQuietly);
        }
    }

    // ---------------------------------------------------------------- SYSTEM statements, system tables

    /**
     * {@code SYSTEM FLUSH ASYNC INSERT QUEUE}: flushes every open buffer of the given tables (all tables
     * when empty) and returns once they, and any flush of those tables already running, are written.
     */
    void flushQueues(List<TableInfo> tables) throws SQLException {
        Predicate<String> selected = qualified -> tables.isEmpty()
                || tables.stream().anyMatch(t -> qualified.equals(t.database() + '.' + t.name()));
        detachOpen(selected, FlushReason.MANUAL);
        awaitLanes(selected).get();
    }

    /**
     * Waits until every detached batch has been written, without detaching open ones. On a manual clock
     * this tells a test that every flush a trigger started has finished.
     */
    void awaitFlushes() throws SQLException {
        awaitLanes(qualified -> true).get();
    }

    /** Detaches the open batch of every key whose table ({@code database.table}) is selected. */
    private void detachOpen(Predicate<String> tables, FlushReason reason) {
        for (KeyQueue queue : queues.values()) {
            if (!tables.test(queue.table.database() + '.' + queue.table.name())) {
                continue;
            }
            Batch batch;
            queue.lock.lock();
            try {
                batch = queue.open;
            } finally {
                queue.lock.unlock();
            }
            if (batch != null) {
                detach(batch, reason);
            }
        }
    }

    /** What waiting for some lanes to drain looks like to a caller. */
    @FunctionalInterface
    private interface LaneWait {
        void get() throws SQLException;
    }

    /** A wait for every flush submitted so far to the lanes of the selected tables. */
    private LaneWait awaitLanes(Predicate<String> tables) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        lanes.forEach((qualified, lane) -> {
            if (tables.test(qualified)) {
                waits.add(lane.whenDrained());
            }
        });
        CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
        return () -> {
            try {
                all.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for flushes", e);
            } catch (ExecutionException e) {
                throw forClient(e.getCause());
            }
        };
    }

    /** Runs one replayed INSERT for {@link #replayDeadLetters}. */
    @FunctionalInterface
    interface ReplayRunner {
        void run(String sql) throws SQLException;
    }

    /**
     * {@code SYSTEM REPLAY ASYNC INSERT DEAD LETTER}: writes each dead letter of the table (of every
     * table when {@code table} is null) again, synchronously and oldest first. A written dead letter
     * leaves the table; one that fails again stays, with its replay attempts and the new error.
     *
     * @return how many were written
     */
    long replayDeadLetters(TableInfo table, ReplayRunner runner) throws SQLException {
        List<SystemTables.DeadLetter> letters = system.deadLetters(table == null ? null : table.database(), table == null ? null : table.name());
        long written = 0;
        for (SystemTables.DeadLetter letter : letters) {
            String error = null;
            try {
                runner.run(DeadLetters.replaySql(letter));
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

    /** {@code SYSTEM FLUSH LOGS}. */
    void flushLogs() throws SQLException {
        system.flushLogs(clock.epochMicros());
    }

    private void writeLogsQuietly() {
        try {
            system.flushLogs(clock.epochMicros());
        } catch (SQLException e) {
            log.warn("Sluice could not write its system log tables", e);
        }
    }

    private void scheduleLogFlush() {
        timer.schedule(clock.nanoTime() + TimeUnit.SECONDS.toNanos(1), () -> {
            if (!closing) {
                logWriter.execute(this::writeLogsQuietly);
                scheduleLogFlush();
            }
        });
    }

    /** Runs a read of the system tables for a session. */
    <T> T readSystem(List<SystemTables.SettingRow> settings, SystemTables.SqlFunction<Connection, T> query) throws SQLException {
        return system.read(liveState(), settings, clock.epochMicros(), query);
    }

    private SystemTables.LiveState liveState() {
        return new SystemTables.LiveState() {
            @Override
            public List<SystemTables.PendingBufferRow> pendingBuffers() {
                List<SystemTables.PendingBufferRow> rows = new ArrayList<>();
                for (KeyQueue queue : queues.values()) {
                    queue.lock.lock();
                    try {
                        Batch batch = queue.open;
                        if (batch == null) {
                            continue;
                        }
                        List<String> ids = new ArrayList<>(batch.inserts.size());
                        List<Long> bytes = new ArrayList<>(batch.inserts.size());
                        for (PendingInsert insert : batch.inserts) {
                            ids.add(insert.entry.queryId());
                            bytes.add((long) insert.entry.bytes());
                        }
                        rows.add(new SystemTables.PendingBufferRow(queue.query, queue.table.database(), queue.table.name(),
                                queue.format.canonicalName(), batch.openedAtMicros, batch.bytes, ids, bytes));
                    } finally {
                        queue.lock.unlock();
                    }
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

    // ---------------------------------------------------------------- shutdown

    /**
     * Graceful shutdown: stops taking inserts, flushes every buffer, waits up to
     * {@code async_insert_shutdown_timeout_ms} for the flushes, and reports what it could not write.
     * Calling it twice does nothing.
     */
    @Override
    public void close() {
        long timeoutMillis = engineSettings.getLong(Setting.ASYNC_INSERT_SHUTDOWN_TIMEOUT_MS);
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            shutdownDeadlineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            closing = true;
        }
        detachOpen(qualified -> true, FlushReason.SHUTDOWN);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (TableLane lane : lanes.values()) {
            waits.add(lane.whenDrained());
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Reported below with everything else that was not written.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Sluice shutdown of {} was interrupted", target);
        } catch (ExecutionException e) {
            log.error("Sluice shutdown flush of {} failed", target, e.getCause());
        }
        reportUnwritten(timeoutMillis);
        timer.close();
        flushPool.shutdownNow();
        logWriter.shutdown();
        try {
            logWriter.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        system.close();
        buffer.close();
        storage.close();
        mbean.unregister();
    }

    /**
     * Says, once, what a shutdown could not write: entries still pending (being flushed when the deadline
     * came, or kept by a durable buffer after a failed write) and entries whose write failed during the
     * shutdown and went to the dead-letter table; and where each of them is now.
     */
    private void reportUnwritten(long timeoutMillis) {
        long pending = metrics.get(Gauge.PendingAsyncInsert);
        long deadLettered = shutdownDeadLetters.get();
        if (pending + deadLettered <= 0) {
            return;
        }
        String bufferName = engineSettings.get(Setting.ASYNC_INSERT_BUFFER);
        String systemPath = engineSettings.get(Setting.SYSTEM_DATABASE_PATH);
        String deadLetterFate = systemPath.isEmpty()
                ? " in system.asynchronous_insert_dead_letter, which lives in memory: they are lost"
                : " kept in system.asynchronous_insert_dead_letter (" + systemPath + ")";
        String fate;
        if (durableBuffer) {
            fate = pending + " stay in the durable " + bufferName + " buffer and are written at its next start"
                    + (deadLettered > 0 ? "; " + deadLettered + " failed on their own data," + deadLetterFate : "");
        } else {
            fate = (pending > 0 ? pending + " still in the " + bufferName + " buffer are lost" : "")
                    + (pending > 0 && deadLettered > 0 ? "; " : "") + (deadLettered > 0 ? deadLettered + " failed," + deadLetterFate : "");
        }
        String lastError = shutdownError.get();
        log.error("Sluice shutdown of {}: {} buffered INSERTs were not written within async_insert_shutdown_timeout_ms = {}{}; {}", target,
                pending + deadLettered, timeoutMillis, lastError == null ? "" : " (last error: " + lastError + ")", fate);
    }

    boolean isClosing() {
        return closing;
    }
}

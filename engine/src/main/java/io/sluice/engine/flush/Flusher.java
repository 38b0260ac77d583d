package io.sluice.engine.flush;

import io.sluice.engine.system.DeadLetters;
import io.sluice.engine.Errors;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.system.SystemTables;
import io.sluice.engine.insert.Batch;
import io.sluice.engine.insert.BufferedBytesLimit;
import io.sluice.engine.insert.FlushJob;
import io.sluice.engine.insert.FlushReason;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.Lane;
import io.sluice.engine.insert.PendingInsert;
import io.sluice.engine.insert.RunState;
import io.sluice.engine.insert.TableCatalog;
import io.sluice.engine.insert.Timer;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import io.sluice.spi.UuidQueryIds;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * The flush side, Kafka's sender to the accumulator: every table's {@link TableLane}, and the flush of a lane's
 * group of detached batches in three stages. {@code parse} reads each entry on its own (a bad one fails alone);
 * the {@link PartWriter} writes the rows; {@code finish} logs every entry and the flush, then the buffer releases
 * what was written, a durable buffer keeps what failed for the database's reasons (written again later), and
 * failed entries go to the dead-letter table; clients learn their results last. Data flows one way: from the
 * accumulator's detached batches to the storage and the system log, never back into the accumulator.
 * Thread-safe; up to the lane's slots of flushes per table at a time ({@link TableLane}).
 */
public final class Flusher {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private final Clock clock;
    private final Buffer buffer;
    private final SystemTables system;
    private final ExecutorService logWriter;
    private final Executor flushPool;
    private final Timer timer;
    private final BufferedBytesLimit bytes;
    private final Metrics metrics;
    private final RunState state;
    private final EffectiveSettings engineSettings;
    private final PartWriter writer;
    private final ConcurrentHashMap<String, TableLane> lanes = new ConcurrentHashMap<>();
    /** The most flushes of one table that run at once. */
    private final int tableFlushes;
    /** Per lane, how many of the ledger ids its flushes wrote the ledger still keeps; changed by the lane's flushes, atomically. */
    private final ConcurrentHashMap<TableLane, Long> ledgerIds = new ConcurrentHashMap<>();

    public Flusher(Clock clock, Storage storage, Buffer buffer, SystemTables system, ExecutorService logWriter, Executor flushPool, Timer timer,
            BufferedBytesLimit bytes, Metrics metrics, RunState state, TableCatalog catalog, EffectiveSettings engineSettings, PartNames partNames,
            int tableFlushes) {
        this.clock = clock;
        this.tableFlushes = tableFlushes;
        this.buffer = buffer;
        this.system = system;
        this.logWriter = logWriter;
        this.flushPool = flushPool;
        this.timer = timer;
        this.bytes = bytes;
        this.metrics = metrics;
        this.state = state;
        this.engineSettings = engineSettings;
        this.writer = new PartWriter(clock, storage, timer, metrics, state, catalog, engineSettings, partNames);
    }

    /**
     * The lane of a table, made on first use. A job counts in {@code AsynchronousInsertThreadsScheduled} from its
     * submission until its flush ends, as ClickHouse counts the flush pool's queued and running jobs.
     */
    public Lane lane(TableInfo table) {
        TableLane tableLane = lanes.computeIfAbsent(table.database() + '.' + table.name(), qualified -> {
            TableLane[] lane = new TableLane[1];
            lane[0] = new TableLane(table.database(), table.name(), flushPool, jobs -> flushGroup(lane[0], jobs), tableFlushes, clock);
            return lane[0];
        });
        return new Lane() {
            @Override
            public void submit(FlushJob job) {
                metrics.add(Gauge.AsynchronousInsertThreadsScheduled, 1);
                try {
                    tableLane.submit(job);
                } catch (RuntimeException | Error e) {
                    metrics.add(Gauge.AsynchronousInsertThreadsScheduled, -1);
                    throw e;
                }
            }

            /** A waiting caller leads the flush on its own thread when the lane is idle (see {@link TableLane#runHere}). */
            @Override
            public boolean runHere(FlushJob job) {
                metrics.add(Gauge.AsynchronousInsertThreadsScheduled, 1);
                boolean ran = false;
                try {
                    ran = tableLane.runHere(job);
                    return ran;
                } finally {
                    if (!ran) {
                        metrics.add(Gauge.AsynchronousInsertThreadsScheduled, -1);
                    }
                }
            }

            @Override
            public boolean takesAnotherFlush() {
                return tableLane.takesAnotherFlush();
            }

            @Override
            public io.sluice.spi.StorageFeedback feedback() {
                return tableLane.feedback();
            }
        };
    }

    /**
     * A future that completes once every flush submitted so far to the lanes of the selected tables
     * ({@code database.table}) has run.
     */
    public CompletableFuture<Void> whenDrained(Predicate<String> tables) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        lanes.forEach((qualified, lane) -> {
            if (tables.test(qualified)) {
                waits.add(lane.whenDrained());
            }
        });
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    /** Writes the system log tables on the log writer's thread, soon. */
    public void writeLogsSoon() {
        logWriter.execute(this::writeLogsQuietly);
    }

    private void writeLogsQuietly() {
        try {
            system.flushLogs(clock.epochMicros());
        } catch (SQLException e) {
            log.warn("Sluice could not write its system log tables", e);
        }
    }

    /**
     * Writes the batches a lane had queued, oldest first. When a table's flushes fall behind, its queued
     * batches share one storage transaction (group commit): one commit and one fsync for all of them,
     * each still parsed, logged and answered as its own flush. If the shared write fails, each batch is
     * written on its own, so one batch's error never fails another's entries; except when the database stayed
     * unreachable or busy past the retry deadline, which is no batch's own error: then they all fail at once.
     * A durable buffer's entries that failed for the database's reasons are kept and written again later.
     */
    private void flushGroup(TableLane lane, List<FlushJob> jobs) {
        metrics.add(Gauge.AsynchronousInsertThreadsActive, 1);
        List<FlushWork> works = new ArrayList<>(jobs.size());
        List<FlushWork> finished = new ArrayList<>(jobs.size());
        Throwable unexpected = null;
        try {
            Set<String> groupIds = new HashSet<>();
            for (FlushJob job : jobs) {
                works.add(parse(lane, job, groupIds));
            }
            writer.write(works);
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
                long keptBytes = retry == null ? 0 : retry.heapBytes;
                int keptCount = retry == null ? 0 : retry.entries;
                List<BufferEntry> releasing = retry == null ? job.drained() : withoutKept(job.drained(), retry);
                List<BufferEntry> deadLettered = j < works.size() ? deadLettered(works.get(j)) : List.of();
                if (!deadLettered.isEmpty()) {
                    releasing = without(releasing, deadLettered);
                    releaseAfterLogs(deadLettered);
                }
                buffer.release(releasing);
                released += releasing.size();
                metrics.add(Gauge.PendingAsyncInsert, -(job.batch().entries - keptCount));
                bytes.release(job.batch().heapBytes - keptBytes);
                if (retry != null) {
                    scheduleRetry(retry);
                }
            }
            lane.released(released);
            metrics.add(Gauge.AsynchronousInsertThreadsActive, -1);
            metrics.add(Gauge.AsynchronousInsertThreadsScheduled, -jobs.size());
        }
        // Clients learn their results last: once their entries are released or kept, the gauges moved and a
        // kept entry's next attempt is scheduled, what a client reads next agrees with what it was told.
        for (FlushWork work : finished) {
            acknowledge(work);
        }
        for (FlushJob job : jobs) {
            if (unexpected != null) {
                for (PendingInsert insert : job.batch().callers) {
                    insert.completeExceptionally(new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Flush failed unexpectedly: " + unexpected,
                            unexpected));
                }
            }
            job.batch().flushed.complete(null);
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
                BufferEntry entry = work.entries.get(i);
                if (retry == null) {
                    retry = new Batch(work.batch.queue, clock.nanoTime(), entry.enqueuedEpochMicros(), Long.MIN_VALUE);
                    retry.reason = FlushReason.RETRY;
                    retry.held = new ArrayList<>();
                }
                retry.addHeld(entry);
                retry.held.add(entry);
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
                entries.add(work.entries.get(i));
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
        return without(drained, kept.held);
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
        if (state.closing()) {
            // They stay in the durable buffer, and count as pending in the shutdown's report.
            return;
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(retry.queue.settings.getLong(Setting.ASYNC_INSERT_RETRY_MAX_BACKOFF_MS));
        List<BufferEntry> entries = retry.held;
        timer.schedule(clock.nanoTime() + pause, () -> {
            if (!state.closing()) {
                retry.queue.lane().submit(new FlushJob(retry, entries));
            }
        });
    }

    /**
     * Parses every entry of a batch on its own: a bad entry fails alone and adds no rows. An entry whose
     * ledger id another entry of the same flush group already has is dropped as a duplicate.
     *
     * @param groupIds the ledger ids of the entries parsed so far in this flush group
     */
    private FlushWork parse(TableLane lane, FlushJob job, Set<String> groupIds) {
        Batch batch = job.batch();
        FlushWork work = new FlushWork(lane, batch, job.drained());
        work.startNanos = clock.nanoTime();
        work.startMicros = clock.epochMicros();
        KeyQueue queue = batch.queue;
        boolean deduplicate = queue.settings.getBoolean(Setting.ASYNC_INSERT_DEDUPLICATE);
        List<BufferEntry> entries = work.entries;
        boolean anyId = false;
        work.durable = !entries.isEmpty() && buffer.ledgerId(entries.get(0)) != null;
        if (work.durable) {
            state.markDurable();
        }
        for (int i = 0; i < entries.size(); i++) {
            BufferEntry entry = entries.get(i);
            int before = work.rows.size();
            work.rowStarts[i] = before;
            work.statuses[i] = "Ok";
            String id = Deduplication.ledgerId(entry, deduplicate, buffer);
            if (id != null && !groupIds.add(id)) {
                work.deduplicated[i] = true;
                continue;
            }
            try {
                EntryRows.parse(queue, entry.data(), entry.dataStart(), entry.rows(), work.rowSink);
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
            work.part = writer.part(work, work.rows, 0, entries.size());
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

    /** Logs every entry of a written batch and the flush; {@link #acknowledge} answers the clients afterwards. */
    private void finish(FlushWork work) {
        Batch batch = work.batch;
        KeyQueue queue = batch.queue;
        List<BufferEntry> entries = work.entries;
        int count = entries.size();
        long endNanos = clock.nanoTime();
        long written = 0;
        long writtenBytes = 0;
        int failed = 0;
        int duplicates = 0;
        long idsWritten = 0;
        boolean writeFailed = false;
        SQLException firstWriteError = null;
        long nowMicros = clock.epochMicros();
        List<SystemTables.DeadLetterRow> deadLetters = List.of();
        SQLException firstError = null;
        for (int i = 0; i < count; i++) {
            BufferEntry entry = entries.get(i);
            written += work.rowCounts[i];
            SQLException error = work.errors[i];
            if (error == null) {
                writtenBytes += work.deduplicated[i] ? 0 : entry.bytes();
                idsWritten += work.ids[i] != null && !work.deduplicated[i] ? 1 : 0;
            } else {
                failed++;
                firstError = firstError == null ? error : firstError;
                if (!work.kept[i]) {
                    if (deadLetters.isEmpty()) {
                        deadLetters = new ArrayList<>();
                    }
                    deadLetters.add(DeadLetters.row(queue.table, queue.columns, queue.format, entry, work.flushQueryId, work.statuses[i], error, nowMicros));
                }
            }
            if ("FlushError".equals(work.statuses[i])) {
                writeFailed = true;
                firstWriteError = firstWriteError == null ? error : firstWriteError;
            }
            if (work.deduplicated[i]) {
                duplicates++;
                work.parts.add(new SystemTables.PartLogRow(nowMicros, work.flushQueryId, queue.table.database(), queue.table.name(),
                        work.part == null ? "" : work.part.name(), work.dedupRows[i], entry.bytes(), 0, ErrorCode.INSERT_WAS_DEDUPLICATED.code(),
                        "Entry " + entry.queryId() + " with id " + Deduplication.ledgerId(entry, queue.settings.getBoolean(Setting.ASYNC_INSERT_DEDUPLICATE), buffer)
                                + " was already written; ignoring it"));
            }
        }
        metrics.add(Event.AsyncInsertFlush, 1);
        metrics.add(Event.AsyncInsertRows, written);
        metrics.add(Event.FailedAsyncInsertQuery, failed);
        if (duplicates > 0) {
            metrics.add(Event.DuplicatedInsertedBlocks, duplicates);
            metrics.add(Event.AsyncInsertCacheHits, duplicates);
            // A write whose every row the ledger skipped made no part: ClickHouse logs only the error-389 rows.
            work.parts.removeIf(part -> part.error() == 0 && part.rows() == 0);
        }
        if (idsWritten > 0) {
            long window = queue.settings.getLong(Setting.ASYNC_INSERT_DEDUPLICATION_WINDOW);
            long[] grown = new long[1];
            long recorded = idsWritten;
            // Overlapping flushes of the table add their ids at once: each adds what it grew the count by.
            ledgerIds.compute(work.lane, (lane, before) -> {
                long was = before == null ? 0 : before;
                long after = Math.min(window, was + recorded);
                grown[0] = after - was;
                return after;
            });
            metrics.add(Gauge.AsyncInsertCacheSize, grown[0]);
        }
        if (!deadLetters.isEmpty()) {
            metrics.add(Event.AsyncInsertDeadLetters, deadLetters.size());
        }
        if (state.closing() && failed > 0) {
            state.shutdownFailures(deadLetters.size(), firstError.getMessage());
        }
        work.lane.recordFlush(endNanos, endNanos - work.startNanos, writeFailed);
        String query = queue.queryWithSettings();
        SystemTables.FlushLogRow flushRow = new SystemTables.FlushLogRow(work.flushQueryId, query, queue.table.database(),
                queue.table.name(), queue.format.canonicalName(), nowMicros, batch.timeoutMillis(), List.of());
        String database = queue.table.database();
        String table = queue.table.name();
        // The flush failed only when its write did: entries that failed parsing were never part of it, and their
        // errors are in the insert log (ClickHouse ends such a flush with QueryFinish and code 0).
        boolean allFailed = failed == count && writeFailed;
        List<SystemTables.QueryLogRow> queries = List.of(
                new SystemTables.QueryLogRow("QueryStart", work.startMicros, work.startMicros, "AsyncInsertFlush", work.flushQueryId, query,
                        true, database, table, 0, 0, 0, "", ""),
                new SystemTables.QueryLogRow(allFailed ? "ExceptionWhileProcessing" : "QueryFinish", nowMicros, work.startMicros,
                        "AsyncInsertFlush", work.flushQueryId, query, true, database, table, written, writtenBytes,
                        allFailed ? Errors.code(firstWriteError) : 0, allFailed ? firstWriteError.getMessage() : "", ""));
        if (system.log(flushRow, new LoggedEntries(work), work.parts, queries, deadLetters)) {
            logWriter.execute(this::writeLogsQuietly);
        }
    }

    /**
     * A flush's entries as the system log reads them, when it queues them: straight from the flush's own arrays and
     * entries, without a row object each.
     */
    private static final class LoggedEntries implements SystemTables.EntryLogSource {
        private final FlushWork work;
        private final List<BufferEntry> entries;
        /** The memory buffer knows most ids as a UUID's halves: the log then keeps them without reading their text. */
        private final UuidQueryIds uuids;

        LoggedEntries(FlushWork work) {
            this.work = work;
            this.entries = work.entries;
            this.uuids = entries instanceof UuidQueryIds known ? known : null;
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public long eventMicros(int entry) {
            return entries.get(entry).enqueuedEpochMicros();
        }

        @Override
        public String queryId(int entry) {
            return entries.get(entry).queryId();
        }

        @Override
        public boolean uuidId(int entry) {
            return uuids != null && uuids.hasUuidQueryId(entry);
        }

        @Override
        public long idHigh(int entry) {
            return uuids == null ? 0 : uuids.queryIdHigh(entry);
        }

        @Override
        public long idLow(int entry) {
            return uuids == null ? 0 : uuids.queryIdLow(entry);
        }

        @Override
        public long bytes(int entry) {
            return entries.get(entry).bytes();
        }

        @Override
        public long rows(int entry) {
            return work.rowCounts[entry];
        }

        @Override
        public String exception(int entry) {
            SQLException error = work.errors[entry];
            return error == null ? "" : error.getMessage();
        }

        @Override
        public String status(int entry) {
            return work.statuses[entry];
        }

        @Override
        public String dataKind(int entry) {
            return entries.get(entry).rows() == null ? "Parsed" : "Preprocessed";
        }

        @Override
        public String logComment(int entry) {
            return entries.get(entry).logComment();
        }
    }

    /** Completes each client's future with its entry's rows or error: after its log rows are visible, as in ClickHouse. */
    private static void acknowledge(FlushWork work) {
        PendingInsert[] callers = work.callers;
        int answered = 0;
        for (int i = 0; i < callers.length; i++) {
            if (callers[i] == null) {
                continue;
            }
            answered++;
            if (work.errors[i] == null) {
                callers[i].complete(work.rowCounts[i]);
            } else {
                callers[i].completeExceptionally(work.errors[i]);
            }
        }
        if (answered < work.batch.callers.size()) {
            // The buffer did not return every entry appended: their callers learn it rather than wait forever.
            for (PendingInsert insert : work.batch.callers) {
                insert.completeExceptionally(new SluiceSqlException(ErrorCode.LOGICAL_ERROR,
                        "The buffer did not return entry " + insert.sequence + " for its flush"));
            }
        }
    }
}

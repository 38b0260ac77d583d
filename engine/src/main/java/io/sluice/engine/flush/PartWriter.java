package io.sluice.engine.flush;

import io.sluice.engine.Errors;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.system.SystemTables;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.RunState;
import io.sluice.engine.insert.TableCatalog;
import io.sluice.engine.insert.Timer;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * Writes the parsed rows of a flush group to the storage: the group's parts in one transaction when it has
 * several (group commit), a flush larger than {@code max_insert_block_size} as several parts of whole entries,
 * and, when the database refuses rows, halves of a range until the entries at fault are isolated. Retries
 * transient errors on the engine's clock. Records each part it wrote or failed for {@code system.part_log}.
 * Called by the {@link Flusher} only, on a flush thread (several at once for one table); keeps no state of its own
 * between calls but whether the storage can resolve a lost write.
 */
final class PartWriter {
    private static final Logger log = LoggerFactory.getLogger(PartWriter.class);

    private final Clock clock;
    private final Storage storage;
    private final Timer timer;
    private final Metrics metrics;
    private final RunState state;
    private final TableCatalog catalog;
    private final EffectiveSettings engineSettings;
    private final PartNames partNames;
    /**
     * Whether every part carries ledger blocks, so that no write is ever repeated blindly: when a failed write may
     * have committed (a server's COMMIT whose answer can be lost) and the storage keeps a ledger, which lives in
     * its default database (a target URL without one has none).
     */
    private final boolean ledgerForEveryPart;
    /** Cleared when the storage cannot resolve a write whose outcome is unknown: the engine then relies on the skip. */
    private volatile boolean resolvable = true;

    PartWriter(Clock clock, Storage storage, Timer timer, Metrics metrics, RunState state, TableCatalog catalog, EffectiveSettings engineSettings,
            PartNames partNames) {
        this.clock = clock;
        this.storage = storage;
        this.timer = timer;
        this.metrics = metrics;
        this.state = state;
        this.catalog = catalog;
        this.engineSettings = engineSettings;
        this.partNames = partNames;
        this.ledgerForEveryPart = storage.supportsLedger() && storage.writeOutcomeCanBeUnknown() && !storage.defaultDatabase().isEmpty();
    }

    /**
     * The part for entries {@code from} to {@code to} of a flush, holding {@code rows} (their rows, in
     * order) and a ledger block for each of them that has an id. When a failed write may have committed and
     * the storage keeps a ledger, each run of entries without an id gets a block too, with an id unique to this
     * part: every row is then in a block, so that a write whose COMMIT answer was lost can be resolved
     * ({@link Storage#committedBlocks}) and, failing that, written again without writing a row twice.
     */
    Part part(FlushWork work, List<Object[]> rows, int from, int to) {
        KeyQueue queue = work.batch.queue;
        String name = partNames.next();
        List<Part.Block> blocks = new ArrayList<>();
        int runs = 0;
        int runStart = -1;
        int offset = 0;
        for (int i = from; i < to; i++) {
            if (work.errors[i] != null || work.deduplicated[i]) {
                continue;
            }
            if (work.ids[i] != null) {
                if (runStart >= 0) {
                    blocks.add(new Part.Block(runId(work, name, runs++), runStart, offset - runStart));
                    runStart = -1;
                }
                blocks.add(new Part.Block(work.ids[i], offset, (int) work.rowCounts[i]));
            } else if (runStart < 0 && ledgerForEveryPart && work.rowCounts[i] > 0) {
                runStart = offset;
            }
            offset += (int) work.rowCounts[i];
        }
        if (runStart >= 0) {
            blocks.add(new Part.Block(runId(work, name, runs++), runStart, offset - runStart));
        }
        // The runs' ids count against the table's window, so they widen it: they must not push deduplication ids out.
        long window = blocks.isEmpty() ? 0 : queue.settings.getLong(Setting.ASYNC_INSERT_DEDUPLICATION_WINDOW) + runs;
        if (work.durable && !blocks.isEmpty()) {
            // A durable buffer's replay after a crash relies on the ids of every entry it has not released (this
            // flush's among them, those of the table's flushes running beside it, and those of its latest flushes, whose
            // release may not have reached the disk): the ledger's trim must not forget those, however many there are.
            window += metrics.get(Gauge.PendingAsyncInsert) + work.lane.recentlyReleased();
        }
        return new Part(queue.table.database(), queue.table.name(), queue.columns, rows, name, work.flushQueryId, blocks,
                (int) Math.min(Integer.MAX_VALUE, window));
    }

    /** The id of a part's {@code n}-th run of entries without an id of their own: unique to the part. */
    private static String runId(FlushWork work, String partName, int n) {
        return Part.runId(work.flushQueryId, partName, n);
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

    void write(List<FlushWork> works) {
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
                Set<String> skipped = withRetries(parts, () -> storage.writeParts(parts), writing.get(0).batch.queue.settings);
                long took = clock.nanoTime() - start;
                for (FlushWork work : writing) {
                    long skippedRows = applySkipped(work, 0, work.entries.size(), skipped);
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
                        fail(work, 0, work.entries.size(), e, kind);
                    }
                    return;
                }
                log.debug("Sluice group write of {} parts failed; writing them one by one", parts.size(), e);
            }
        }
        for (FlushWork work : writing) {
            writeIsolating(work, 0, work.entries.size(), work.part);
        }
    }

    /**
     * Writes a flush with more rows than {@code max_insert_block_size} as several parts, each of whole
     * entries: an INSERT's rows are never split between two transactions.
     */
    private void writeInBlocks(FlushWork work, long blockSize) {
        int count = work.entries.size();
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
            Set<String> skipped = withRetries(List.of(part), () -> storage.writePart(part), work.batch.queue.settings);
            recordPart(work, part, clock.nanoTime() - start, null, applySkipped(work, from, to, skipped));
        } catch (SQLException e) {
            recordPart(work, part, clock.nanoTime() - start, e, 0);
            ErrorKind kind = storage.classify(e);
            if (kind != ErrorKind.TRANSIENT) {
                // The table may have changed. Not after a lost connection: INSERTs must stay accepted (and a durable
                // buffer keep taking them) while the database is away, without asking it for the table's shape.
                catalog.invalidate();
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
                : Errors.isConnectionError(e) ? ErrorCode.NETWORK_ERROR : ErrorCode.UNKNOWN_EXCEPTION;
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
        if (state.closing()) {
            long shutdownMillis = engineSettings.getLong(Setting.ASYNC_INSERT_SHUTDOWN_TIMEOUT_MS);
            return " after retrying until the shutdown's deadline (async_insert_shutdown_timeout_ms = " + shutdownMillis + ")";
        }
        long millis = settings.getLong(Setting.ASYNC_INSERT_RETRY_TIMEOUT_MS);
        return " after retrying for " + millis + " ms (async_insert_retry_timeout_ms = " + millis + ")";
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
        for (int i = 0; i < work.entries.size(); i++) {
            if (work.errors[i] == null) {
                bytes += work.entries.get(i).bytes();
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
     * Runs a write of {@code parts}, retrying transient errors (a busy or locked database, a lost connection) with
     * exponential backoff on the engine's clock until {@code async_insert_retry_timeout_ms} has passed (or,
     * during a shutdown, its {@code async_insert_shutdown_timeout_ms}).
     *
     * <p>A transient failure may have come after the database committed (the connection died while the COMMIT
     * ran, or its answer was lost): before writing again, the engine asks the storage what that write committed
     * ({@link #resolve}). If it committed, its outcome is the write's, and nothing is written again; so a
     * client is told its true row count, never a duplicate's nor a skip's 0.
     */
    private Set<String> withRetries(List<Part> parts, StorageWrite write, EffectiveSettings settings) throws SQLException {
        long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.getLong(Setting.ASYNC_INSERT_RETRY_TIMEOUT_MS));
        long backoff = settings.getLong(Setting.ASYNC_INSERT_RETRY_INITIAL_BACKOFF_MS);
        long maxBackoff = settings.getLong(Setting.ASYNC_INSERT_RETRY_MAX_BACKOFF_MS);
        boolean outcomeUnknown = false;
        while (true) {
            try {
                if (outcomeUnknown) {
                    Set<String> skipped = resolve(parts);
                    if (skipped != null) {
                        return skipped;
                    }
                    outcomeUnknown = false;
                }
                return write.run();
            } catch (SQLException e) {
                long now = clock.nanoTime();
                long wakeAt = now + TimeUnit.MILLISECONDS.toNanos(backoff);
                // A shutdown keeps retrying until its own deadline, so that a briefly busy database does not cost data.
                if (storage.classify(e) != ErrorKind.TRANSIENT || wakeAt - deadline > 0 || (state.closing() && wakeAt - state.shutdownDeadlineNanos() > 0)) {
                    throw e;
                }
                // Also after a failed resolve: the earlier write's outcome is still unknown.
                outcomeUnknown = resolvable && hasBlocks(parts);
                metrics.add(Event.AsyncInsertRetries, 1);
                log.debug("Sluice write failed transiently; retrying in {} ms", backoff, e);
                sleepUntil(wakeAt);
                backoff = Math.min(maxBackoff, backoff * 2);
            }
        }
    }

    private static boolean hasBlocks(List<Part> parts) {
        for (Part part : parts) {
            if (!part.blocks().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks the storage what an earlier write of {@code parts}, whose outcome is unknown, committed: they commit
     * together or not at all, so any block recorded by its part means the write committed. Then answers what
     * that write skipped (every block it did not record itself), as the write would have; null when it did not
     * commit (or skipped every block: writing again then skips them again), so the parts are written again.
     * A storage that cannot answer is asked no more: the ledger's skip then keeps a second write from writing a
     * row twice.
     *
     * @throws SQLException the storage's error when it could not be asked (transient: asked again)
     */
    private Set<String> resolve(List<Part> parts) throws SQLException {
        List<Set<String>> committed = new ArrayList<>(parts.size());
        boolean any = false;
        for (Part part : parts) {
            Set<String> recorded;
            try {
                recorded = storage.committedBlocks(part);
            } catch (SQLException e) {
                if (storage.classify(e) == ErrorKind.TRANSIENT) {
                    throw e;
                }
                resolvable = false;
                log.warn("Sluice cannot ask the storage what a write whose COMMIT answer was lost committed; writing it again,"
                        + " the ledger skips what it wrote (its clients may be told 0 rows)", e);
                return null;
            }
            committed.add(recorded);
            any |= !recorded.isEmpty();
        }
        if (!any) {
            return null;
        }
        metrics.add(Event.AsyncInsertLostWritesResolved, 1);
        Set<String> skipped = new HashSet<>();
        for (int p = 0; p < parts.size(); p++) {
            for (Part.Block block : parts.get(p).blocks()) {
                if (!committed.get(p).contains(block.id())) {
                    skipped.add(block.id());
                }
            }
        }
        log.info("Sluice resolved a write whose COMMIT answer was lost: it had committed ({} of its blocks skipped as already written)",
                skipped.size());
        return skipped;
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
}

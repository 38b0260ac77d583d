package io.sluice.engine.flush;

import io.sluice.engine.Errors;
import io.sluice.engine.insert.BufferedBytesLimit;
import io.sluice.engine.insert.EntryHeap;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.RunState;
import io.sluice.engine.system.DeadLetters;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.system.QueryIds;
import io.sluice.engine.system.SystemTables;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Storage;
import io.sluice.engine.insert.Timer;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Transactions committed with {@code wait_for_async_insert = 0} and a durable buffer: COMMIT returns once the
 * buffer holds the transaction's INSERTs as one group ({@link Buffer#appendGroup}: for the wal buffer, one fsynced record, so a
 * crash keeps the whole group or none of it), and {@link TransactionGroups} writes the group on a background
 * thread in one target transaction, with the groups committed at the same moment; then the buffer releases it.
 * A group a durable buffer kept from an earlier run is written at the next start, its ledger ids letting the
 * storage skip a group that was committed before the crash. A transient error is retried with the flushes'
 * {@code async_insert_retry_*} settings; a group that still fails has nobody left to tell: its entries go to
 * {@code system.asynchronous_insert_dead_letter}. Thread-safe.
 */
public final class BufferedTransactions {
    private static final Logger log = LoggerFactory.getLogger(BufferedTransactions.class);

    private final Clock clock;
    private final Storage storage;
    private final Timer timer;
    private final long retryTimeoutNanos;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final Buffer buffer;
    private final TransactionGroups groups;
    private final SystemTables system;
    private final Metrics metrics;
    private final BufferedBytesLimit bytes;
    private final LongSupplier sequence;
    private final RunState state;
    private final boolean ledger;
    private final long deduplicationWindow;
    /** Groups handed to the writer and not finished yet. */
    private final Set<CompletableFuture<Void>> running = ConcurrentHashMap.newKeySet();
    /** Entries of the groups in {@link #running}. */
    private final AtomicLong runningEntries = new AtomicLong();

    /**
     * @param engineSettings the retry settings ({@code async_insert_retry_*}) and the ledger's deduplication window
     * @param sequence the engine's entry numbering, shared with the accumulator
     */
    public BufferedTransactions(Clock clock, Storage storage, Timer timer, EffectiveSettings engineSettings, Buffer buffer, TransactionGroups groups,
            SystemTables system, Metrics metrics, BufferedBytesLimit bytes, LongSupplier sequence, RunState state) {
        this.clock = clock;
        this.storage = storage;
        this.timer = timer;
        this.retryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(engineSettings.getLong(Setting.ASYNC_INSERT_RETRY_TIMEOUT_MS));
        this.initialBackoffNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, engineSettings.getLong(Setting.ASYNC_INSERT_RETRY_INITIAL_BACKOFF_MS)));
        this.maxBackoffNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, engineSettings.getLong(Setting.ASYNC_INSERT_RETRY_MAX_BACKOFF_MS)));
        this.ledger = storage.supportsLedger();
        this.deduplicationWindow = engineSettings.getLong(Setting.ASYNC_INSERT_DEDUPLICATION_WINDOW);
        this.buffer = buffer;
        this.groups = groups;
        this.system = system;
        this.metrics = metrics;
        this.bytes = bytes;
        this.sequence = sequence;
        this.state = state;
    }

    /**
     * COMMIT without waiting for the write: buffers the transaction's INSERTs as one group and returns once a
     * durable buffer holds it as durably as it promises, at most {@code timeoutMillis}. With a buffer that keeps
     * nothing across runs (the memory buffer) the group is written before COMMIT returns, as when waiting.
     *
     * @param backpressureMillis how long to wait for room under {@code async_insert_max_buffered_bytes}
     * @throws SQLException {@code MEMORY_LIMIT_EXCEEDED} when no room came, {@code TIMEOUT_EXCEEDED} when the
     *     buffer did not keep the group in time, or the buffer's own error; then the transaction is not committed
     *     (a durable buffer that failed in the middle of its write may still keep the group whole)
     */
    public void commit(List<TransactionGroups.Rows> inserts, long timeoutMillis, long backpressureMillis) throws SQLException {
        if (state.closing()) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The Sluice engine is shutting down; the transaction was not committed");
        }
        List<BufferEntry> entries = new ArrayList<>(inserts.size());
        long now = clock.epochMicros();
        long heap = 0;
        for (TransactionGroups.Rows insert : inserts) {
            String queryId = QueryIds.newQueryId();
            long entryHeap = EntryHeap.of(null, insert.rows(), queryId, "", "", false);
            heap += entryHeap;
            entries.add(new BufferEntry(sequence.getAsLong(), insert.queue().keyId, queryId, now, null, 0, insert.rows(),
                    (int) Math.min(Integer.MAX_VALUE, entryHeap), "", ""));
        }
        bytes.reserve(heap, backpressureMillis);
        boolean handed = false;
        try {
            awaitDurable(buffer.appendGroup(entries), timeoutMillis);
            if (buffer.ledgerId(entries.get(0)) == null) {
                // A buffer that keeps nothing across runs: a committed transaction must not be lost by a crash or a
                // shutdown, and a group written while the application goes on would race its next transactions
                // (SQLite refuses a read-then-write transaction whose snapshot another writer moved): it is written now.
                groups.commit(inserts);
                return;
            }
            handed = true;
            write(inserts, entries, heap);
        } finally {
            if (!handed) {
                bytes.release(heap);
            }
        }
    }

    /** A group a durable buffer kept from an earlier run: written like a committed one, before any new INSERT. */
    public void submitRecovered(List<TransactionGroups.Rows> inserts, List<BufferEntry> entries) {
        long heap = 0;
        for (TransactionGroups.Rows insert : inserts) {
            heap += EntryHeap.of(null, insert.rows(), "", "", "", false);
        }
        bytes.forceReserve(heap);
        write(inserts, entries, heap);
    }

    /** Completes once every group handed to the writer so far is written or dead-lettered. */
    public CompletableFuture<Void> whenIdle() {
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).handle((ok, error) -> null);
    }

    /** Groups being written, for {@code system.metrics} and the shutdown report. */
    public long pendingEntries() {
        return runningEntries.get();
    }

    /** One group on its way to the target: retried while its errors are transient. */
    private record Pending(List<TransactionGroups.Rows> inserts, List<BufferEntry> entries, /* nullable */ String[] ledgerIds, long heap,
            CompletableFuture<Void> done, long firstAttemptNanos) {}

    private void write(List<TransactionGroups.Rows> inserts, List<BufferEntry> entries, long heap) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.add(done);
        runningEntries.addAndGet(entries.size());
        attempt(new Pending(inserts, entries, ledgerIds(entries), heap, done, clock.nanoTime()), 0);
    }

    private void attempt(Pending group, int failures) {
        long window = deduplicationWindow + metrics.get(Gauge.PendingAsyncInsert) + runningEntries.get();
        groups.submit(group.inserts(), group.ledgerIds(), (int) Math.min(Integer.MAX_VALUE, window)).whenComplete((ok, error) -> {
            try {
                if (error == null) {
                    buffer.release(group.entries());
                } else if (!retried(group, failures, error)) {
                    deadLetter(group, error);
                    buffer.release(group.entries());
                } else {
                    return;
                }
            } catch (RuntimeException | Error e) {
                log.error("Sluice failed to finish a transaction committed with wait_for_async_insert = 0", e);
            }
            // Counted out before the future completes: whoever waits on it (SYSTEM FLUSH, shutdown) sees it gone.
            bytes.release(group.heap());
            runningEntries.addAndGet(-group.entries().size());
            running.remove(group.done());
            group.done().complete(null);
        });
    }

    /** Schedules another attempt after a transient error, within {@code async_insert_retry_timeout_ms}; false when none is due. */
    private boolean retried(Pending group, int failures, Throwable error) {
        SQLException cause = cause(error);
        long now = clock.nanoTime();
        if (storage.classify(cause) != ErrorKind.TRANSIENT || now - group.firstAttemptNanos() >= retryTimeoutNanos) {
            return false;
        }
        long backoff = Math.min(maxBackoffNanos, initialBackoffNanos << Math.min(failures, 30));
        log.warn("Sluice will write a transaction committed with wait_for_async_insert = 0 again in {} ms: {}",
                TimeUnit.NANOSECONDS.toMillis(backoff), cause.getMessage());
        timer.schedule(now + backoff, () -> attempt(group, failures + 1));
        return true;
    }

    private static SQLException cause(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error;
        return Errors.forClient(cause);
    }

    private /* nullable */ String[] ledgerIds(List<BufferEntry> entries) {
        if (!ledger) {
            return null;
        }
        String[] ids = new String[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buffer.ledgerId(entries.get(i));
            if (ids[i] == null) {
                return null;
            }
        }
        return ids;
    }

    private void deadLetter(Pending group, Throwable error) {
        SQLException cause = cause(error);
        List<BufferEntry> entries = group.entries();
        log.error("Sluice could not write a transaction committed with wait_for_async_insert = 0 ({} INSERTs); they go to"
                + " system.asynchronous_insert_dead_letter", entries.size(), cause);
        List<SystemTables.DeadLetterRow> letters = new ArrayList<>(entries.size());
        String flushQueryId = QueryIds.newQueryId();
        long now = clock.epochMicros();
        for (int i = 0; i < entries.size(); i++) {
            KeyQueue queue = group.inserts().get(i).queue();
            letters.add(DeadLetters.row(queue.table, queue.columns, queue.format, entries.get(i), flushQueryId, "TransactionError", cause, now));
        }
        system.log(null, List.of(), List.of(), letters);
        metrics.add(Event.FailedAsyncInsertQuery, entries.size());
        metrics.add(Event.AsyncInsertDeadLetters, letters.size());
    }

    private static void awaitDurable(CompletionStage<Void> durable, long timeoutMillis) throws SQLException {
        CompletableFuture<Void> future = durable.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return;
        }
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for the buffer to keep the transaction's INSERTs durably", e);
        } catch (ExecutionException e) {
            throw Errors.forClient(e.getCause());
        } catch (TimeoutException e) {
            throw new SluiceSqlException(ErrorCode.TIMEOUT_EXCEEDED, "The buffer did not keep the transaction's INSERTs durably within "
                    + timeoutMillis + " ms; the COMMIT failed, but the group may still be written");
        }
    }
}

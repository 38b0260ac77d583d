package io.sluice.engine.insert;

import io.sluice.engine.StatementControl;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferView;
import io.sluice.spi.Clock;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StatefulFlushPolicy;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * The hot path: the open batch of every buffer key, and the three moves on it. {@link #append} buffers an
 * INSERT under its key's lock; {@link #decide} asks the flush policy, outside the lock; {@link #detach}
 * closes a batch and hands it to its table's {@link Lane}. The timer re-enters only through
 * {@link #recheck}. Nothing here parses, does I/O or allocates beyond the entry under a key's lock, and
 * data leaves only through the lane. Thread-safe.
 *
 * <p>Byte accounting: an INSERT's heap cost ({@link EntryHeap}: its data and its bookkeeping) is reserved in
 * the {@link BufferedBytesLimit} before it is buffered. If buffering fails, it is given back here; once the entry is in a batch, the batch holds it and its
 * flush gives it back, whatever happens afterwards (a failing flush policy included).
 */
public final class Accumulator {
    private static final Logger log = LoggerFactory.getLogger(Accumulator.class);

    private final String target;
    private final Clock clock;
    private final Buffer buffer;
    private final Timer timer;
    private final BufferedBytesLimit bytes;
    private final Metrics metrics;
    private final RunState state;
    private final Function<TableInfo, Lane> lanes;
    private final ConcurrentHashMap<BufferKey, KeyQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TableState> tables = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final HandOvers handOvers = new HandOvers();
    /** Entries of a table in flight to its flushes at which its appenders wait ({@link FlushBacklog}); 0: never. */
    private final long backlogEntries;

    /**
     * Without flow control between a table's appenders and its flushes.
     *
     * @param lanes the lane of a table, made on its first key; called outside any key lock
     */
    public Accumulator(String target, Clock clock, Buffer buffer, Timer timer, BufferedBytesLimit bytes, Metrics metrics, RunState state,
            Function<TableInfo, Lane> lanes) {
        this(target, clock, buffer, timer, bytes, metrics, state, lanes, 0);
    }

    /**
     * @param lanes the lane of a table, made on its first key; called outside any key lock
     * @param backlogEntries {@code async_insert_flush_backlog_entries}: a table's entries handed to its lane and not yet
     *     flushed at which its appenders wait ({@link FlushBacklog}); 0 for never
     */
    public Accumulator(String target, Clock clock, Buffer buffer, Timer timer, BufferedBytesLimit bytes, Metrics metrics, RunState state,
            Function<TableInfo, Lane> lanes, long backlogEntries) {
        this.backlogEntries = backlogEntries;
        this.target = target;
        this.clock = clock;
        this.buffer = buffer;
        this.timer = timer;
        this.bytes = bytes;
        this.metrics = metrics;
        this.state = state;
        this.lanes = lanes;
    }

    /** The queue of a key, or null before its first INSERT. */
    KeyQueue find(BufferKey key) {
        return queues.get(key);
    }

    /** The queue of a key, created with these parts on first use. */
    KeyQueue queue(BufferKey key, TableInfo table, List<ColumnInfo> columns, EffectiveSettings settings, FlushPolicy policy) {
        KeyQueue queue = queues.get(key);
        if (queue != null) {
            return queue;
        }
        TableState tableState = tables.computeIfAbsent(table.database() + '.' + table.name(), k -> new TableState(lanes.apply(table), backlogEntries));
        return queues.computeIfAbsent(key, k -> new KeyQueue(k, table, columns, settings, policy, tableState));
    }

    /** The next entry number, for entries buffered outside a key's batch (a transaction's group). */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** Continues the entry numbering after the highest sequence a durable buffer recovered. */
    public void continueSequenceAfter(long highest) {
        sequence.accumulateAndGet(highest, Math::max);
    }

    /**
     * Accepts one INSERT into its key's open batch and lets the flush policy decide.
     *
     * @param data the statement's text; with {@code typedRows == null} its inline data starts at {@code dataStart}
     * @param waits whether the caller waits for the flush ({@link ClientWaits#await}); only then is its insert kept
     * @throws SluiceSqlException {@code ABORTED} when the engine is shutting down, {@code MEMORY_LIMIT_EXCEEDED}
     *     when no room came within {@code async_insert_backpressure_timeout_ms}
     */
    public PendingInsert append(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, int entryBytes, String queryId,
            String logComment, String deduplicationToken, boolean waits) throws SQLException {
        return append(queue, data, dataStart, typedRows, entryBytes, queryId, logComment, deduplicationToken, waits, null);
    }

    /**
     * {@link #append}, for a statement whose query timeout bounds and whose {@code cancel()} ends a wait for
     * room under {@code async_insert_max_buffered_bytes} ({@link BufferedBytesLimit#reserve(long, long, StatementControl)}).
     */
    public PendingInsert append(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, int entryBytes, String queryId,
            String logComment, String deduplicationToken, boolean waits, /* nullable */ StatementControl control) throws SQLException {
        // Counted in before anything can block, so that no batch is closed-loop ready while this caller may still add to it.
        queue.active.incrementAndGet();
        try {
            return buffer(queue, data, dataStart, typedRows, entryBytes, queryId, logComment, deduplicationToken, waits, control);
        } catch (SQLException | RuntimeException | Error e) {
            leave(queue, null);
            throw e;
        }
    }

    private PendingInsert buffer(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, int entryBytes, String queryId,
            String logComment, String deduplicationToken, boolean waits, StatementControl control) throws SQLException {
        // A buffered text entry keeps its inline data only: the statement's head is its key's, and each of a
        // million buffered single-row INSERTs would otherwise hold a copy of it.
        String kept = typedRows == null && dataStart > 0 ? data.substring(dataStart) : data;
        long heapBytes = EntryHeap.of(typedRows == null ? kept : null, typedRows, queryId, deduplicationToken, logComment, waits);
        long backpressureMillis = queue.settings.getLong(Setting.ASYNC_INSERT_BACKPRESSURE_TIMEOUT_MS);
        queue.tableState.backlog.awaitRoom(clock, timer, metrics, backpressureMillis, control);
        bytes.reserve(heapBytes, backpressureMillis, control);
        long now = clock.nanoTime();
        // Read before the key's lock, which every appender of the key waits for: entries of one key may so be a few
        // microseconds out of time order, never out of sequence order.
        long epochMicros = clock.epochMicros();
        BufferEntry entry;
        PendingInsert insert;
        Batch batch;
        BufferView view = null;
        List<BufferEntry> full = null;
        boolean opened = false;
        boolean buffered = false;
        queue.lock.lock();
        try {
            if (state.closing()) {
                throw new SluiceSqlException(ErrorCode.ABORTED, "The Sluice engine for " + target + " is shutting down; the INSERT was not accepted");
            }
            TableState table = queue.tableState;
            long previousAppend;
            long policyState = 0;
            synchronized (table) {
                previousAppend = table.lastAppendNanos;
                table.lastAppendNanos = now;
                if (queue.policy instanceof StatefulFlushPolicy stateful) {
                    long current = table.policyState == Long.MIN_VALUE ? stateful.initialState(queue.settings) : table.policyState;
                    policyState = stateful.onAppend(current, Batch.tableView(queue, now, previousAppend, table.lane.feedback()), now);
                    table.policyState = policyState;
                }
            }
            // Numbered under the key's lock: a key's entries reach the buffer in sequence order (the memory buffer
            // then keeps their sequences as a run rather than one by one).
            entry = new BufferEntry(sequence.incrementAndGet(), queue.keyId, queryId, epochMicros, kept,
                    kept == data ? dataStart : 0, typedRows, entryBytes, deduplicationToken, logComment);
            insert = new PendingInsert(entry.sequence(), waits);
            insert.acceptedNanos = now;
            insert.durable = buffer.append(entry);
            batch = queue.open;
            if (batch == null) {
                batch = new Batch(queue, now, entry.enqueuedEpochMicros(), previousAppend);
                batch.stateAtOpen = policyState;
                queue.open = batch;
                opened = true;
            }
            batch.add(entryBytes, waits ? insert : null, heapBytes);
            insert.batch = batch;
            if (!waits && insert.durableAlready()) {
                // A caller that waits for nothing more (its entry is as durable as the buffer makes it) leaves the key
                // here, under this lock, rather than taking it again to leave ({@link #leave(PendingInsert)}).
                insert.left = true;
                queue.active.decrementAndGet();
            } else {
                batch.inside++;
            }
            buffered = true;
            // The hard limits close the batch here, under the lock: decided outside it, every other appender of
            // the key could add one more entry between the append that filled the batch and its detach.
            FlushReason limit = batch.bytes >= queue.maxBytes ? FlushReason.SIZE
                    : batch.entries >= queue.maxEntries ? FlushReason.COUNT : null;
            if (limit != null) {
                full = close(queue, batch, limit);
            } else {
                view = batch.view(table.lane.feedback());
            }
        } finally {
            queue.lock.unlock();
            if (!buffered) {
                // Not in a batch: no flush will give these bytes back.
                bytes.release(heapBytes);
            }
        }
        Metrics.Cells counts = metrics.mine();
        counts.add(Event.AsyncInsertQuery, 1);
        counts.add(Event.AsyncInsertBytes, entryBytes);
        counts.add(Gauge.PendingAsyncInsert, 1);
        counts.add(Gauge.AsynchronousInsertQueueBytes, entryBytes);
        if (opened) {
            counts.add(Gauge.AsynchronousInsertQueueSize, 1);
        }
        try {
            if (full != null) {
                handOver(batch, full, false);
            } else {
                decide(batch, view, now, false);
            }
        } catch (RuntimeException | Error e) {
            if (insert.left) {
                // Counted in again for append, which counts the failed caller out.
                queue.active.incrementAndGet();
            }
            throw e;
        }
        return insert;
    }

    /**
     * Its caller is about to block on the entry's flush: counts it as waiting on its batch and decides again,
     * since that may complete the closed-loop condition. If the batch is then flushed and its lane is idle,
     * the flush runs here, on the caller's thread, which would otherwise only wait for it.
     */
    void waiting(PendingInsert insert) {
        Batch batch = insert.batch;
        if (batch == null) {
            return;
        }
        KeyQueue queue = batch.queue;
        BufferView view;
        queue.lock.lock();
        try {
            if (queue.open != batch) {
                return;
            }
            batch.waiting++;
            insert.waiting = true;
            view = batch.view(queue.tableState.lane.feedback());
        } finally {
            queue.lock.unlock();
        }
        decide(batch, view, clock.nanoTime(), true);
    }

    /** The entry's caller returns, waited or not; counts it out of its key once, and decides again. */
    void leave(PendingInsert insert) {
        if (insert.batch == null || insert.left) {
            return;
        }
        insert.left = true;
        leave(insert.batch.queue, insert);
    }

    /**
     * One caller fewer inside the key: the open batch may now be closed-loop ready (every remaining caller
     * waits on it). The leaving caller does not wait for it, so the flush goes to the lane's thread.
     */
    private void leave(KeyQueue queue, PendingInsert insert) {
        Batch batch;
        BufferView view;
        queue.lock.lock();
        try {
            // Counted out of its batch before it leaves the key, so the key never counts it settled and gone at once.
            if (insert != null && insert.batch != null) {
                insert.batch.inside--;
                if (insert.batch.closed) {
                    queue.settled--;
                }
            }
            queue.active.decrementAndGet();
            batch = queue.open;
            if (insert != null && insert.waiting && insert.batch == batch) {
                // It stopped waiting (its wait timed out) while its batch stayed open: it no longer counts as waiting.
                batch.waiting--;
            }
            if (batch == null || batch.waiting == 0) {
                return;
            }
            view = batch.view(queue.tableState.lane.feedback());
        } finally {
            queue.lock.unlock();
        }
        decide(batch, view, clock.nanoTime(), false);
    }

    /**
     * Asks the flush policy about a batch, then detaches it or schedules the next check. A policy that fails
     * cannot strand the entries already buffered: the batch is flushed at once.
     */
    private void decide(Batch batch, BufferView view, long now, boolean here) {
        FlushDecision decision;
        try {
            decision = batch.queue.policy.decide(view, now);
        } catch (RuntimeException e) {
            log.error("Sluice flush policy of {} failed; flushing its buffer now", batch.queue.query, e);
            detach(batch, FlushReason.POLICY, false);
            return;
        }
        if (decision.flush()) {
            detach(batch, FlushReason.of(decision.trigger()), here);
            return;
        }
        long at = decision.checkAgainAtNanos();
        if (batch.firstDeadlineNanos == Long.MIN_VALUE) {
            batch.firstDeadlineNanos = at;
        }
        long scheduled = batch.nextCheckNanos.get();
        while (at - scheduled < 0) {
            if (batch.nextCheckNanos.compareAndSet(scheduled, at)) {
                Timer.Handle previous = batch.nextCheck;
                batch.nextCheck = timer.schedule(at, () -> recheck(batch));
                if (previous != null) {
                    // Superseded by the earlier check, which decides again and schedules what is still needed.
                    previous.cancel();
                }
                return;
            }
            scheduled = batch.nextCheckNanos.get();
        }
    }

    /** A deadline the policy asked for came: decides again, if the batch is still open. */
    private void recheck(Batch batch) {
        KeyQueue queue = batch.queue;
        BufferView view;
        queue.lock.lock();
        try {
            if (queue.open != batch) {
                return;
            }
            batch.nextCheckNanos.set(Long.MAX_VALUE);
            view = batch.view(queue.tableState.lane.feedback());
        } finally {
            queue.lock.unlock();
        }
        decide(batch, view, clock.nanoTime(), false);
    }

    /** Closes the batch to new entries and hands it to its table's lane; does nothing if already detached. */
    boolean detach(Batch batch, FlushReason reason) {
        return detach(batch, reason, false);
    }

    /** @param here run the flush on this thread if the lane is idle: only a caller about to wait for it asks */
    private boolean detach(Batch batch, FlushReason reason, boolean here) {
        KeyQueue queue = batch.queue;
        List<BufferEntry> drained;
        queue.lock.lock();
        try {
            if (queue.open != batch) {
                return false;
            }
            drained = close(queue, batch, reason);
        } finally {
            queue.lock.unlock();
        }
        handOver(batch, drained, here);
        return true;
    }

    /** Closes the key's open batch to new entries; call under the key's lock. */
    private List<BufferEntry> close(KeyQueue queue, Batch batch, FlushReason reason) {
        queue.open = null;
        batch.closed = true;
        queue.settled += batch.inside;
        batch.reason = reason;
        List<BufferEntry> drained = buffer.drain(queue.keyId);
        handOvers.begin();
        return drained;
    }

    /** After {@link #close}, outside the key's lock: the batch's job goes to its lane. */
    private void handOver(Batch batch, List<BufferEntry> drained, boolean here) {
        Timer.Handle check = batch.nextCheck;
        if (check != null) {
            // The batch is closed: its next check would find nothing to do, and would wake the timer's thread for it.
            check.cancel();
        }
        try {
            metrics.add(Gauge.AsynchronousInsertQueueSize, -1);
            metrics.add(Gauge.AsynchronousInsertQueueBytes, -batch.bytes);
            FlushJob job = new FlushJob(batch, drained);
            FlushBacklog backlog = batch.queue.tableState.backlog;
            int entries = batch.entries;
            backlog.handedOver(entries);
            batch.flushed.whenComplete((done, failure) -> backlog.flushed(entries));
            Lane lane = batch.queue.tableState.lane;
            if (!here || !lane.runHere(job)) {
                lane.submit(job);
            }
        } finally {
            handOvers.end();
        }
    }

    /**
     * Completes once every batch closed so far has reached its lane: a batch is closed under its key's lock
     * but handed over after it, so {@link #detachOpen} alone does not see one another thread is handing over.
     */
    public java.util.concurrent.CompletableFuture<Void> whenHandedOver() {
        return handOvers.whenIdle();
    }

    /** Detaches the open batch of every key whose table ({@code database.table}) is selected. */
    public void detachOpen(Predicate<String> tables, FlushReason reason) {
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

    /**
     * Hands entries a durable buffer recovered to their key's lane as one batch, before any new INSERT: they
     * were accepted in an earlier run, so their bytes are taken whatever the bound.
     */
    public void submitRecovered(KeyQueue queue, List<BufferEntry> entries) {
        Batch batch = new Batch(queue, clock.nanoTime(), entries.get(0).enqueuedEpochMicros(), Long.MIN_VALUE);
        batch.reason = FlushReason.RECOVERY;
        for (BufferEntry entry : entries) {
            batch.addHeld(entry);
        }
        bytes.forceReserve(batch.heapBytes);
        metrics.add(Gauge.PendingAsyncInsert, batch.entries);
        queue.lane().submit(new FlushJob(batch, entries));
    }

    /** One open batch as {@code system.asynchronous_inserts} shows it. */
    public record OpenBatch(KeyQueue queue, long openedAtMicros, long bytes, List<BufferEntry> entries) {}

    /** A snapshot of every open batch; takes each key's lock in turn, briefly. */
    public List<OpenBatch> openBatches() {
        List<OpenBatch> open = new ArrayList<>();
        for (KeyQueue queue : queues.values()) {
            Batch batch;
            List<BufferEntry> entries;
            long batchBytes;
            queue.lock.lock();
            try {
                batch = queue.open;
                if (batch == null) {
                    continue;
                }
                // The buffer holds the entries (the batch only counts them); one that cannot show them shows none.
                entries = buffer.peek(queue.keyId);
                batchBytes = batch.bytes;
            } finally {
                queue.lock.unlock();
            }
            open.add(new OpenBatch(queue, batch.openedAtMicros, batchBytes, entries == null ? List.of() : entries));
        }
        return open;
    }
}

package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.DeadLetterRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The log rows waiting to be written, queued by flush threads and sessions without touching the system
 * database: queueing costs a few array stores under a short lock. Query-log and entry-log rows are kept as
 * columns ({@link QueuedQueries}, {@link QueuedEntries}), so a backlog of them is a few arrays rather than
 * an object per row. Query-log rows, one per client statement, are queued into one of several stripes chosen by
 * the calling thread, each with its own lock, so that sessions on many threads do not queue behind one another;
 * the flushes' rows go under the queue's own lock. The writer takes everything queued at once ({@link #take}):
 * on an interval, whenever a reader asks, and once {@link #BATCH_ROWS} rows have gathered, which bounds the heap
 * the queue takes (a row with an exception is an object of its own, its message included). Query-log and
 * entry-log rows beyond {@code system_log_max_size_rows} are dropped (and counted); dead letters and part rows
 * are never dropped. The writer writes the stripes' rows in the order they were queued. Thread-safe.
 */
final class LogQueue {
    private static final io.sluice.spi.log.Logger log = io.sluice.spi.log.LoggerFactory.getLogger(LogQueue.class);
    /** Rows queued at which a writer is asked to write them before the interval ends. */
    static final int BATCH_ROWS = 4_096;
    /** Rows the columns of a new queue have room for before they grow. */
    private static final int INITIAL_ROWS = 1 << 10;
    /** Rows the query-log columns of a new stripe have room for before they grow. */
    private static final int INITIAL_STRIPE_ROWS = 1 << 7;
    /** Most rows the columns kept for the next batch have room for: a backlog's larger ones go. */
    private static final int SPARE_ROWS = 2 * BATCH_ROWS;
    /** Stripes of query-log rows ({@link #stripes}). */
    static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

    /** A power of two: four per processor, at least 8 and at most 64. */
    static int stripes(int processors) {
        int stripes = 8;
        while (stripes < 4 * processors && stripes < 64) {
            stripes <<= 1;
        }
        return stripes;
    }

    /** What one {@link #take} hands the writer. */
    record Taken(QueuedEntries entries, List<PartLogRow> parts, List<QueuedQueries> queries, List<DeadLetterRow> deadLetters) {
        /**
         * The query-log rows: each stripe's that had any, its rows in the order they were queued; every row's place in the
         * order across them is its {@link QueuedQueries#order}.
         */
        Taken {}

        /** How many query-log rows {@link #queries} hold. */
        int queryRows() {
            int rows = 0;
            for (QueuedQueries stripeRows : queries) {
                rows += stripeRows.size;
            }
            return rows;
        }
    }

    /** One stripe's query-log rows; guarded by itself. */
    private static final class Stripe {
        QueuedQueries queries = new QueuedQueries(INITIAL_STRIPE_ROWS);
        /** Scratch for a query id's halves, read under the stripe's lock. */
        final long[] halves = new long[2];
    }

    private final long maxQueuedRows;
    private final LongConsumer onDropped;
    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Query-log and entry-log rows admitted and not yet taken (those admitted but not yet queued included). */
    private final AtomicLong queuedLogRows = new AtomicLong();
    /** The next query-log row's place in the order rows were queued, which the stripes' rows are taken in. */
    private final AtomicLong order = new AtomicLong();
    /** Whether rows were dropped since the writer last took the queue. */
    private final AtomicBoolean dropping = new AtomicBoolean();
    /** Whether a caller was already told to write the queued rows since they were last taken. */
    private final AtomicBoolean writeRequested = new AtomicBoolean();
    /** Part rows and dead letters queued since the last take; written holding this. */
    private volatile long pendingOtherRows;
    private QueuedEntries entries = new QueuedEntries(INITIAL_ROWS);
    private List<DeadLetterRow> deadLetters = new ArrayList<>();
    private List<PartLogRow> parts = new ArrayList<>();
    /** The columns of the last batch written, emptied, for the next {@link #take} to queue into; {@code null} when there are none. */
    private QueuedEntries spareEntries;
    /** Emptied query-log columns, for stripes and merged batches to reuse; guarded by this. */
    private final ArrayDeque<QueuedQueries> spareQueries = new ArrayDeque<>();

    /**
     * @param maxQueuedRows most query-log and entry-log rows waiting ({@code system_log_max_size_rows})
     * @param onDropped told how many such rows were dropped, each time some are
     */
    LogQueue(long maxQueuedRows, LongConsumer onDropped) {
        this.maxQueuedRows = maxQueuedRows;
        this.onDropped = onDropped;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The calling thread's stripe. */
    private Stripe stripe() {
        return stripes[(int) Thread.currentThread().getId() & (STRIPES - 1)];
    }

    /**
     * @param flushEntries the flush's entries, or null to read {@code flush}'s
     * @return whether enough rows have gathered that the caller should have them written soon
     */
    boolean add(/* nullable */ FlushLogRow flush, /* nullable */ SystemTables.EntryLogSource flushEntries, List<PartLogRow> newParts,
            List<QueryLogRow> newQueries, List<DeadLetterRow> newDeadLetters) {
        long dropped = 0;
        synchronized (this) {
            if (flush != null) {
                int count = flushEntries != null ? flushEntries.size() : flush.entries().size();
                if (admit(count)) {
                    if (flushEntries != null) {
                        entries.add(flush, flushEntries);
                    } else {
                        entries.add(flush);
                    }
                } else {
                    dropped += count;
                }
            }
            if (!newQueries.isEmpty()) {
                if (admit(newQueries.size())) {
                    Stripe stripe = stripe();
                    synchronized (stripe) {
                        for (QueryLogRow row : newQueries) {
                            stripe.queries.add(row, order.getAndIncrement());
                        }
                    }
                } else {
                    dropped += newQueries.size();
                }
            }
            pendingOtherRows += newDeadLetters.size() + newParts.size();
            parts.addAll(newParts);
            deadLetters.addAll(newDeadLetters);
        }
        reportDropped(dropped);
        return requestWrite();
    }

    /** @return whether enough rows have gathered that the caller should have them written soon */
    boolean addQuery(QueryLogRow row) {
        if (!admit(1)) {
            reportDropped(1);
            return false;
        }
        Stripe stripe = stripe();
        synchronized (stripe) {
            stripe.queries.add(row, order.getAndIncrement());
        }
        return requestWrite();
    }

    /**
     * Queues a {@code QueryFinish} row of an INSERT whose query is its head ({@link QueuedQueries#addFinished}).
     *
     * @return whether enough rows have gathered that the caller should have them written soon
     */
    boolean addFinishedInsert(long eventMicros, long startMicros, String queryKind, String queryId, String head, String database, String table,
            long writtenRows, long writtenBytes, String logComment) {
        if (!admit(1)) {
            reportDropped(1);
            return false;
        }
        Stripe stripe = stripe();
        synchronized (stripe) {
            long[] halves = stripe.halves;
            boolean uuid = QueryIds.parse(queryId, halves);
            stripe.queries.addFinished(order.getAndIncrement(), eventMicros, startMicros, queryKind, queryId, uuid, halves[0], halves[1], head, database, table, writtenRows,
                    writtenBytes, logComment);
        }
        return requestWrite();
    }

    /** Everything queued, or {@code null} when nothing is; the queue starts over empty. */
    synchronized Taken take() {
        // Each stripe's rows, their columns replaced by spare ones with room for as many (the next batch is likely as
        // large: columns that start smaller copy themselves at each doubling while the writer lags behind a busy table).
        List<QueuedQueries> taken = new ArrayList<>(2);
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                if (stripe.queries.size > 0) {
                    taken.add(stripe.queries);
                    stripe.queries = spareQueries(stripe.queries.size);
                }
            }
        }
        if (entries.flushes.isEmpty() && parts.isEmpty() && taken.isEmpty() && deadLetters.isEmpty()) {
            return null;
        }
        Taken result = new Taken(entries, parts, taken, deadLetters);
        entries = spareEntries != null && spareEntries.capacity() >= entries.size ? spareEntries : new QueuedEntries(entries.size);
        spareEntries = null;
        parts = new ArrayList<>();
        deadLetters = new ArrayList<>();
        queuedLogRows.addAndGet(-(result.entries().size + (long) result.queryRows()));
        pendingOtherRows = 0;
        dropping.set(false);
        writeRequested.set(false);
        return result;
    }

    /** Emptied columns with room for {@code rows} rows: kept ones when there are such, else new ones. Call holding this. */
    private QueuedQueries spareQueries(int rows) {
        for (java.util.Iterator<QueuedQueries> spares = spareQueries.iterator(); spares.hasNext(); ) {
            QueuedQueries spare = spares.next();
            if (spare.capacity() >= rows) {
                spares.remove();
                return spare;
            }
        }
        return new QueuedQueries(Math.max(rows, INITIAL_STRIPE_ROWS));
    }

    /** Keeps emptied columns for reuse, unless they are a backlog's larger ones or enough are kept. Call holding this. */
    private void keepSpare(QueuedQueries queries) {
        if (queries.eventMicros.length <= SPARE_ROWS && spareQueries.size() <= STRIPES) {
            queries.clear();
            spareQueries.addFirst(queries);
        }
    }

    /**
     * Gives back the columns of a batch that was written, so that the next batch queues into their arrays
     * rather than new ones; a backlog's larger columns are not kept.
     */
    synchronized void recycle(Taken written) {
        for (QueuedQueries stripeRows : written.queries()) {
            keepSpare(stripeRows);
        }
        if (written.entries().eventMicros.length <= SPARE_ROWS) {
            written.entries().clear();
            spareEntries = written.entries();
        }
    }

    /**
     * Puts rows a failed write had taken back in front of those queued since, so they are written, in their
     * order, by the next write. Dead letters and part rows always come back; the log rows of each kind as a
     * whole, as far as the bound admits.
     */
    void putBack(Taken taken) {
        long dropped = 0;
        synchronized (this) {
            QueuedEntries keptEntries = new QueuedEntries(taken.entries().size + entries.size);
            if (admit(taken.entries().size)) {
                keptEntries.addAll(taken.entries());
            } else {
                dropped += taken.entries().size;
            }
            keptEntries.addAll(entries);
            entries = keptEntries;
            int queryRows = taken.queryRows();
            if (admit(queryRows)) {
                Stripe first = stripes[0];
                synchronized (first) {
                    QueuedQueries keptQueries = new QueuedQueries(queryRows + first.queries.size);
                    keptQueries.addMerged(taken.queries());
                    keptQueries.addAll(first.queries);
                    first.queries = keptQueries;
                }
            } else {
                dropped += queryRows;
            }
            List<PartLogRow> keptParts = new ArrayList<>(taken.parts());
            keptParts.addAll(parts);
            parts = keptParts;
            List<DeadLetterRow> keptDeadLetters = new ArrayList<>(taken.deadLetters());
            keptDeadLetters.addAll(deadLetters);
            deadLetters = keptDeadLetters;
            pendingOtherRows += taken.deadLetters().size() + taken.parts().size();
        }
        reportDropped(dropped);
    }

    /** Whether {@code rows} more query-log or entry-log rows fit; if so they are counted as queued. */
    private boolean admit(int rows) {
        if (rows == 0) {
            return true;
        }
        long queued = queuedLogRows.addAndGet(rows);
        if (queued > maxQueuedRows || queued < 0) {
            queuedLogRows.addAndGet(-rows);
            if (dropping.compareAndSet(false, true)) {
                log.warn("Sluice's system log writer is {} rows behind (system_log_max_size_rows): rows of system.query_log and"
                        + " system.asynchronous_insert_log are dropped until it catches up", queued - rows);
            }
            return false;
        }
        return true;
    }

    /**
     * Whether the queued rows just reached the batch size and nobody was asked to write them yet: true once
     * per batch, so writers are not woken again by every row that follows.
     */
    private boolean requestWrite() {
        if (writeRequested.get() || queuedLogRows.get() + pendingOtherRows < BATCH_ROWS) {
            return false;
        }
        return writeRequested.compareAndSet(false, true);
    }

    private void reportDropped(long dropped) {
        if (dropped > 0) {
            onDropped.accept(dropped);
        }
    }
}

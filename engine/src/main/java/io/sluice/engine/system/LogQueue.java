package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.DeadLetterRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The log rows waiting to be written, queued by flush threads and sessions without touching the system
 * database: queueing costs a few array stores under a short lock. Query-log and entry-log rows are kept as
 * columns ({@link QueuedQueries}, {@link QueuedEntries}), so a backlog of them is a few arrays rather than
 * an object per row. The writer takes everything queued at once ({@link #take}): on an interval, whenever a
 * reader asks, and once {@link #BATCH_ROWS} rows have gathered, which bounds the heap the queue takes (a row
 * with an exception is an object of its own, its message included). Query-log and entry-log rows beyond
 * {@code system_log_max_size_rows} are dropped (and counted); dead letters and part rows are never dropped.
 * Thread-safe.
 */
final class LogQueue {
    private static final io.sluice.spi.log.Logger log = io.sluice.spi.log.LoggerFactory.getLogger(LogQueue.class);
    /** Rows queued at which a writer is asked to write them before the interval ends. */
    static final int BATCH_ROWS = 4_096;
    /** Rows the columns of a new queue have room for before they grow. */
    private static final int INITIAL_ROWS = 1 << 10;
    /** Most rows the columns kept for the next batch have room for: a backlog's larger ones go. */
    private static final int SPARE_ROWS = 2 * BATCH_ROWS;

    /** What one {@link #take} hands the writer. */
    record Taken(QueuedEntries entries, List<PartLogRow> parts, QueuedQueries queries, List<DeadLetterRow> deadLetters) {}

    private static final ThreadLocal<long[]> HALVES = ThreadLocal.withInitial(() -> new long[2]);

    private final long maxQueuedRows;
    private final LongConsumer onDropped;
    /** Query-log and entry-log rows waiting. */
    private long queuedLogRows;
    /** Whether rows were dropped since the writer last took the queue. */
    private boolean dropping;
    private QueuedQueries queries = new QueuedQueries(INITIAL_ROWS);
    private QueuedEntries entries = new QueuedEntries(INITIAL_ROWS);
    private List<DeadLetterRow> deadLetters = new ArrayList<>();
    private List<PartLogRow> parts = new ArrayList<>();
    private long pendingRows;
    /** The columns of the last batch written, emptied, for the next {@link #take} to queue into; {@code null} when there are none. */
    private QueuedQueries spareQueries;
    private QueuedEntries spareEntries;
    /** Whether a caller was already told to write the queued rows since they were last taken. */
    private boolean writeRequested;

    /**
     * @param maxQueuedRows most query-log and entry-log rows waiting ({@code system_log_max_size_rows})
     * @param onDropped told how many such rows were dropped, each time some are
     */
    LogQueue(long maxQueuedRows, LongConsumer onDropped) {
        this.maxQueuedRows = maxQueuedRows;
        this.onDropped = onDropped;
    }

    /**
     * @param flushEntries the flush's entries, or null to read {@code flush}'s
     * @return whether enough rows have gathered that the caller should have them written soon
     */
    boolean add(/* nullable */ FlushLogRow flush, /* nullable */ SystemTables.EntryLogSource flushEntries, List<PartLogRow> newParts,
            List<QueryLogRow> newQueries, List<DeadLetterRow> newDeadLetters) {
        long dropped = 0;
        boolean request;
        synchronized (this) {
            if (flush != null) {
                int count = flushEntries != null ? flushEntries.size() : flush.entries().size();
                if (admit(count)) {
                    if (flushEntries != null) {
                        entries.add(flush, flushEntries);
                    } else {
                        entries.add(flush);
                    }
                    pendingRows += count;
                } else {
                    dropped += count;
                }
            }
            if (admit(newQueries.size())) {
                for (QueryLogRow row : newQueries) {
                    queries.add(row);
                }
                pendingRows += newQueries.size();
            } else {
                dropped += newQueries.size();
            }
            pendingRows += newDeadLetters.size() + newParts.size();
            parts.addAll(newParts);
            deadLetters.addAll(newDeadLetters);
            request = requestWrite();
        }
        reportDropped(dropped);
        return request;
    }

    /** @return whether enough rows have gathered that the caller should have them written soon */
    boolean addQuery(QueryLogRow row) {
        synchronized (this) {
            if (admit(1)) {
                queries.add(row);
                pendingRows++;
                return requestWrite();
            }
        }
        reportDropped(1);
        return false;
    }

    /**
     * Queues a {@code QueryFinish} row of an INSERT whose query is its head ({@link QueuedQueries#addFinished}).
     *
     * @return whether enough rows have gathered that the caller should have them written soon
     */
    boolean addFinishedInsert(long eventMicros, long startMicros, String queryKind, String queryId, String head, String database, String table,
            long writtenRows, long writtenBytes, String logComment) {
        // The id is read before the lock, which every client's INSERT takes, into the thread's own scratch array.
        long[] halves = HALVES.get();
        boolean uuid = QueryIds.parse(queryId, halves);
        synchronized (this) {
            if (admit(1)) {
                queries.addFinished(eventMicros, startMicros, queryKind, queryId, uuid, halves[0], halves[1], head, database, table, writtenRows,
                        writtenBytes, logComment);
                pendingRows++;
                return requestWrite();
            }
        }
        reportDropped(1);
        return false;
    }

    /** Everything queued, or {@code null} when nothing is; the queue starts over empty. */
    synchronized Taken take() {
        if (entries.flushes.isEmpty() && parts.isEmpty() && queries.size == 0 && deadLetters.isEmpty()) {
            return null;
        }
        Taken taken = new Taken(entries, parts, queries, deadLetters);
        // The columns of the batch written last time when they have room for one like this (the next one is likely as
        // large), else new ones sized like it: columns that start smaller copy themselves at each doubling, and
        // while the writer lags behind a busy table its batches outgrow the spare columns each time.
        entries = spareEntries != null && spareEntries.capacity() >= entries.size ? spareEntries : new QueuedEntries(entries.size);
        queries = spareQueries != null && spareQueries.capacity() >= queries.size ? spareQueries : new QueuedQueries(queries.size);
        spareEntries = null;
        spareQueries = null;
        parts = new ArrayList<>();
        deadLetters = new ArrayList<>();
        pendingRows = 0;
        queuedLogRows = 0;
        dropping = false;
        writeRequested = false;
        return taken;
    }

    /**
     * Gives back the columns of a batch that was written, so that the next batch queues into their arrays
     * rather than new ones; a backlog's larger columns are not kept.
     */
    synchronized void recycle(Taken written) {
        if (written.queries().eventMicros.length <= SPARE_ROWS) {
            written.queries().clear();
            spareQueries = written.queries();
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
            long rows = 0;
            QueuedEntries keptEntries = new QueuedEntries(taken.entries().size + entries.size);
            if (admit(taken.entries().size)) {
                keptEntries.addAll(taken.entries());
                rows += taken.entries().size;
            } else {
                dropped += taken.entries().size;
            }
            keptEntries.addAll(entries);
            entries = keptEntries;
            QueuedQueries keptQueries = new QueuedQueries(taken.queries().size + queries.size);
            if (admit(taken.queries().size)) {
                keptQueries.addAll(taken.queries());
                rows += taken.queries().size;
            } else {
                dropped += taken.queries().size;
            }
            keptQueries.addAll(queries);
            queries = keptQueries;
            List<PartLogRow> keptParts = new ArrayList<>(taken.parts());
            keptParts.addAll(parts);
            parts = keptParts;
            List<DeadLetterRow> keptDeadLetters = new ArrayList<>(taken.deadLetters());
            keptDeadLetters.addAll(deadLetters);
            deadLetters = keptDeadLetters;
            pendingRows += rows + taken.deadLetters().size() + taken.parts().size();
        }
        reportDropped(dropped);
    }

    /** Whether {@code rows} more query-log or entry-log rows fit; if so they are counted as queued. Call holding this. */
    private boolean admit(int rows) {
        if (rows == 0) {
            return true;
        }
        if (queuedLogRows + rows > maxQueuedRows) {
            if (!dropping) {
                dropping = true;
                log.warn("Sluice's system log writer is {} rows behind (system_log_max_size_rows): rows of system.query_log and"
                        + " system.asynchronous_insert_log are dropped until it catches up", queuedLogRows);
            }
            return false;
        }
        queuedLogRows += rows;
        return true;
    }

    /**
     * Whether the queued rows just reached the batch size and nobody was asked to write them yet: true once
     * per batch, so writers are not woken again by every row that follows. Call holding this.
     */
    private boolean requestWrite() {
        if (pendingRows < BATCH_ROWS || writeRequested) {
            return false;
        }
        writeRequested = true;
        return true;
    }

    private void reportDropped(long dropped) {
        if (dropped > 0) {
            onDropped.accept(dropped);
        }
    }
}

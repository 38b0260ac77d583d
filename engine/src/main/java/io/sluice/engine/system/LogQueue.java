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
 * database: queueing costs a list append under a short lock. The writer takes everything queued at once
 * ({@link #take}). Query-log and entry-log rows beyond {@code system_log_max_size_rows} are dropped (and
 * counted); dead letters and part rows are never dropped. Thread-safe.
 */
final class LogQueue {
    private static final io.sluice.spi.log.Logger log = io.sluice.spi.log.LoggerFactory.getLogger(LogQueue.class);
    /** Rows queued at which a writer is asked to write them soon. */
    static final int BATCH_THRESHOLD = 10_000;

    /** What one {@link #take} hands the writer. */
    record Taken(List<FlushLogRow> flushes, List<PartLogRow> parts, List<QueryLogRow> queries, List<DeadLetterRow> deadLetters) {}

    private final long maxQueuedRows;
    private final LongConsumer onDropped;
    /** Query-log and entry-log rows waiting. */
    private long queuedLogRows;
    /** Whether rows were dropped since the writer last took the queue. */
    private boolean dropping;
    private List<QueryLogRow> queries = new ArrayList<>();
    private List<DeadLetterRow> deadLetters = new ArrayList<>();
    private List<FlushLogRow> flushes = new ArrayList<>();
    private List<PartLogRow> parts = new ArrayList<>();
    private int pendingEntries;
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

    /** @return whether enough rows have gathered that the caller should have them written soon */
    boolean add(/* nullable */ FlushLogRow flush, List<PartLogRow> newParts, List<QueryLogRow> newQueries, List<DeadLetterRow> newDeadLetters) {
        long dropped = 0;
        boolean request;
        synchronized (this) {
            if (flush != null) {
                if (admit(flush.entries().size())) {
                    flushes.add(flush);
                    pendingEntries += flush.entries().size();
                } else {
                    dropped += flush.entries().size();
                }
            }
            if (admit(newQueries.size())) {
                queries.addAll(newQueries);
                pendingEntries += newQueries.size();
            } else {
                dropped += newQueries.size();
            }
            pendingEntries += newDeadLetters.size();
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
                pendingEntries++;
                return requestWrite();
            }
        }
        reportDropped(1);
        return false;
    }

    /** Everything queued, or {@code null} when nothing is; the queue starts over empty. */
    synchronized Taken take() {
        if (flushes.isEmpty() && parts.isEmpty() && queries.isEmpty() && deadLetters.isEmpty()) {
            return null;
        }
        Taken taken = new Taken(flushes, parts, queries, deadLetters);
        flushes = new ArrayList<>();
        parts = new ArrayList<>();
        // Sized like the last batch (the next one is likely as large, and growing a long list step by step
        // copies it over and over), but not like a backlog's.
        queries = new ArrayList<>(Math.min(taken.queries().size(), EncodedRows.KEPT_ROWS));
        deadLetters = new ArrayList<>();
        pendingEntries = 0;
        queuedLogRows = 0;
        dropping = false;
        writeRequested = false;
        return taken;
    }

    /**
     * Puts rows a failed write had taken back in front of those queued since, so they are written, in their
     * order, by the next write. Dead letters and part rows always come back; log rows as far as the bound admits.
     */
    void putBack(Taken taken) {
        long dropped = 0;
        synchronized (this) {
            int entries = 0;
            List<FlushLogRow> keptFlushes = new ArrayList<>(taken.flushes().size() + flushes.size());
            for (FlushLogRow flush : taken.flushes()) {
                if (admit(flush.entries().size())) {
                    keptFlushes.add(flush);
                    entries += flush.entries().size();
                } else {
                    dropped += flush.entries().size();
                }
            }
            keptFlushes.addAll(flushes);
            flushes = keptFlushes;
            List<QueryLogRow> keptQueries = new ArrayList<>(taken.queries().size() + queries.size());
            if (admit(taken.queries().size())) {
                keptQueries.addAll(taken.queries());
                entries += taken.queries().size();
            } else {
                dropped += taken.queries().size();
            }
            keptQueries.addAll(queries);
            queries = keptQueries;
            List<PartLogRow> keptParts = new ArrayList<>(taken.parts());
            keptParts.addAll(parts);
            parts = keptParts;
            List<DeadLetterRow> keptDeadLetters = new ArrayList<>(taken.deadLetters());
            keptDeadLetters.addAll(deadLetters);
            deadLetters = keptDeadLetters;
            pendingEntries += entries + taken.deadLetters().size();
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
        if (pendingEntries < BATCH_THRESHOLD || writeRequested) {
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

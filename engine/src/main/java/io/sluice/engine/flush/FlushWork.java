package io.sluice.engine.flush;

import io.sluice.engine.system.QueryIds;
import io.sluice.engine.system.SystemTables;
import io.sluice.engine.insert.Batch;
import io.sluice.engine.insert.PendingInsert;
import io.sluice.spi.BufferEntry;
import io.sluice.parser.format.RowSink;
import io.sluice.spi.Part;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One batch on its way through a flush: its parsed rows and each entry's outcome. Owned by one flush thread. */
final class FlushWork {
    final TableLane lane;
    final Batch batch;
    /** The batch's entries, as the buffer drained them (or as recovered or kept for another attempt). */
    final List<BufferEntry> entries;
    /** The caller waiting on each entry, by position in {@link #entries}; null for an entry no caller waits on. */
    final PendingInsert[] callers;
    final String flushQueryId = QueryIds.newQueryId();
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

    FlushWork(TableLane lane, Batch batch, List<BufferEntry> entries) {
        this.lane = lane;
        this.batch = batch;
        this.entries = entries;
        int count = entries.size();
        this.callers = callers(batch.callers, entries);
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

    /**
     * Places each waiting caller at its entry, found by sequence: both lists are in append order. A caller
     * whose entry the buffer did not return stays out (the flush fails it as unexpected).
     */
    private static PendingInsert[] callers(List<PendingInsert> waiting, List<BufferEntry> entries) {
        PendingInsert[] callers = new PendingInsert[entries.size()];
        int next = 0;
        for (int i = 0; i < entries.size() && next < waiting.size(); i++) {
            if (waiting.get(next).sequence == entries.get(i).sequence()) {
                callers[i] = waiting.get(next++);
            }
        }
        return callers;
    }
}

package io.sluice.engine.session;

import io.sluice.parser.SqlText;
import io.sluice.spi.TableInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The tables a session has INSERTs in that returned before they were written (fire-and-forget INSERTs,
 * transactions committed without waiting), with the futures of those writes: what read-your-writes must
 * write before a statement that names one of the tables. Empty for a session that waits for its INSERTs,
 * so that such a session never lexes a statement. Thread-safe: a system query may run on a second thread.
 */
final class UnwrittenInserts {
    /** Writes kept per table before the finished ones are first dropped. */
    private static final int PRUNE_AT = 64;

    private static final class Table {
        final TableInfo info;
        final ArrayDeque<CompletableFuture<?>> writes = new ArrayDeque<>();
        /**
         * Writes kept at which the finished ones are next dropped: twice as many as the last pruning kept, so a
         * session with thousands of unwritten INSERTs (fire-and-forget between two flushes) scans them a bounded
         * number of times per INSERT rather than once per INSERT.
         */
        int pruneAt = PRUNE_AT;

        Table(TableInfo info) {
            this.info = info;
        }

        boolean written() {
            writes.removeIf(CompletableFuture::isDone);
            return writes.isEmpty();
        }
    }

    /** By lower-case table name: statements name tables in any case, and a false match only costs a flush. */
    private final Map<String, Table> tables = new HashMap<>();
    /**
     * The table of the last {@link #add} and its entry, while the entry is in {@link #tables}: a session's INSERTs
     * mostly go to one table.
     */
    private TableInfo lastTable;
    private Table lastEntry;

    synchronized void add(TableInfo table, CompletableFuture<?> write) {
        Table entry;
        if (table == lastTable) {
            entry = lastEntry;
        } else {
            // get, then put: computeIfAbsent would cost a capturing lambda per INSERT; the name is lowered once per table.
            String name = table.name().toLowerCase(Locale.ROOT);
            entry = tables.get(name);
            if (entry == null) {
                entry = new Table(table);
                tables.put(name, entry);
            }
            lastTable = table;
            lastEntry = entry;
        }
        if (entry.writes.peekLast() == write) {
            // Another INSERT into the same batch: its flush is already awaited.
            return;
        }
        // Writes mostly finish in the order they were made: those at the head go at once, at no cost.
        while (!entry.writes.isEmpty() && entry.writes.peekFirst().isDone()) {
            entry.writes.pollFirst();
        }
        entry.writes.add(write);
        if (entry.writes.size() >= entry.pruneAt) {
            entry.writes.removeIf(CompletableFuture::isDone);
            entry.pruneAt = Math.max(PRUNE_AT, 2 * entry.writes.size());
        }
    }

    synchronized boolean isEmpty() {
        return tables.isEmpty();
    }

    /**
     * The tables a statement names that still have unwritten INSERTs, with the writes to wait for;
     * forgets tables whose writes all finished. Lexes the statement only when some table is unwritten.
     *
     * @param sql the statement, or {@code null} for every table (a metadata read)
     */
    synchronized Pending named(String sql) {
        if (tables.isEmpty()) {
            return Pending.NONE;
        }
        Set<String> identifiers = sql == null ? null : SqlText.identifiers(sql);
        List<TableInfo> named = new ArrayList<>();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        var iterator = tables.entrySet().iterator();
        while (iterator.hasNext()) {
            var entry = iterator.next();
            if (identifiers != null && !identifiers.contains(entry.getKey())) {
                continue;
            }
            Table table = entry.getValue();
            if (table.written()) {
                iterator.remove();
                if (table == lastEntry) {
                    lastTable = null;
                    lastEntry = null;
                }
                continue;
            }
            named.add(table.info);
            writes.addAll(table.writes);
        }
        return new Pending(named, writes);
    }

    /** Forgets everything, e.g. once every buffer was flushed. */
    synchronized void clear() {
        tables.clear();
        lastTable = null;
        lastEntry = null;
    }

    /** Tables with unwritten INSERTs and the writes to wait for. */
    record Pending(List<TableInfo> tables, List<CompletableFuture<?>> writes) {
        static final Pending NONE = new Pending(List.of(), List.of());

        boolean isEmpty() {
            return tables.isEmpty();
        }
    }
}

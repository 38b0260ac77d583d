package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.EntryLogRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code system.asynchronous_insert_log} rows waiting to be written, as columns: the flushes (their shared
 * columns, without their entries) and per entry its flush's index, its time, its counts, its query id
 * ({@link QueryIdColumn}, read into integers by the writer) and the index of its text columns (status, data kind, log comment) in
 * {@link #shapes}. An entry with an exception is kept whole in {@link #others}. Not thread-safe: the
 * {@link LogQueue} guards it.
 */
final class QueuedEntries {
    /** The most distinct entry texts a queue shares: few (statuses × data kinds × log comments) in practice. */
    private static final int SHAPES_SEARCHED = 64;

    final List<FlushLogRow> flushes = new ArrayList<>();
    int size;
    /** Per entry: the index of its flush in {@link #flushes}. */
    int[] flush;
    long[] eventMicros;
    long[] bytes;
    long[] rows;
    final QueryIdColumn ids;
    /** Per entry: {@code >= 0} the index of its text in {@link #shapes}; {@code < 0}, {@code -(i + 1)}: the entry itself is {@code others[i]}. */
    int[] text;
    final List<EntryLogRow> shapes = new ArrayList<>();
    final List<EntryLogRow> others = new ArrayList<>();
    /** The last entry's shape: the entries of a table usually hold the very same strings. */
    private EntryLogRow last;
    private int lastIndex;

    QueuedEntries(int capacity) {
        capacity = Math.max(16, capacity);
        flush = new int[capacity];
        eventMicros = new long[capacity];
        bytes = new long[capacity];
        rows = new long[capacity];
        ids = new QueryIdColumn(capacity);
        text = new int[capacity];
    }

    /** Empties the columns for reuse, keeping their arrays; lets go of the flushes, entries and ids they held. */
    void clear() {
        Arrays.fill(ids.text, 0, size, null);
        size = 0;
        flushes.clear();
        shapes.clear();
        others.clear();
        last = null;
    }

    /** Whether an entry's text columns may be shared: no exception, every column present. */
    static boolean shareable(EntryLogRow entry) {
        return "".equals(entry.exception()) && entry.status() != null && entry.dataKind() != null && entry.logComment() != null;
    }

    /** Queues a flush and its entries; the flush is kept without its list of entries. */
    void add(FlushLogRow row) {
        int index = flushes.size();
        flushes.add(new FlushLogRow(row.flushQueryId(), row.query(), row.database(), row.table(), row.format(), row.flushMicros(),
                row.timeoutMillis(), List.of()));
        for (EntryLogRow entry : row.entries()) {
            int at = slot();
            flush[at] = index;
            eventMicros[at] = entry.eventMicros();
            bytes[at] = entry.bytes();
            rows[at] = entry.rows();
            if (entry.uuidId()) {
                ids.set(at, entry.idHigh(), entry.idLow());
            } else {
                ids.setText(at, entry.queryId());
            }
            text[at] = textOf(entry);
        }
    }

    /** Queues a flush (its own list of entries not read) and the entries {@code source} gives, without a row object for each. */
    void add(FlushLogRow row, SystemTables.EntryLogSource source) {
        int index = flushes.size();
        flushes.add(new FlushLogRow(row.flushQueryId(), row.query(), row.database(), row.table(), row.format(), row.flushMicros(),
                row.timeoutMillis(), List.of()));
        for (int i = 0; i < source.size(); i++) {
            int at = slot();
            flush[at] = index;
            eventMicros[at] = source.eventMicros(i);
            bytes[at] = source.bytes(i);
            rows[at] = source.rows(i);
            if (source.uuidId(i)) {
                ids.set(at, source.idHigh(i), source.idLow(i));
            } else {
                ids.setText(at, source.queryId(i));
            }
            text[at] = textOf(source, i);
        }
    }

    /** {@link #textOf(EntryLogRow)} of an entry of a source: its row is made only when its text is not the last entry's. */
    private int textOf(SystemTables.EntryLogSource source, int i) {
        EntryLogRow l = last;
        // The last entry's strings are all present (it was shareable): the same ones, and no exception, share its text.
        if (l != null && l.status() == source.status(i) && l.dataKind() == source.dataKind(i) && l.logComment() == source.logComment(i)
                && "".equals(source.exception(i))) {
            return lastIndex;
        }
        return textOf(source.row(i));
    }

    /** Appends every flush and entry of {@code from}, in order. */
    void addAll(QueuedEntries from) {
        int firstFlush = flushes.size();
        flushes.addAll(from.flushes);
        for (int i = 0; i < from.size; i++) {
            int at = slot();
            flush[at] = firstFlush + from.flush[i];
            eventMicros[at] = from.eventMicros[i];
            bytes[at] = from.bytes[i];
            rows[at] = from.rows[i];
            ids.copy(at, from.ids, i);
            text[at] = textOf(from.entry(i));
        }
    }

    /** The entry whose text columns entry {@code i} has (for a shared text, the first entry that had it). */
    EntryLogRow entry(int i) {
        int t = text[i];
        return t >= 0 ? shapes.get(t) : others.get(-t - 1);
    }

    private int textOf(EntryLogRow entry) {
        if (!shareable(entry)) {
            others.add(entry);
            return -others.size();
        }
        EntryLogRow l = last;
        if (l != null && l.status() == entry.status() && l.dataKind() == entry.dataKind() && l.logComment() == entry.logComment()) {
            return lastIndex;
        }
        int index = -1;
        for (int i = 0; i < shapes.size(); i++) {
            EntryLogRow shape = shapes.get(i);
            if (shape.status().equals(entry.status()) && shape.dataKind().equals(entry.dataKind()) && shape.logComment().equals(entry.logComment())) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            if (shapes.size() >= SHAPES_SEARCHED) {
                // Many distinct log comments: such entries are kept whole rather than searched for.
                others.add(entry);
                return -others.size();
            }
            index = shapes.size();
            shapes.add(entry);
        }
        last = entry;
        lastIndex = index;
        return index;
    }

    /** Rows the columns hold before they grow. */
    int capacity() {
        return eventMicros.length;
    }

    private int slot() {
        if (size == eventMicros.length) {
            int capacity = eventMicros.length * 2;
            flush = Arrays.copyOf(flush, capacity);
            eventMicros = Arrays.copyOf(eventMicros, capacity);
            bytes = Arrays.copyOf(bytes, capacity);
            rows = Arrays.copyOf(rows, capacity);
            ids.grow(capacity);
            text = Arrays.copyOf(text, capacity);
        }
        return size++;
    }
}

package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code system.query_log} rows waiting to be written, as columns: per row its times, its counts and its
 * query id ({@link QueryIdColumn}), and the index of its text columns (type, kind, INSERT head, database,
 * table, log comment), which the rows of one INSERT head share, in {@link #shapes}. A row with text of its
 * own (an exception, a statement that is not an INSERT head) is kept whole in {@link #others}. So a queued
 * INSERT costs a few array slots, not an object. Not thread-safe: the {@link LogQueue} guards it.
 */
final class QueuedQueries {
    /** The text columns of a row: one per distinct shape. */
    private record Text(String type, String queryKind, String query, String database, String table, String logComment) {}

    /** The type of a row of a statement that finished without an exception. */
    static final String QUERY_FINISH = "QueryFinish";

    int size;
    /** Per row, its place in the order rows were queued across the queue's stripes ({@link #addMerged}). */
    long[] order;
    long[] eventMicros;
    long[] startMicros;
    long[] writtenRows;
    long[] writtenBytes;
    final QueryIdColumn ids;
    /** Per row: {@code >= 0} the index of its text in {@link #shapes}; {@code < 0}, {@code -(i + 1)}: the row itself is {@code others[i]}. */
    int[] text;
    /** For each shared text, the first row that had it (its own counts are in the columns). */
    final List<QueryLogRow> shapes = new ArrayList<>();
    final List<QueryLogRow> others = new ArrayList<>();
    private final Map<Text, Integer> shapeIndex = new HashMap<>();
    /** The last row's shape: consecutive rows usually hold the very same strings, which comparing references finds. */
    private QueryLogRow last;
    private int lastIndex;

    QueuedQueries(int capacity) {
        capacity = Math.max(16, capacity);
        order = new long[capacity];
        eventMicros = new long[capacity];
        startMicros = new long[capacity];
        writtenRows = new long[capacity];
        writtenBytes = new long[capacity];
        ids = new QueryIdColumn(capacity);
        text = new int[capacity];
    }

    /** Empties the columns for reuse, keeping their arrays; lets go of the rows and ids they held. */
    void clear() {
        java.util.Arrays.fill(ids.text, 0, size, null);
        size = 0;
        shapes.clear();
        others.clear();
        shapeIndex.clear();
        last = null;
    }

    /** Whether a row's text columns may be shared: an INSERT head without an exception, every column present. */
    static boolean shareable(QueryLogRow row) {
        return row.queryIsHead() && row.exceptionCode() == 0 && "".equals(row.exception()) && row.type() != null && row.queryKind() != null
                && row.query() != null && row.database() != null && row.table() != null && row.logComment() != null;
    }

    void add(QueryLogRow row, long order) {
        int at = slot();
        this.order[at] = order;
        eventMicros[at] = row.eventMicros();
        startMicros[at] = row.startMicros();
        writtenRows[at] = row.writtenRows();
        writtenBytes[at] = row.writtenBytes();
        ids.set(at, row.queryId());
        text[at] = textOf(row);
    }

    /**
     * Adds a {@code QueryFinish} row whose query is an INSERT's head, without an exception: when its text columns
     * are the previous row's very strings (the usual case, consecutive INSERTs of one head) it costs array slots
     * only; otherwise its row is made and added as {@link #add} does.
     *
     * @param uuid whether {@link QueryIds#parse} read {@code queryId} as the halves {@code idHigh} and {@code idLow}
     */
    void addFinished(long order, long eventMicros, long startMicros, String queryKind, String queryId, boolean uuid, long idHigh, long idLow, String head,
            String database, String table, long writtenRows, long writtenBytes, String logComment) {
        QueryLogRow l = last;
        if (l == null || l.type() != QUERY_FINISH || l.queryKind() != queryKind || l.query() != head || l.database() != database
                || l.table() != table || l.logComment() != logComment) {
            add(new QueryLogRow(QUERY_FINISH, eventMicros, startMicros, queryKind, queryId, head, true, database, table, writtenRows,
                    writtenBytes, 0, "", logComment), order);
            return;
        }
        int at = slot();
        this.order[at] = order;
        this.eventMicros[at] = eventMicros;
        this.startMicros[at] = startMicros;
        this.writtenRows[at] = writtenRows;
        this.writtenBytes[at] = writtenBytes;
        if (uuid) {
            ids.set(at, idHigh, idLow);
        } else {
            ids.setText(at, queryId);
        }
        text[at] = lastIndex;
    }

    /** Appends every row of {@code from}, in order. */
    void addAll(QueuedQueries from) {
        for (int i = 0; i < from.size; i++) {
            add(from, i);
        }
    }

    /** Appends row {@code i} of {@code from}. */
    void add(QueuedQueries from, int i) {
        int at = slot();
        order[at] = from.order[i];
        eventMicros[at] = from.eventMicros[i];
        startMicros[at] = from.startMicros[i];
        writtenRows[at] = from.writtenRows[i];
        writtenBytes[at] = from.writtenBytes[i];
        ids.copy(at, from.ids, i);
        text[at] = textOf(from.row(i));
    }

    /**
     * Appends the rows of every one of {@code parts} in the order they were queued ({@link #order}): each part's rows are
     * in that order already, as one queue's would be.
     */
    void addMerged(List<QueuedQueries> parts) {
        inOrder(parts, (part, row) -> add(parts.get(part), row));
    }

    /** What {@link #inOrder} calls with each row: the index of its part and its index there. */
    interface RowVisitor<E extends Exception> {
        void row(int part, int row) throws E;
    }

    /**
     * Visits the rows of every one of {@code parts} in the order they were queued ({@link #order}), each part's rows
     * being in that order already: a run of one part's rows that come before every other part's next row goes at once.
     */
    static <E extends Exception> void inOrder(List<QueuedQueries> parts, RowVisitor<E> visitor) throws E {
        int[] next = new int[parts.size()];
        while (true) {
            int first = -1;
            long firstOrder = Long.MAX_VALUE;
            long bound = Long.MAX_VALUE;
            for (int p = 0; p < next.length; p++) {
                QueuedQueries part = parts.get(p);
                if (next[p] < part.size) {
                    long order = part.order[next[p]];
                    if (first < 0 || order < firstOrder) {
                        bound = Math.min(bound, firstOrder);
                        first = p;
                        firstOrder = order;
                    } else {
                        bound = Math.min(bound, order);
                    }
                }
            }
            if (first < 0) {
                return;
            }
            QueuedQueries part = parts.get(first);
            int i = next[first];
            do {
                visitor.row(first, i++);
            } while (i < part.size && part.order[i] < bound);
            next[first] = i;
        }
    }

    /** The row whose text columns row {@code i} has (for a shared text, the first row that had it). */
    QueryLogRow row(int i) {
        int t = text[i];
        return t >= 0 ? shapes.get(t) : others.get(-t - 1);
    }

    private int textOf(QueryLogRow row) {
        if (!shareable(row)) {
            others.add(row);
            return -others.size();
        }
        QueryLogRow l = last;
        if (l != null && l.type() == row.type() && l.queryKind() == row.queryKind() && l.query() == row.query() && l.database() == row.database()
                && l.table() == row.table() && l.logComment() == row.logComment()) {
            return lastIndex;
        }
        Text key = new Text(row.type(), row.queryKind(), row.query(), row.database(), row.table(), row.logComment());
        Integer index = shapeIndex.get(key);
        if (index == null) {
            if (shapes.size() >= LogShapes.MAX_SHAPES) {
                // As many texts as the dictionary holds: this one is kept with its row.
                others.add(row);
                return -others.size();
            }
            index = shapes.size();
            shapes.add(row);
            shapeIndex.put(key, index);
        }
        last = row;
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
            order = Arrays.copyOf(order, capacity);
            eventMicros = Arrays.copyOf(eventMicros, capacity);
            startMicros = Arrays.copyOf(startMicros, capacity);
            writtenRows = Arrays.copyOf(writtenRows, capacity);
            writtenBytes = Arrays.copyOf(writtenBytes, capacity);
            ids.grow(capacity);
            text = Arrays.copyOf(text, capacity);
        }
        return size++;
    }
}

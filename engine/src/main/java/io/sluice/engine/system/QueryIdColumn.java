package io.sluice.engine.system;

import java.util.Arrays;

/**
 * The query ids of queued log rows, as columns: an id of the form {@link QueryIds#newQueryId} gives is kept
 * as its two 64-bit halves, any other id as its text. An id is read into its halves when its row is queued
 * ({@link #set}) or, so that a flush thread does not spend its time on it, by the writer ({@link #setText},
 * then {@link #resolve}). Not thread-safe.
 */
final class QueryIdColumn {
    long[] high;
    long[] low;
    /** The id of a row whose id is not a UUID; {@code null} for one that is. */
    String[] text;
    private final long[] halves = new long[2];

    QueryIdColumn(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        text = new String[capacity];
    }

    void grow(int capacity) {
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        text = Arrays.copyOf(text, capacity);
    }

    void set(int row, String queryId) {
        if (QueryIds.parse(queryId, halves)) {
            high[row] = halves[0];
            low[row] = halves[1];
            text[row] = null;
        } else {
            text[row] = queryId;
        }
    }

    /** Keeps an id {@link QueryIds#parse} read. */
    void set(int row, long idHigh, long idLow) {
        high[row] = idHigh;
        low[row] = idLow;
        text[row] = null;
    }

    /** Keeps an id as text until {@link #resolve}. */
    void setText(int row, String queryId) {
        text[row] = queryId;
    }

    /** Reads every id of the first {@code rows} still kept as text into its halves, where it is a UUID. */
    void resolve(int rows) {
        for (int row = 0; row < rows; row++) {
            String id = text[row];
            if (id != null && QueryIds.parse(id, halves)) {
                high[row] = halves[0];
                low[row] = halves[1];
                text[row] = null;
            }
        }
    }

    void copy(int row, QueryIdColumn from, int fromRow) {
        high[row] = from.high[fromRow];
        low[row] = from.low[fromRow];
        text[row] = from.text[fromRow];
    }
}

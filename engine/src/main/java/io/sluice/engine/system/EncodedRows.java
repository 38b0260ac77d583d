package io.sluice.engine.system;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;

/**
 * Log rows ready to write: per row, the id of its shape in {@link LogShapes} (0: none, the row is written
 * with all its columns) and whether its query id is a UUID, kept as the two integers {@code high} and
 * {@code low}. The arrays are reused from one write to the next (the writer holds the system lock), up to
 * {@link #KEPT_ROWS} rows; a larger backlog gets arrays of its own. Not thread-safe.
 */
final class EncodedRows {
    static final int KEPT_ROWS = 1 << 16;

    int rows;
    long[] shape = new long[0];
    private boolean[] uuid = new boolean[0];
    private long[] high = new long[0];
    private long[] low = new long[0];
    /** The two halves of the query id {@link QueryIds#parse} read last. */
    private final long[] halves = new long[2];

    /** Readies the arrays for {@code count} rows, none with a shape or a UUID yet. */
    EncodedRows reset(int count) {
        rows = count;
        if (count > shape.length || shape.length > KEPT_ROWS) {
            int size = count > KEPT_ROWS ? count : Math.min(KEPT_ROWS, Math.max(count, 2 * shape.length));
            shape = new long[size];
            uuid = new boolean[size];
            high = new long[size];
            low = new long[size];
        } else {
            Arrays.fill(shape, 0, count, 0L);
            Arrays.fill(uuid, 0, count, false);
        }
        return this;
    }

    void queryId(int row, String queryId) {
        if (QueryIds.parse(queryId, halves)) {
            uuid[row] = true;
            high[row] = halves[0];
            low[row] = halves[1];
        }
    }

    /** Binds a row's query id to the columns query_id, query_id_high, query_id_low from {@code parameter}. */
    void bindQueryId(PreparedStatement statement, int parameter, int row, String queryId) throws SQLException {
        if (uuid[row]) {
            statement.setNull(parameter, Types.VARCHAR);
            bindLong(statement, parameter + 1, high[row]);
            bindLong(statement, parameter + 2, low[row]);
        } else {
            statement.setString(parameter, queryId);
            statement.setNull(parameter + 1, Types.BIGINT);
            statement.setNull(parameter + 2, Types.BIGINT);
        }
    }

    /** Writes the rows in their order, each run of rows with a shape and each run without one by its own writer. */
    void write(LogRowWriter withShape, LogRowWriter.Binder shaped, LogRowWriter withoutShape, LogRowWriter.Binder unshaped)
            throws SQLException {
        int from = 0;
        while (from < rows) {
            boolean hasShape = shape[from] != 0;
            int to = from + 1;
            while (to < rows && (shape[to] != 0) == hasShape) {
                to++;
            }
            if (hasShape) {
                withShape.write(from, to, shaped);
            } else {
                withoutShape.write(from, to, unshaped);
            }
            from = to;
        }
    }

    /**
     * Binds a number to a statement of the system database (SQLite): sqlite-jdbc's setLong boxes every value
     * anew, while setObject keeps the object it is given, here from the Long cache when the value is small.
     */
    static void bindLong(PreparedStatement statement, int parameter, long value) throws SQLException {
        statement.setObject(parameter, Long.valueOf(value));
    }
}

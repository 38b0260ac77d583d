package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes rows as multi-row {@code INSERT INTO t (c…) VALUES (?, ?), (?, ?)…} statements, every value bound
 * as a parameter. Two shapes: {@link #batched} repeats one statement of a fixed row count in JDBC batches
 * (any database); {@link #sized} cuts statements by their size on the wire (MariaDB and MySQL, whose server
 * refuses a statement larger than {@code max_allowed_packet}). Stateless; hot path.
 */
final class MultiRowInsert {
    /** Full statements sent per {@code executeBatch}: bounds the driver's memory for one round trip. */
    static final int STATEMENTS_PER_BATCH = 16;

    /** The size in bytes a bound value takes in the statement the driver sends. */
    interface Sizer {
        long bytes(Object value);
    }

    private MultiRowInsert() {}

    /**
     * Writes rows {@code from} to {@code to - 1} in statements of up to {@code maxRows} rows (and at most
     * the dialect's parameter limit), the full ones through JDBC batches of one prepared statement.
     *
     * @return how many statements were executed (a batch counts each of its statements)
     */
    static int batched(Connection connection, Dialect dialect, Part part, int[] written, int from, int to, int maxRows)
            throws SQLException {
        if (written.length == 0) {
            return defaults(connection, dialect, part, from, to);
        }
        String head = dialect.insertHead(part, written);
        int perStatement = Math.max(1, Math.min(maxRows, dialect.maxParameters() / written.length));
        int total = to - from;
        int fullStatements = total / perStatement;
        int executed = 0;
        int row = from;
        if (fullStatements > 0) {
            try (PreparedStatement statement = connection.prepareStatement(sql(head, written.length, perStatement))) {
                int pending = 0;
                for (int s = 0; s < fullStatements; s++) {
                    bindRows(statement, dialect, part, written, row, row + perStatement);
                    row += perStatement;
                    if (fullStatements == 1) {
                        statement.executeUpdate();
                        break;
                    }
                    statement.addBatch();
                    if (++pending == STATEMENTS_PER_BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
            executed += fullStatements;
        }
        if (row < to) {
            try (PreparedStatement statement = connection.prepareStatement(sql(head, written.length, to - row))) {
                bindRows(statement, dialect, part, written, row, to);
                statement.executeUpdate();
            }
            executed++;
        }
        return executed;
    }

    /**
     * Writes rows {@code from} to {@code to - 1} in statements whose size, as {@code sizer} estimates it
     * from above, stays within {@code maxBytes}; a row too large on its own goes alone, unless even alone it
     * exceeds {@code hardLimit} (the server's {@code max_allowed_packet}): then it is refused before anything
     * is sent, since the server would drop the connection. Each statement is executed on its own, since their
     * shapes differ.
     *
     * @return how many statements were executed
     * @throws SQLDataException (SQLState 22001) for a row larger than {@code hardLimit}
     */
    static int sized(Connection connection, Dialect dialect, Part part, int[] written, int from, int to, long maxBytes, long hardLimit,
            Sizer sizer) throws SQLException {
        if (written.length == 0) {
            return defaults(connection, dialect, part, from, to);
        }
        String head = dialect.insertHead(part, written);
        long headBytes = head.getBytes(StandardCharsets.UTF_8).length;
        int maxRows = Math.max(1, dialect.maxParameters() / written.length);
        int executed = 0;
        int row = from;
        PreparedStatement statement = null;
        int statementRows = -1;
        try {
            while (row < to) {
                int end = chunkEnd(part.rows(), written, row, to, headBytes, maxBytes, maxRows, sizer);
                if (end - row == 1) {
                    long bytes = headBytes + rowBytes(part.rows().get(row), written, sizer);
                    if (bytes > hardLimit) {
                        throw new SQLDataException("Row " + (row + 1) + " of part " + part.name() + " takes about " + bytes
                                + " bytes as an INSERT, more than the server's max_allowed_packet (" + hardLimit + ")", "22001");
                    }
                }
                if (end - row != statementRows) {
                    if (statement != null) {
                        statement.close();
                    }
                    statement = connection.prepareStatement(sql(head, written.length, end - row));
                    statementRows = end - row;
                }
                bindRows(statement, dialect, part, written, row, end);
                statement.executeUpdate();
                executed++;
                row = end;
            }
        } finally {
            if (statement != null) {
                statement.close();
            }
        }
        return executed;
    }

    /** Rows per {@code executeBatch} of {@link #bulk}: bounds the driver's buffers for one round trip. */
    static final int BULK_ROWS_PER_BATCH = 10_000;

    /**
     * Writes rows {@code from} to {@code to - 1} as one prepared single-row INSERT in JDBC batches of
     * {@value #BULK_ROWS_PER_BATCH} rows, for a driver that sends a batch in bulk (MariaDB Connector/J). A row
     * larger than {@code hardLimit} (the server's {@code max_allowed_packet}) is refused before anything is sent.
     *
     * @return how many batches were executed
     * @throws SQLDataException (SQLState 22001) for a row larger than {@code hardLimit}
     */
    static int bulk(Connection connection, Dialect dialect, Part part, int[] written, int from, int to, long hardLimit, Sizer sizer)
            throws SQLException {
        String head = dialect.insertHead(part, written);
        long headBytes = head.getBytes(StandardCharsets.UTF_8).length;
        for (int row = from; row < to; row++) {
            long bytes = headBytes + rowBytes(part.rows().get(row), written, sizer);
            if (bytes > hardLimit) {
                throw new SQLDataException("Row " + (row + 1) + " of part " + part.name() + " takes about " + bytes
                        + " bytes as an INSERT, more than the server's max_allowed_packet (" + hardLimit + ")", "22001");
            }
        }
        int executed = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql(head, written.length, 1))) {
            for (int row = from; row < to; row += BULK_ROWS_PER_BATCH) {
                int end = Math.min(to, row + BULK_ROWS_PER_BATCH);
                for (int r = row; r < end; r++) {
                    bindRows(statement, dialect, part, written, r, r + 1);
                    statement.addBatch();
                }
                statement.executeBatch();
                executed++;
            }
        }
        return executed;
    }

    /**
     * Where the statement that starts at row {@code from} ends: after as many rows as fit in
     * {@code maxBytes} (at least one) and {@code maxRows}.
     *
     * @param headBytes the size of the statement's text before the first row
     */
    static int chunkEnd(List<Object[]> rows, int[] written, int from, int to, long headBytes, long maxBytes, int maxRows, Sizer sizer) {
        long size = headBytes;
        int end = from;
        while (end < to && end - from < maxRows) {
            long rowBytes = rowBytes(rows.get(end), written, sizer);
            if (end > from && size + rowBytes > maxBytes) {
                break;
            }
            size += rowBytes;
            end++;
        }
        return end;
    }

    /** A row's size in a statement: its values, their parentheses and separators, and the comma before it. */
    private static long rowBytes(Object[] row, int[] written, Sizer sizer) {
        long bytes = 3 + 2L * written.length;
        for (int column : written) {
            bytes += sizer.bytes(row[column]);
        }
        return bytes;
    }

    /** Rows that leave every column to its default: no values, so the dialect's own statement. */
    private static int defaults(Connection connection, Dialect dialect, Part part, int from, int to) throws SQLException {
        dialect.insertDefaultRows(connection, dialect.qualify(part.database(), part.table()), to - from);
        return 1;
    }

    /** Binds rows {@code from} to {@code to - 1} from parameter {@code first} on; returns the next free parameter. */
    static int bindRows(PreparedStatement statement, int first, Dialect dialect, Part part, int[] written, int from, int to)
            throws SQLException {
        List<Object[]> rows = part.rows();
        List<ColumnInfo> columns = part.columns();
        int parameter = first;
        for (int r = from; r < to; r++) {
            Object[] row = rows.get(r);
            for (int column : written) {
                dialect.bind(statement, parameter++, row[column], columns.get(column));
            }
        }
        return parameter;
    }

    private static void bindRows(PreparedStatement statement, Dialect dialect, Part part, int[] written, int from, int to)
            throws SQLException {
        bindRows(statement, 1, dialect, part, written, from, to);
    }

    static String sql(String head, int columns, int rows) {
        StringBuilder sql = new StringBuilder(head.length() + rows * (columns * 3 + 3)).append(head);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append('(');
            for (int c = 0; c < columns; c++) {
                sql.append(c == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        return sql.toString();
    }
}

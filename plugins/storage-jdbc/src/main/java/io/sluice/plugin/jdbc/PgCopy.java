package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's fastest bulk path: {@code COPY "schema"."table" ("columns") FROM STDIN} through pgjdbc's
 * {@code CopyManager}, streaming rows encoded by {@link CopyTextEncoder} in chunks. The only class that
 * touches pgjdbc: it is loaded only after {@link #available} said pgjdbc is there. Stateless.
 */
final class PgCopy {
    /** Bytes encoded before they are handed to the connection: large enough to amortise the call. */
    static final int CHUNK_BYTES = 256 * 1024;

    private PgCopy() {}

    /** Whether {@code connection} is (or wraps) a pgjdbc connection that can COPY. */
    static boolean available(Connection connection) {
        try {
            return connection.isWrapperFor(PGConnection.class);
        } catch (SQLException | LinkageError e) {
            // No pgjdbc on the class path (LinkageError), or a wrapper that cannot tell: use INSERTs instead.
            return false;
        }
    }

    /**
     * Copies rows {@code from} to {@code to - 1} of {@code part}, the columns at positions {@code written},
     * in the connection's current transaction.
     */
    static long copy(Connection connection, Dialect dialect, Part part, int[] written, int from, int to) throws SQLException {
        List<ColumnInfo> columns = part.columns();
        StringBuilder sql = new StringBuilder(64).append("COPY ").append(dialect.qualify(part.database(), part.table())).append(" (");
        for (int i = 0; i < written.length; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(dialect.quote(columns.get(written[i]).name()));
        }
        sql.append(") FROM STDIN (FORMAT text)");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
        try {
            CopyTextEncoder encoder = new CopyTextEncoder(Math.min(CHUNK_BYTES, 64 * (to - from) + 64));
            List<Object[]> rows = part.rows();
            for (int r = from; r < to; r++) {
                encoder.row(rows.get(r), written, columns);
                if (encoder.size() >= CHUNK_BYTES) {
                    copy.writeToCopy(encoder.buffer(), 0, encoder.size());
                    encoder.reset();
                }
            }
            if (encoder.size() > 0) {
                copy.writeToCopy(encoder.buffer(), 0, encoder.size());
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The COPY failed already; the transaction is rolled back by the caller either way.
                }
            }
        }
    }
}

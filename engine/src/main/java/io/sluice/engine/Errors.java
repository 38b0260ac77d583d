package io.sluice.engine;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;

/**
 * The engine's one exception funnel: whatever a caller of the engine sees is an {@link SQLException}, and
 * anything Sluice raised itself carries a ClickHouse code ({@link SluiceSqlException}). A plugin's or the
 * engine's own RuntimeException becomes {@code UNKNOWN_EXCEPTION} with the original as its cause.
 */
public final class Errors {
    private Errors() {}

    /** {@code error} as the SQLException a caller sees: itself when it already is one. */
    public static SQLException convert(Throwable error) {
        if (error instanceof SQLException sql) {
            return sql;
        }
        return new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "Unexpected " + error, error);
    }

    /**
     * A fresh exception for one client from an error many clients share (a flush's), so that its stack
     * trace is the client's own.
     */
    public static SQLException forClient(Throwable shared) {
        if (shared instanceof SluiceSqlException sluice) {
            String prefix = sluice.error().name() + ": ";
            String message = sluice.getMessage().startsWith(prefix) ? sluice.getMessage().substring(prefix.length()) : sluice.getMessage();
            return new SluiceSqlException(sluice.error(), message, sluice);
        }
        return convert(shared);
    }

    /** The ClickHouse error code of an exception, or {@code UNKNOWN_EXCEPTION}'s. */
    public static int code(Throwable error) {
        return error instanceof SluiceSqlException sluice ? sluice.error().code() : ErrorCode.UNKNOWN_EXCEPTION.code();
    }

    /** Whether a database error is a lost or refused connection (the SQLState class of {@code NETWORK_ERROR}), following cause chains. */
    public static boolean isConnectionError(SQLException error) {
        String connectionClass = ErrorCode.NETWORK_ERROR.sqlState().substring(0, 2);
        Throwable current = error;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(connectionClass)) {
                return true;
            }
            Throwable next = current instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : current.getCause();
            current = next == current ? null : next;
        }
        return false;
    }
}

package io.sluice.plugin.jdbc;

import io.sluice.spi.ErrorKind;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Tells a failed write's {@link ErrorKind} from its SQLState (the standard classes, PostgreSQL's codes) and,
 * where SQLStates are ambiguous, the dialect's vendor codes. Looks through batch and cause chains for the
 * database's own error. Stateless.
 *
 * <ul>
 *   <li>TRANSIENT: class 08 (connection), 40001/40P01/40003 (serialization failure, deadlock, completion
 *       unknown), 53300 (too many connections), 55P03 (lock not available), 57014 (statement timeout or
 *       cancel), 57P01–57P05 (server shutting down, restarting, not accepting connections), HYT00/HYT01
 *       (timeouts), a conflict in Sluice's own ledger, MariaDB lock wait timeout and deadlock;</li>
 *   <li>DATA: class 22 (data exception), class 23 (integrity constraint), 40002 (a deferred constraint
 *       failed at commit);</li>
 *   <li>FATAL: everything else (missing table or column, permission denied, syntax).</li>
 * </ul>
 */
final class ErrorClassifier {
    /** How deep to follow next-exception and cause links. */
    private static final int MAX_DEPTH = 8;

    private ErrorClassifier() {}

    static ErrorKind classify(SQLException error, Dialect dialect) {
        SQLException current = error;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof LedgerConflictException || closedByPool(current)) {
                return ErrorKind.TRANSIENT;
            }
            ErrorKind vendor = dialect == null ? null : dialect.classifyVendor(current);
            if (vendor != null) {
                return vendor;
            }
            ErrorKind byState = byState(current.getSQLState(), current.getMessage());
            if (byState != null) {
                return byState;
            }
            current = next(current);
        }
        return byExceptionType(error);
    }

    /** The kind an SQLState names, or {@code null} when it names none (absent or a generic class). */
    static ErrorKind byState(String state, String message) {
        if (state == null || state.length() < 2) {
            return null;
        }
        String upper = state.toUpperCase(Locale.ROOT);
        String stateClass = upper.substring(0, 2);
        switch (stateClass) {
            case "08" -> {
                return ErrorKind.TRANSIENT;
            }
            case "22" -> {
                return ErrorKind.DATA;
            }
            case "23" -> {
                // A violation of the ledger's unique key means another engine recorded the same block at the same
                // time: a retry sees its id and skips the block.
                return message != null && message.contains(Dialect.LEDGER_UNIQUE_KEY) ? ErrorKind.TRANSIENT : ErrorKind.DATA;
            }
            default -> {
                // below
            }
        }
        return switch (upper) {
            case "40001", "40P01", "40003", "53300", "55P03", "57014", "57P01", "57P02", "57P03", "57P04", "57P05", "HYT00",
                    "HYT01" -> ErrorKind.TRANSIENT;
            case "40002" -> ErrorKind.DATA;
            case "HY000", "S1000", "HY008" -> null;
            default -> ErrorKind.FATAL;
        };
    }

    /**
     * Whether the error says the database session behind the connection is gone (SQLState class 08, or
     * PostgreSQL's 57P01–57P03: terminated by an administrator, a crash, a shutdown), looking through batch
     * and cause chains: such a connection must not be used again.
     */
    static boolean sessionLost(SQLException error) {
        SQLException current = error;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            String state = current.getSQLState();
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
                return true;
            }
            if (current instanceof java.sql.SQLNonTransientConnectionException || current instanceof SQLRecoverableException
                    || closedByPool(current)) {
                return true;
            }
            current = next(current);
        }
        return false;
    }

    /**
     * HikariCP's answer on a connection it closed because an earlier statement found its session gone: an
     * SQLException with no SQLState. The next attempt takes another connection.
     */
    static boolean closedByPool(SQLException error) {
        return error.getSQLState() == null && "Connection is closed".equals(error.getMessage());
    }

    private static ErrorKind byExceptionType(SQLException error) {
        if (error instanceof SQLTransientException || error instanceof SQLRecoverableException) {
            return ErrorKind.TRANSIENT;
        }
        if (error instanceof SQLDataException || error instanceof SQLIntegrityConstraintViolationException) {
            return ErrorKind.DATA;
        }
        return ErrorKind.FATAL;
    }

    private static SQLException next(SQLException error) {
        SQLException next = error.getNextException();
        if (next != null && next != error) {
            return next;
        }
        Throwable cause = error.getCause();
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return (SQLException) cause;
    }
}

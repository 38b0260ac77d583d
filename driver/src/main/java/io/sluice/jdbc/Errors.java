package io.sluice.jdbc;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.BatchUpdateException;
import java.sql.ClientInfoStatus;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The driver's errors, built in one place so that each kind has one message, one code and one SQLState,
 * all taken from {@link ErrorCode}; and the funnel ({@link #convert}) through which every failure from
 * below (the engine, a plugin, the target driver) reaches the application as an {@link SQLException} that
 * carries a code.
 */
final class Errors {
    private Errors() {}

    /**
     * What the application sees of a failure from below. An {@link SQLException} that carries a code (a
     * ClickHouse code from the engine, the target database's own error code) or the target's SQLState (how
     * PostgreSQL reports its errors) passes untouched; one with neither (sqlite-jdbc reports some misuse
     * that way) and any unchecked exception become {@code UNKNOWN_EXCEPTION} with the original as the
     * cause. {@link Error}s are rethrown: the JVM is in trouble, and no conversion helps.
     */
    static SQLException convert(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof SQLException sql && (sql.getErrorCode() != 0 || sql.getSQLState() != null)) {
            return sql;
        }
        return new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, String.valueOf(failure), failure);
    }

    /** A JDBC call on the way to the database: what it runs may throw anything, the caller sees {@link #convert}. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code call}, converting what it throws with {@link #convert}. */
    static <T> T funnel(SqlCall<T> call) throws SQLException {
        try {
            return call.call();
        } catch (Exception | Error e) {
            throw convert(e);
        }
    }

    /**
     * The one way the driver refuses a JDBC feature it does not implement.
     *
     * @param method {@code Class.method} as the application sees it, e.g. {@code "SluiceConnection.prepareCall"}
     */
    static SQLFeatureNotSupportedException notSupported(String method) {
        ErrorCode error = ErrorCode.UNSUPPORTED_METHOD;
        return new SQLFeatureNotSupportedException(
                error.name() + ": " + method + " is not supported by Sluice", error.sqlState(), error.code());
    }

    private static SQLException of(ErrorCode error, String message) {
        return new SQLException(message, error.sqlState(), error.code());
    }

    static SQLException connectionClosed() {
        return of(ErrorCode.SESSION_NOT_FOUND, "This connection is closed");
    }

    /** {@link java.sql.Connection#setClientInfo} may only throw this subclass. */
    static SQLClientInfoException connectionClosedForClientInfo() {
        ErrorCode error = ErrorCode.SESSION_NOT_FOUND;
        return new SQLClientInfoException("This connection is closed", error.sqlState(), error.code(), Map.of());
    }

    /** The target connection could not be opened to set client info: its error, as the one subclass allowed. */
    static SQLClientInfoException clientInfoNotSet(Set<String> names, SQLException cause) {
        Map<String, ClientInfoStatus> failed = new HashMap<>();
        for (String name : names) {
            failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
        }
        return new SQLClientInfoException(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), failed, cause);
    }

    static SQLException statementClosed() {
        return of(ErrorCode.UNEXPECTED_PACKET_FROM_CLIENT, "This statement is closed");
    }

    static SQLException resultSetClosed() {
        return of(ErrorCode.UNEXPECTED_PACKET_FROM_CLIENT, "This result set is closed");
    }

    /** A caller passed a value a JDBC method does not accept. */
    static SQLException badArgument(String message) {
        return new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, message);
    }

    static SQLException badArgument(String message, Throwable cause) {
        return new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, message, cause);
    }

    static SQLException nullSql(String method) {
        return badArgument(method + ": the SQL text is null");
    }

    static SQLException noResultSet(String method) {
        return of(ErrorCode.BAD_ARGUMENTS, method + ": the statement does not produce a result set");
    }

    static SQLException unexpectedResultSet(String method) {
        return of(ErrorCode.BAD_ARGUMENTS, method + ": the statement produced a result set; use executeQuery or execute");
    }

    static SQLException sqlTextOnPreparedStatement(String method) {
        return of(ErrorCode.BAD_ARGUMENTS, "SluicePreparedStatement." + method
                + ": a prepared statement runs its own SQL; SQL text is not accepted");
    }

    static SQLException notAWrapperFor(Class<?> owner, Class<?> iface) {
        return of(ErrorCode.BAD_ARGUMENTS, owner.getSimpleName() + " does not wrap " + iface.getName());
    }

    /** A statement of a batch failed: the batch's counts so far, with the failure's code, SQLState and message. */
    static BatchUpdateException batchFailed(SQLException failure, long[] counts) {
        return new BatchUpdateException(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), counts, failure);
    }

    /** A statement of a batch returned rows, which a batch cannot hand back. */
    static BatchUpdateException batchStatementReturnedRows(int statement, long[] counts) {
        ErrorCode error = ErrorCode.BAD_ARGUMENTS;
        return new BatchUpdateException(error.name() + ": SluiceStatement.executeBatch: statement " + statement
                + " of the batch produced a result set", error.sqlState(), error.code(), counts, null);
    }
}

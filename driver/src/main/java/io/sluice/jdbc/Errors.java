package io.sluice.jdbc;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.ClientInfoStatus;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The driver's own errors, built in one place so that each kind has one message and one SQLState.
 * Errors that come from the engine already carry their ClickHouse code and pass through untouched.
 */
final class Errors {
    /** SQLState of an operation on a closed connection. */
    static final String CONNECTION_CLOSED_STATE = "08003";
    /** SQLState of an operation on a closed statement (function sequence error). */
    static final String STATEMENT_CLOSED_STATE = "HY010";

    private Errors() {}

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

    static SQLException connectionClosed() {
        return new SQLException("This connection is closed", CONNECTION_CLOSED_STATE);
    }

    /** {@link java.sql.Connection#setClientInfo} may only throw this subclass. */
    static SQLClientInfoException connectionClosedForClientInfo() {
        return new SQLClientInfoException("This connection is closed", CONNECTION_CLOSED_STATE, 0, Map.of());
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
        return new SQLException("This statement is closed", STATEMENT_CLOSED_STATE);
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
        return new SQLException(method + ": the statement does not produce a result set", "02000");
    }

    static SQLException unexpectedResultSet(String method) {
        return new SQLException(method + ": the statement produced a result set; use executeQuery or execute", "0100E");
    }

    static SQLException sqlTextOnPreparedStatement(String method) {
        return new SQLException(
                "SluicePreparedStatement." + method + ": a prepared statement runs its own SQL; SQL text is not accepted",
                "42809");
    }

    static SQLException notAWrapperFor(Class<?> owner, Class<?> iface) {
        return new SQLException(owner.getSimpleName() + " does not wrap " + iface.getName(), "HY000");
    }
}

package io.sluice.spi;

import java.sql.SQLException;

/**
 * An {@link SQLException} carrying an {@link ErrorCode}: {@link #getErrorCode()} is ClickHouse's code
 * and the message starts with the code's name, e.g. {@code "UNKNOWN_TABLE: Table main.t does not exist"}.
 * Plugins throw it for errors of their own (an invalid setting, a closed resource), so that a user sees
 * them with the same codes as the engine's.
 */
public class SluiceSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    /**
     * An exception without a cause.
     *
     * @param error the error code
     * @param message what happened, without the code's name, which is prepended
     */
    public SluiceSqlException(ErrorCode error, String message) {
        this(error, message, null);
    }

    /**
     * An exception with a cause.
     *
     * @param error the error code
     * @param message what happened, without the code's name, which is prepended
     * @param cause the underlying error, or {@code null}
     */
    public SluiceSqlException(ErrorCode error, String message, Throwable cause) {
        super(error.name() + ": " + message, error.sqlState(), error.code(), cause);
        this.error = error;
    }

    /**
     * The error this exception reports.
     *
     * @return the code
     */
    public ErrorCode error() {
        return error;
    }
}

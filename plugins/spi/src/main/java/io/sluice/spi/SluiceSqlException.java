package io.sluice.spi;

import java.sql.SQLException;

/**
 * An {@link SQLException} carrying an {@link ErrorCode}: {@link #getErrorCode()} is ClickHouse's code
 * and the message starts with the code's name, e.g. {@code "UNKNOWN_TABLE: Table main.t does not exist"}.
 */
public class SluiceSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public SluiceSqlException(ErrorCode error, String message) {
        this(error, message, null);
    }

    public SluiceSqlException(ErrorCode error, String message, Throwable cause) {
        super(error.name() + ": " + message, error.sqlState(), error.code(), cause);
        this.error = error;
    }

    /** The error this exception reports. */
    public ErrorCode error() {
        return error;
    }
}

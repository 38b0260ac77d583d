package io.sluice.parser.format;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;

/**
 * A value that does not parse or does not fit its column. The message names the row (1-based within the
 * entry's data), the column and what was expected. Immutable.
 */
public final class DataParseException extends SluiceSqlException {
    private static final long serialVersionUID = 1L;

    private final int row;
    private final String column;

    public DataParseException(ErrorCode error, int row, String column, String message) {
        super(error, message);
        this.row = row;
        this.column = column;
    }

    /** The 1-based row within the entry's data, or 0 when the error is not tied to a row. */
    public int row() {
        return row;
    }

    /** The column's name, or {@code null} when the error is not tied to a column. */
    public String column() {
        return column;
    }
}

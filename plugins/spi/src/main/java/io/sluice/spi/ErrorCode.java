package io.sluice.spi;

/**
 * The errors Sluice reports, with ClickHouse's numeric codes and names so that a user who knows
 * ClickHouse recognises every one, and the SQLState a JDBC application expects. Plugins report errors
 * through {@link SluiceSqlException} with one of these codes. Constants are only ever added.
 */
public enum ErrorCode {
    /** A JDBC method Sluice does not implement. */
    UNSUPPORTED_METHOD(1, "0A000"),
    /** A value in text data could not be read as its column's type. */
    CANNOT_PARSE_TEXT(6, "22018"),
    /** A row has more or fewer values than the INSERT's columns. */
    NUMBER_OF_COLUMNS_DOESNT_MATCH(7, "21S01"),
    /** An INSERT names the same column twice. */
    DUPLICATE_COLUMN(15, "42S21"),
    /** An INSERT names a column the table does not have. */
    NO_SUCH_COLUMN_IN_TABLE(16, "42S22"),
    /** A quoted string in the data is malformed or not closed. */
    CANNOT_PARSE_QUOTED_STRING(26, "22018"),
    /** The data does not have the shape its format requires (a missing delimiter, bracket…). */
    CANNOT_PARSE_INPUT_ASSERTION_FAILED(27, "22018"),
    /** An argument or configuration is wrong in a way no more specific code describes. */
    BAD_ARGUMENTS(36, "22023"),
    /** A value is not a valid date. */
    CANNOT_PARSE_DATE(38, "22007"),
    /** A value is not a valid timestamp. */
    CANNOT_PARSE_DATETIME(41, "22007"),
    /** A statement or feature Sluice recognises but does not support. */
    NOT_IMPLEMENTED(48, "0A000"),
    /** A bug in Sluice or in a plugin: something that must not happen did. */
    LOGICAL_ERROR(49, "XX000"),
    /** A value's type does not fit its column. */
    TYPE_MISMATCH(53, "22018"),
    /** The target table does not exist. */
    UNKNOWN_TABLE(60, "42S02"),
    /** A statement Sluice could not parse. */
    SYNTAX_ERROR(62, "42000"),
    /** A value could not be converted to its column's type. */
    CANNOT_CONVERT_TYPE(70, "22018"),
    /** An INSERT names a format Sluice does not know. */
    UNKNOWN_FORMAT(73, "42000"),
    /** The target database (schema) does not exist. */
    UNKNOWN_DATABASE(81, "3F000"),
    /** A JDBC call out of sequence: on a statement or result set that is closed. */
    UNEXPECTED_PACKET_FROM_CLIENT(101, "HY010"),
    /** A setting name no built-in or plugin declares. */
    UNKNOWN_SETTING(115, "42000"),
    /** Data that is malformed in a way no more specific code describes. */
    INCORRECT_DATA(117, "22000"),
    /** A wait (for a flush, for buffer space) ran out of time. */
    TIMEOUT_EXCEEDED(159, "HYT00"),
    /** The target database could not be reached. */
    NETWORK_ERROR(210, "08006"),
    /** The operation was stopped: the engine or the plugin is closing or closed. */
    ABORTED(236, "57014"),
    /** The bound on buffered bytes was reached and did not free up in time. */
    MEMORY_LIMIT_EXCEEDED(241, "53200"),
    /** The target table or database refuses writes. */
    TABLE_IS_READ_ONLY(242, "25006"),
    /** A number does not fit its column's range. */
    VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE(321, "22003"),
    /** NULL for a column that does not accept it. */
    CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN(349, "23502"),
    /** The connection (its session on the engine) is closed. */
    SESSION_NOT_FOUND(372, "08003"),
    /** Not an error: an entry was not written because an identical one (same data or deduplication token) was already written; shown in {@code system.part_log}. */
    INSERT_WAS_DEDUPLICATED(389, "01000"),
    /** The client cancelled the statement ({@code Statement.cancel}) while it waited. */
    QUERY_WAS_CANCELLED(394, "HY008"),
    /** The database refused rows because of a constraint (unique, check, foreign key). */
    VIOLATED_CONSTRAINT(469, "23000"),
    /** A setting's value breaks its rule; the message names the setting, the value and the rule. Plugins report invalid plugin settings with it. */
    INVALID_SETTING_VALUE(471, "22023"),
    /** An error no more specific code describes, such as one from the target database; the cause is attached. */
    UNKNOWN_EXCEPTION(1002, "HY000");

    private final int code;
    private final String sqlState;

    ErrorCode(int code, String sqlState) {
        this.code = code;
        this.sqlState = sqlState;
    }

    /**
     * ClickHouse's numeric code, returned by {@link java.sql.SQLException#getErrorCode()}.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The SQLState reported with this error.
     *
     * @return five characters, as {@link java.sql.SQLException#getSQLState()} returns them
     */
    public String sqlState() {
        return sqlState;
    }
}

package io.sluice.spi;

/**
 * The errors Sluice reports, with ClickHouse's numeric codes and names so that a user who knows
 * ClickHouse recognises every one, and the SQLState a JDBC application expects.
 */
public enum ErrorCode {
    UNSUPPORTED_METHOD(1, "0A000"),
    CANNOT_PARSE_TEXT(6, "22018"),
    NUMBER_OF_COLUMNS_DOESNT_MATCH(7, "21S01"),
    DUPLICATE_COLUMN(15, "42S21"),
    NO_SUCH_COLUMN_IN_TABLE(16, "42S22"),
    CANNOT_PARSE_QUOTED_STRING(26, "22018"),
    CANNOT_PARSE_INPUT_ASSERTION_FAILED(27, "22018"),
    BAD_ARGUMENTS(36, "22023"),
    CANNOT_PARSE_DATE(38, "22007"),
    CANNOT_PARSE_DATETIME(41, "22007"),
    NOT_IMPLEMENTED(48, "0A000"),
    LOGICAL_ERROR(49, "XX000"),
    TYPE_MISMATCH(53, "22018"),
    UNKNOWN_TABLE(60, "42S02"),
    SYNTAX_ERROR(62, "42000"),
    CANNOT_CONVERT_TYPE(70, "22018"),
    UNKNOWN_FORMAT(73, "42000"),
    UNKNOWN_DATABASE(81, "3F000"),
    UNKNOWN_SETTING(115, "42000"),
    INCORRECT_DATA(117, "22000"),
    TIMEOUT_EXCEEDED(159, "HYT00"),
    NETWORK_ERROR(210, "08006"),
    ABORTED(236, "57014"),
    MEMORY_LIMIT_EXCEEDED(241, "53200"),
    TABLE_IS_READ_ONLY(242, "25006"),
    VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE(321, "22003"),
    CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN(349, "23502"),
    VIOLATED_CONSTRAINT(469, "23000"),
    INVALID_SETTING_VALUE(471, "22023"),
    UNKNOWN_EXCEPTION(1002, "HY000");

    private final int code;
    private final String sqlState;

    ErrorCode(int code, String sqlState) {
        this.code = code;
        this.sqlState = sqlState;
    }

    /** ClickHouse's numeric code, returned by {@link java.sql.SQLException#getErrorCode()}. */
    public int code() {
        return code;
    }

    /** The SQLState reported with this error. */
    public String sqlState() {
        return sqlState;
    }
}

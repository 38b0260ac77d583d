package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import java.util.List;

/** The data errors readers and the converter raise, worded in one place. Stateless. */
final class Errors {
    private static final int MAX_SHOWN_LENGTH = 50;

    private Errors() {}

    /** {@code Cannot parse 'abc' as INTEGER for column a at row 2: expected an integer}. */
    static DataParseException cannotParse(ErrorCode code, ColumnInfo column, int row, CharSequence text, int from, int to, String expected) {
        return new DataParseException(code, row, column.name(),
                "Cannot parse " + show(text, from, to) + " as " + column.type() + " for column " + column.name() + " at row " + row + ": " + expected);
    }

    /** {@code Value '300' is out of range for column a at row 2: expected an integer between 0 and 255}. */
    static DataParseException outOfRange(ColumnInfo column, int row, CharSequence text, int from, int to, String expected) {
        return new DataParseException(ErrorCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, row, column.name(),
                "Value " + show(text, from, to) + " is out of range for column " + column.name() + " at row " + row + ": " + expected);
    }

    static DataParseException tooLong(ColumnInfo column, int row, int length, String unit) {
        return new DataParseException(ErrorCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, row, column.name(),
                "Value of " + length + " " + unit + " is too long for column " + column.name() + " at row " + row
                        + ": expected at most " + column.maxLength() + " " + unit);
    }

    static DataParseException nullInNotNull(ColumnInfo column, int row) {
        return new DataParseException(ErrorCode.CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN, row, column.name(),
                "Cannot insert NULL into column " + column.name() + " at row " + row + ": the column is NOT NULL");
    }

    static DataParseException noDefault(ColumnInfo column, int row) {
        return new DataParseException(ErrorCode.CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN, row, column.name(),
                "Cannot insert a default into column " + column.name() + " at row " + row + ": the column is NOT NULL and has no default");
    }

    static DataParseException cannotConvert(ColumnInfo column, int row, Object value) {
        return new DataParseException(ErrorCode.CANNOT_CONVERT_TYPE, row, column.name(),
                "Cannot convert a value of " + value.getClass().getName() + " to " + column.type() + " for column " + column.name() + " at row " + row);
    }

    /** A structural error: {@code Cannot parse input at row 2: expected ',' or ')' after the value of column a, found 'x'}. */
    static DataParseException input(int row, ColumnInfo column, String problem) {
        return new DataParseException(ErrorCode.CANNOT_PARSE_INPUT_ASSERTION_FAILED, row, column == null ? null : column.name(),
                "Cannot parse input " + at(row) + ": " + problem);
    }

    static DataParseException unterminatedString(int row, ColumnInfo column) {
        return new DataParseException(ErrorCode.CANNOT_PARSE_QUOTED_STRING, row, column == null ? null : column.name(),
                "Cannot parse quoted string" + (column == null ? "" : " for column " + column.name()) + " " + at(row) + ": no closing quote");
    }

    /** Where in the data: {@code at row 2}, or {@code in the header} for row 0 of a WithNames format. */
    private static String at(int row) {
        return row == 0 ? "in the header" : "at row " + row;
    }

    static DataParseException expression(ColumnInfo column, int row, CharSequence text, int from, int to) {
        return new DataParseException(ErrorCode.SYNTAX_ERROR, row, column == null ? null : column.name(),
                "Cannot parse expression " + show(text, from, to) + (column == null ? "" : " for column " + column.name())
                        + " at row " + row + ": expressions are not supported, only literals");
    }

    /** {@code Cannot parse JSON at row 2: expected ':' after key 'a', found 'x'}. */
    static DataParseException json(int row, String column, String problem) {
        return new DataParseException(ErrorCode.INCORRECT_DATA, row, column, "Cannot parse JSON at row " + row + ": " + problem);
    }

    /** A name that is not among the insert columns; {@code row} 0 for a header. */
    static DataParseException unknownColumn(int row, String name, String where, List<ColumnInfo> columns) {
        return new DataParseException(ErrorCode.NO_SUCH_COLUMN_IN_TABLE, row, name,
                "Unknown column " + show(name, 0, name.length()) + " " + where + ": the insert columns are " + names(columns));
    }

    static DataParseException duplicateColumn(int row, String name, String where) {
        return new DataParseException(ErrorCode.DUPLICATE_COLUMN, row, name,
                "Column " + show(name, 0, name.length()) + " appears twice " + where);
    }

    /** What stands at {@code pos}, for "found …": a quoted character, "a line break" or "end of data". */
    static String found(CharSequence text, int pos, int end) {
        if (pos >= end) {
            return "end of data";
        }
        char c = text.charAt(pos);
        if (c == '\n' || c == '\r') {
            return "a line break";
        }
        return "'" + c + "'";
    }

    /** The text quoted, cut after {@value #MAX_SHOWN_LENGTH} characters. */
    static String show(CharSequence text, int from, int to) {
        if (to - from > MAX_SHOWN_LENGTH) {
            return "'" + text.subSequence(from, from + MAX_SHOWN_LENGTH) + "...'";
        }
        return "'" + text.subSequence(from, to) + "'";
    }

    private static String names(List<ColumnInfo> columns) {
        StringBuilder out = new StringBuilder();
        for (ColumnInfo column : columns) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(column.name());
        }
        return out.toString();
    }
}

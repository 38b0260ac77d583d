package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Converts values to the Java type of a column's {@link io.sluice.spi.ValueType}, refusing what does not
 * fit: no silent type affinity ({@code 'abc'} is not an INTEGER), NOT NULL enforced, integer ranges
 * checked. Stateless and thread-safe.
 *
 * <p>The rules, by column type: INTEGER takes an integer literal ({@code '123'} quoted too; not
 * {@code 1.5}, {@code abc} or empty) within the column's range, as {@link Long}; REAL a finite number as
 * {@link Double}; NUMERIC a number as {@link Long} when its value is integral and fits, else
 * {@link BigDecimal} (written in at most 1,000 characters, with at most 131,072 digits before the point and
 * 16,383 after it, PostgreSQL's limits); BOOLEAN {@code true}/{@code false}/{@code 1}/{@code 0} in any case, as {@link Long}
 * 1 or 0; TEXT any text as {@link String} (an unquoted
 * number keeps its literal text; a typed floating-point value stays a {@link Double}, for the target to render as
 * its own driver's bind would); BLOB the text's UTF-8 bytes; DATE a real {@code YYYY-MM-DD};
 * TIMESTAMP a real {@code YYYY-MM-DD HH:MM:SS[.fraction]} (or with {@code T}), canonically with a space; both also a
 * typed number (a driver's epoch milliseconds or Julian day, kept as {@link Long} or {@link Double}); UUID a UUID,
 * canonically lower-case; JSON valid JSON
 * text. A bound {@link OffsetDateTime} is a TIMESTAMP's (or TEXT's) text with its offset ({@code +05},
 * {@code -03:30}), for the target to read as its own driver's bind; ANY a quoted string as {@link String} and a number as {@link Long} when written as an integer,
 * else {@link Double}. Boolean literals ({@code true} in Values or JSON, not text) are also 1 or 0 for
 * INTEGER, NUMERIC and ANY columns. {@code maxLength} bounds TEXT (in characters) and BLOB (in bytes).
 * NULL needs a nullable column; {@link Part#DEFAULT} needs a nullable column or one with a default.
 */
public final class ValueConverter {
    private static final Long ONE = 1L;
    private static final Long ZERO = 0L;
    /** Digits a long can always hold, for the quick check before an exact conversion. */
    private static final int LONG_DIGITS = 19;
    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[LONG_DIGITS];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < LONG_DIGITS; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }
    /**
     * The most digits a NUMERIC value may have before and after its decimal point (PostgreSQL's limits), so
     * that its plain text stays bounded: {@code 1e999999999} would otherwise become a gigabyte of zeros.
     */
    private static final int MAX_INTEGER_DIGITS = 131_072;
    private static final int MAX_FRACTION_DIGITS = 16_383;

    private ValueConverter() {}

    /**
     * Converts a Java value bound to a prepared statement ({@link Long}, {@link Integer}, {@link String},
     * {@link java.math.BigDecimal}, {@link Double}, {@link Boolean}, {@code byte[]}, {@link java.sql.Date},
     * {@link java.sql.Timestamp}, {@link java.time.LocalDate}, {@link java.time.LocalDateTime},
     * {@link java.util.UUID}, {@code null}, {@link io.sluice.spi.Part#DEFAULT}…) for {@code column}.
     *
     * @param row the 1-based row, for the error message
     */
    public static Object convert(Object value, ColumnInfo column, int row) throws DataParseException {
        if (value == null) {
            return nullValue(column, row);
        }
        if (value == Part.DEFAULT) {
            return defaultValue(column, row);
        }
        if (value instanceof String text) {
            return fromText(text, 0, text.length(), TextKind.QUOTED, column, row);
        }
        if (value instanceof Long boxed && column.type() == ValueType.INTEGER && boxed >= column.minValue() && boxed <= column.maxValue()) {
            // The value as it is: boxing it again would only make an equal Long for each row of a flush.
            return boxed;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return fromLong(((Number) value).longValue(), column, row);
        }
        if (value instanceof Double boxed && column.type() == ValueType.REAL && !boxed.isNaN() && !boxed.isInfinite()) {
            return boxed;
        }
        if (value instanceof Double || value instanceof Float) {
            // Float.toString keeps 1.1f as 1.1, where widening to double would give 1.100000023841858.
            double number = value instanceof Float f ? Double.parseDouble(f.toString()) : (Double) value;
            return fromDouble(number, column, row);
        }
        if (value instanceof BigDecimal decimal) {
            return fromDecimal(decimal, column, row);
        }
        if (value instanceof BigInteger integer) {
            return fromDecimal(new BigDecimal(integer), column, row);
        }
        if (value instanceof Boolean bool) {
            String text = bool.toString();
            return fromText(text, 0, text.length(), TextKind.LITERAL, column, row);
        }
        if (value instanceof byte[] bytes) {
            return fromBytes(bytes, column, row);
        }
        if (value instanceof Character character) {
            String text = character.toString();
            return fromText(text, 0, text.length(), TextKind.QUOTED, column, row);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return fromOffsetDateTime(dateTime, column, row);
        }
        String text = temporalText(value);
        if (text != null) {
            return fromText(text, 0, text.length(), TextKind.QUOTED, column, row);
        }
        throw Errors.cannotConvert(column, row, value);
    }

    /**
     * Converts text read from inline data: {@code text[from, to)} with quotes removed and escapes resolved.
     * Hot path: numbers are parsed in place, only results are allocated.
     */
    static Object fromText(CharSequence text, int from, int to, TextKind kind, ColumnInfo column, int row) throws DataParseException {
        return switch (column.type()) {
            case INTEGER -> integer(text, from, to, kind, column, row);
            case REAL -> real(text, from, to, kind, column, row);
            case NUMERIC -> numeric(text, from, to, kind, column, row);
            case BOOLEAN -> bool(text, from, to, column, row);
            case TEXT -> checkedLength(string(text, from, to), column, row);
            case BLOB -> checkedLength(string(text, from, to).getBytes(StandardCharsets.UTF_8), column, row);
            case DATE -> date(text, from, to, column, row);
            case TIMESTAMP -> timestamp(text, from, to, column, row);
            case UUID -> uuid(text, from, to, column, row);
            case JSON -> json(text, from, to, column, row);
            case ANY -> any(text, from, to, kind);
        };
    }

    /** SQL NULL for {@code column}: {@code null}, or an error for a NOT NULL column. */
    static Object nullValue(ColumnInfo column, int row) throws DataParseException {
        if (!column.nullable()) {
            throw Errors.nullInNotNull(column, row);
        }
        return null;
    }

    /** The column's default ({@link Part#DEFAULT}), or an error when it is NOT NULL and has none. */
    static Object defaultValue(ColumnInfo column, int row) throws DataParseException {
        if (!column.nullable() && !column.hasDefault()) {
            throw Errors.noDefault(column, row);
        }
        return Part.DEFAULT;
    }

    private static Object integer(CharSequence text, int from, int to, TextKind kind, ColumnInfo column, int row) throws DataParseException {
        long value;
        if (kind == TextKind.LITERAL && isBooleanWord(text, from, to)) {
            value = isTrue(text, from, to) ? 1 : 0;
        } else if (!Numbers.isIntegerLiteral(text, from, to)) {
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, from, to, "expected an integer");
        } else {
            try {
                value = Numbers.parseLong(text, from, to);
            } catch (ArithmeticException overflow) {
                throw Errors.outOfRange(column, row, text, from, to, integerRange(column));
            }
        }
        if (value < column.minValue() || value > column.maxValue()) {
            throw Errors.outOfRange(column, row, text, from, to, integerRange(column));
        }
        return value;
    }

    private static Object real(CharSequence text, int from, int to, TextKind kind, ColumnInfo column, int row) throws DataParseException {
        if (!Numbers.isNumberLiteral(text, from, to)) {
            String expected = isNonFiniteWord(text, from, to) ? "expected a finite number" : "expected a number";
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, from, to, expected);
        }
        double value = Numbers.parseDouble(text, from, to);
        if (Double.isInfinite(value)) {
            throw Errors.outOfRange(column, row, text, from, to, "expected a finite number");
        }
        return value;
    }

    private static Object numeric(CharSequence text, int from, int to, TextKind kind, ColumnInfo column, int row) throws DataParseException {
        if (kind == TextKind.LITERAL && isBooleanWord(text, from, to)) {
            return withinPrecision(isTrue(text, from, to) ? ONE : ZERO, column, row);
        }
        boolean integer = Numbers.isIntegerLiteral(text, from, to);
        if (integer) {
            try {
                return withinPrecision(Numbers.parseLong(text, from, to), column, row);
            } catch (ArithmeticException tooBig) {
                // Parsed exactly below.
            }
        } else if (!Numbers.isNumberLiteral(text, from, to)) {
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, from, to, "expected a number");
        }
        if (to - from > Numbers.MAX_EXACT_LENGTH) {
            throw Errors.outOfRange(column, row, text, from, to, "expected a number written in at most " + Numbers.MAX_EXACT_LENGTH + " characters");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.subSequence(from, to).toString());
        } catch (NumberFormatException exponentTooLarge) {
            throw Errors.outOfRange(column, row, text, from, to, "expected a number with an exponent that fits");
        }
        if (!fitsNumeric(value)) {
            throw Errors.outOfRange(column, row, text, from, to, numericRange());
        }
        return withinPrecision(integer ? value : integralOrDecimal(value), column, row);
    }

    private static Object bool(CharSequence text, int from, int to, ColumnInfo column, int row) throws DataParseException {
        if (isTrue(text, from, to) || (to - from == 1 && text.charAt(from) == '1')) {
            return ONE;
        }
        if (isFalse(text, from, to) || (to - from == 1 && text.charAt(from) == '0')) {
            return ZERO;
        }
        throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, from, to, "expected true, false, 1 or 0");
    }

    private static Object date(CharSequence text, int from, int to, ColumnInfo column, int row) throws DataParseException {
        if (!Temporals.isDate(text, from, to)) {
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_DATE, column, row, text, from, to, "expected a valid date YYYY-MM-DD");
        }
        return string(text, from, to);
    }

    private static Object timestamp(CharSequence text, int from, int to, ColumnInfo column, int row) throws DataParseException {
        if (!Temporals.isTimestamp(text, from, to)) {
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_DATETIME, column, row, text, from, to,
                    "expected a valid timestamp YYYY-MM-DD HH:MM:SS[.fraction]");
        }
        String value = string(text, from, to);
        return value.charAt(10) == 'T' ? value.substring(0, 10) + ' ' + value.substring(11) : value;
    }

    private static Object uuid(CharSequence text, int from, int to, ColumnInfo column, int row) throws DataParseException {
        String canonical = Uuids.canonical(text, from, to);
        if (canonical == null) {
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, from, to,
                    "expected a UUID of 32 hexadecimal digits as 8-4-4-4-12");
        }
        return canonical;
    }

    private static Object json(CharSequence text, int from, int to, ColumnInfo column, int row) throws DataParseException {
        String problem = JsonScanner.problem(text, from, to);
        if (problem != null) {
            throw Errors.cannotParse(ErrorCode.INCORRECT_DATA, column, row, text, from, to, "expected valid JSON: " + problem);
        }
        return string(text, from, to);
    }

    private static Object any(CharSequence text, int from, int to, TextKind kind) {
        if (kind == TextKind.QUOTED) {
            return string(text, from, to);
        }
        if (kind == TextKind.LITERAL && isBooleanWord(text, from, to)) {
            return isTrue(text, from, to) ? ONE : ZERO;
        }
        if (Numbers.isIntegerLiteral(text, from, to)) {
            try {
                return Numbers.parseLong(text, from, to);
            } catch (ArithmeticException tooBig) {
                return Double.parseDouble(text.subSequence(from, to).toString());
            }
        }
        if (Numbers.isNumberLiteral(text, from, to)) {
            double value = Numbers.parseDouble(text, from, to);
            if (!Double.isInfinite(value)) {
                return value;
            }
        }
        return string(text, from, to);
    }

    private static Object fromLong(long value, ColumnInfo column, int row) throws DataParseException {
        switch (column.type()) {
            case INTEGER -> {
                if (value < column.minValue() || value > column.maxValue()) {
                    String text = Long.toString(value);
                    throw Errors.outOfRange(column, row, text, 0, text.length(), integerRange(column));
                }
                return value;
            }
            case REAL -> {
                return (double) value;
            }
            case NUMERIC -> {
                return withinPrecision(value, column, row);
            }
            case ANY -> {
                return value;
            }
            case DATE, TIMESTAMP -> {
                // A driver's date as a number (sqlite-jdbc's epoch milliseconds): the target decides.
                return value;
            }
            default -> {
                String text = Long.toString(value);
                return fromText(text, 0, text.length(), TextKind.LITERAL, column, row);
            }
        }
    }

    private static Object fromDouble(double value, ColumnInfo column, int row) throws DataParseException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            String text = Double.toString(value);
            throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, 0, text.length(),
                    column.type() == ValueType.REAL ? "expected a finite number" : "expected a number");
        }
        switch (column.type()) {
            case REAL, ANY, TEXT, DATE, TIMESTAMP -> {
                // TEXT: the target renders the number as its own driver's bind would (SQLite 0.33333333333333331,
                // MariaDB's driver 1.0E300); DATE and TIMESTAMP: a driver's date as a number (a Julian day).
                return value;
            }
            default -> {
                // The exact decimal value, so that 3.0 becomes 3 for INTEGER and NUMERIC keeps every digit.
                return fromDecimal(BigDecimal.valueOf(value), column, row);
            }
        }
    }

    private static Object fromDecimal(BigDecimal value, ColumnInfo column, int row) throws DataParseException {
        switch (column.type()) {
            case INTEGER -> {
                Object integral = integralOrDecimal(value);
                if (integral instanceof Long) {
                    return fromLong((Long) integral, column, row);
                }
                String text = decimalText(value);
                // Integral (too big for a long) or not; stripping zeros is safe once the digits fit a long.
                if ((long) value.precision() - value.scale() > LONG_DIGITS || value.stripTrailingZeros().scale() <= 0) {
                    throw Errors.outOfRange(column, row, text, 0, text.length(), integerRange(column));
                }
                throw Errors.cannotParse(ErrorCode.CANNOT_PARSE_TEXT, column, row, text, 0, text.length(), "expected an integer");
            }
            case REAL -> {
                double number = value.doubleValue();
                if (Double.isInfinite(number)) {
                    String text = value.toString();
                    throw Errors.outOfRange(column, row, text, 0, text.length(), "expected a finite number");
                }
                return number;
            }
            case NUMERIC -> {
                if (!fitsNumeric(value)) {
                    String text = value.toString();
                    throw Errors.outOfRange(column, row, text, 0, text.length(), numericRange());
                }
                return withinPrecision(integralOrDecimal(value), column, row);
            }
            case ANY -> {
                // As if written: 12 stays a Long, 1.50 is a Double.
                if (value.scale() <= 0 && (long) value.precision() - value.scale() <= LONG_DIGITS) {
                    try {
                        return value.longValueExact();
                    } catch (ArithmeticException tooBig) {
                        return value.doubleValue();
                    }
                }
                return value.doubleValue();
            }
            default -> {
                String text = decimalText(value);
                return fromText(text, 0, text.length(), TextKind.LITERAL, column, row);
            }
        }
    }

    /**
     * A NUMERIC value (a {@link Long} or a {@link BigDecimal}) as a column with a precision stores it: rounded to
     * the column's scale, half away from zero (PostgreSQL and MariaDB both round so), refused when it then has
     * more digits before the decimal point than precision minus scale allow (PostgreSQL's "numeric field
     * overflow", MariaDB's "Out of range value" in strict mode), and refused when negative for a column whose
     * {@link ColumnInfo#minValue()} is 0 (MariaDB's {@code DECIMAL UNSIGNED}, which refuses even {@code -0.001}).
     * Unchanged for a column without a precision.
     */
    private static Object withinPrecision(Object value, ColumnInfo column, int row) throws DataParseException {
        if (!column.hasPrecision()) {
            return value;
        }
        int scale = column.scale();
        long integerDigits = (long) column.precision() - scale;
        boolean negative = value instanceof Long number ? number < 0 : ((BigDecimal) value).signum() < 0;
        if (negative && column.minValue() >= 0) {
            String text = value instanceof Long ? value.toString() : decimalText((BigDecimal) value);
            throw Errors.outOfRange(column, row, text, 0, text.length(), "column type " + column.declaredType() + " takes no negative numbers");
        }
        if (value instanceof Long number && scale >= 0 && (integerDigits >= LONG_DIGITS || (integerDigits > 0
                && number > -POWERS_OF_TEN[(int) integerDigits] && number < POWERS_OF_TEN[(int) integerDigits]))) {
            // An integer with room to spare: nothing to round, nothing to refuse.
            return value;
        }
        BigDecimal decimal = value instanceof Long number ? BigDecimal.valueOf(number) : (BigDecimal) value;
        BigDecimal rounded = decimal.setScale(scale, RoundingMode.HALF_UP);
        if (rounded.signum() != 0 && (long) rounded.precision() - rounded.scale() > integerDigits) {
            String text = decimalText(decimal);
            throw Errors.outOfRange(column, row, text, 0, text.length(), "column type " + column.declaredType() + " (precision "
                    + column.precision() + ", scale " + scale + ") takes numbers that round to an absolute value below 10^" + integerDigits);
        }
        if (value instanceof Long && rounded.compareTo(decimal) == 0) {
            return value;
        }
        // Rounded to tens or more (a negative scale): an integer, kept as one.
        return rounded.scale() <= 0 ? integralOrDecimal(rounded) : rounded;
    }

    /** Whether a NUMERIC column takes the value: at most {@link #MAX_INTEGER_DIGITS} and {@link #MAX_FRACTION_DIGITS} digits. */
    private static boolean fitsNumeric(BigDecimal value) {
        return value.signum() == 0 || hasBoundedPlainText(value);
    }

    private static boolean hasBoundedPlainText(BigDecimal value) {
        return (long) value.precision() - value.scale() <= MAX_INTEGER_DIGITS && value.scale() <= MAX_FRACTION_DIGITS;
    }

    private static String numericRange() {
        return "expected a number with at most " + MAX_INTEGER_DIGITS + " digits before the decimal point and " + MAX_FRACTION_DIGITS + " after it";
    }

    /** The value's plain text ({@code 1200}, {@code 0.05}), or its scientific text when the plain one would be huge ({@code 1E+999999999}). */
    private static String decimalText(BigDecimal value) {
        return hasBoundedPlainText(value) ? value.toPlainString() : value.toString();
    }

    private static Object fromBytes(byte[] bytes, ColumnInfo column, int row) throws DataParseException {
        if (column.type() == ValueType.BLOB || column.type() == ValueType.ANY) {
            return checkedLength(bytes.clone(), column, row);
        }
        throw Errors.cannotConvert(column, row, bytes);
    }

    /**
     * A timestamp with its offset, as pgjdbc sends one ({@code 2024-01-05 10:00:00-05}, {@code …+05:30}): the
     * target keeps the instant in a column with a time zone and the wall-clock time in one without. Only a
     * TIMESTAMP or TEXT column takes it.
     */
    private static Object fromOffsetDateTime(OffsetDateTime value, ColumnInfo column, int row) throws DataParseException {
        if (column.type() != ValueType.TIMESTAMP && column.type() != ValueType.TEXT) {
            throw Errors.cannotConvert(column, row, value);
        }
        int seconds = value.getOffset().getTotalSeconds();
        int minutes = Math.abs(seconds) / 60;
        StringBuilder text = new StringBuilder(timestampText(value.toLocalDateTime())).append(seconds < 0 ? '-' : '+');
        appendTwoDigits(text, minutes / 60);
        if (minutes % 60 != 0) {
            appendTwoDigits(text.append(':'), minutes % 60);
        }
        return column.type() == ValueType.TEXT ? checkedLength(text.toString(), column, row) : text.toString();
    }

    /** The canonical text of a date or time value, or {@code null} for another kind of value. */
    private static String temporalText(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestampText(timestamp.toLocalDateTime());
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time time) {
            // Time.toString drops the milliseconds the drivers send (00:00:00.25).
            long millis = Math.floorMod(time.getTime(), 1000L);
            return millis == 0 ? time.toString() : time + "." + trimmedFraction((int) millis * 1_000_000);
        }
        if (value instanceof LocalDateTime dateTime) {
            return timestampText(dateTime);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        return null;
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.fraction]}: unlike LocalDateTime.toString, seconds always present, fraction trimmed. */
    private static String timestampText(LocalDateTime value) {
        StringBuilder out = new StringBuilder(29).append(value.toLocalDate()).append(' ');
        appendTwoDigits(out, value.getHour()).append(':');
        appendTwoDigits(out, value.getMinute()).append(':');
        appendTwoDigits(out, value.getSecond());
        int nanos = value.getNano();
        if (nanos != 0) {
            out.append('.').append(trimmedFraction(nanos));
        }
        return out.toString();
    }

    /** The digits of a nonzero fraction of a second, without trailing zeros. */
    private static String trimmedFraction(int nanos) {
        String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
        int length = fraction.length();
        while (fraction.charAt(length - 1) == '0') {
            length--;
        }
        return fraction.substring(0, length);
    }

    private static StringBuilder appendTwoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** A Long when the value is integral and fits, else the decimal itself. */
    private static Object integralOrDecimal(BigDecimal value) {
        if (value.signum() == 0) {
            return ZERO;
        }
        if ((long) value.precision() - value.scale() > LONG_DIGITS) {
            return value;
        }
        BigDecimal stripped = value.scale() <= 0 ? value : value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return value;
        }
        try {
            return stripped.longValueExact();
        } catch (ArithmeticException tooBig) {
            return value;
        }
    }

    private static Object checkedLength(String value, ColumnInfo column, int row) throws DataParseException {
        int max = column.maxLength();
        // length() bounds the code point count from above, so most values skip the exact count.
        if (max >= 0 && value.length() > max) {
            int characters = value.codePointCount(0, value.length());
            if (characters > max) {
                throw Errors.tooLong(column, row, characters, "characters");
            }
        }
        return value;
    }

    private static Object checkedLength(byte[] value, ColumnInfo column, int row) throws DataParseException {
        if (column.maxLength() >= 0 && value.length > column.maxLength()) {
            throw Errors.tooLong(column, row, value.length, "bytes");
        }
        return value;
    }

    private static String integerRange(ColumnInfo column) {
        return "expected an integer between " + column.minValue() + " and " + column.maxValue();
    }

    private static String string(CharSequence text, int from, int to) {
        if (text instanceof String string) {
            return string.substring(from, to);
        }
        return text.subSequence(from, to).toString();
    }

    private static boolean isBooleanWord(CharSequence text, int from, int to) {
        return isTrue(text, from, to) || isFalse(text, from, to);
    }

    private static boolean isTrue(CharSequence text, int from, int to) {
        return equalsIgnoreCase(text, from, to, "true");
    }

    private static boolean isFalse(CharSequence text, int from, int to) {
        return equalsIgnoreCase(text, from, to, "false");
    }

    private static boolean isNonFiniteWord(CharSequence text, int from, int to) {
        int start = from < to && (text.charAt(from) == '-' || text.charAt(from) == '+') ? from + 1 : from;
        return equalsIgnoreCase(text, start, to, "inf") || equalsIgnoreCase(text, start, to, "infinity")
                || equalsIgnoreCase(text, start, to, "nan");
    }

    /** Whether {@code text[from, to)} is {@code lowerCaseWord}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(CharSequence text, int from, int to, String lowerCaseWord) {
        if (to - from != lowerCaseWord.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseWord.length(); i++) {
            char c = text.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

package io.sluice.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.UUID;

/**
 * Turns what an application passes to a {@code PreparedStatement} setter into one of the values
 * {@link ParameterValues} holds. Stateless.
 */
final class ParameterConversions {
    private ParameterConversions() {}

    /** The value {@code setObject(index, x)} stores; other types are refused, naming the type. */
    static Object plain(Object x) throws SQLException {
        if (x == null || x instanceof String || x instanceof Boolean || x instanceof Byte || x instanceof Short
                || x instanceof Integer || x instanceof Long || x instanceof Float || x instanceof Double
                || x instanceof BigDecimal || x instanceof BigInteger || x instanceof Date || x instanceof Time
                || x instanceof Timestamp || x instanceof LocalDate || x instanceof LocalTime
                || x instanceof LocalDateTime || x instanceof OffsetDateTime || x instanceof Instant) {
            return x;
        }
        if (x instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (x instanceof Character || x instanceof UUID || x instanceof URL || x instanceof OffsetTime) {
            return x.toString();
        }
        if (x instanceof ZonedDateTime zoned) {
            return zoned.toOffsetDateTime();
        }
        if (x instanceof java.util.Date date) {
            return new Timestamp(date.getTime());
        }
        throw Errors.notSupported("SluicePreparedStatement.setObject with a value of type " + x.getClass().getName());
    }

    /** The JDBC type number of a {@link SQLType}; only {@link JDBCType} is known. */
    static int typeNumber(SQLType type) throws SQLException {
        if (type instanceof JDBCType jdbcType) {
            return jdbcType.getVendorTypeNumber();
        }
        throw Errors.notSupported("SluicePreparedStatement.setObject with the vendor type " + type);
    }

    /**
     * The value {@code setObject(index, x, targetSqlType, scale)} stores: {@code x} converted to the Java
     * type of {@code targetSqlType} ({@code Types.INTEGER} → {@link Integer} …).
     *
     * @param scale digits after the point for {@code DECIMAL}/{@code NUMERIC}, or -1 to keep {@code x}'s
     */
    static Object toSqlType(int parameterIndex, Object x, int targetSqlType, int scale) throws SQLException {
        if (x == null || targetSqlType == Types.NULL) {
            return null;
        }
        try {
            switch (targetSqlType) {
                case Types.BIT, Types.BOOLEAN:
                    return toBoolean(parameterIndex, x, targetSqlType);
                case Types.TINYINT:
                    return exact(parameterIndex, x, targetSqlType).byteValueExact();
                case Types.SMALLINT:
                    return exact(parameterIndex, x, targetSqlType).shortValueExact();
                case Types.INTEGER:
                    return exact(parameterIndex, x, targetSqlType).intValueExact();
                case Types.BIGINT:
                    return exact(parameterIndex, x, targetSqlType).longValueExact();
                case Types.REAL:
                    return decimal(parameterIndex, x, targetSqlType).floatValue();
                case Types.FLOAT, Types.DOUBLE:
                    return x instanceof Number number && !(x instanceof BigDecimal) && !(x instanceof BigInteger)
                            ? number.doubleValue()
                            : decimal(parameterIndex, x, targetSqlType).doubleValue();
                case Types.NUMERIC, Types.DECIMAL: {
                    BigDecimal value = decimal(parameterIndex, x, targetSqlType);
                    return scale >= 0 ? value.setScale(scale, RoundingMode.HALF_UP) : value;
                }
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                        Types.CLOB, Types.NCLOB:
                    if (x instanceof byte[]) {
                        throw cannotConvert(parameterIndex, x, targetSqlType);
                    }
                    return x instanceof Clob clob ? read(parameterIndex, clob) : x.toString();
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                    if (x instanceof byte[] bytes) {
                        return bytes.clone();
                    }
                    if (x instanceof Blob blob) {
                        return read(parameterIndex, blob);
                    }
                    throw cannotConvert(parameterIndex, x, targetSqlType);
                case Types.DATE:
                    return toDate(parameterIndex, x);
                case Types.TIME:
                    return toTime(parameterIndex, x);
                case Types.TIMESTAMP:
                    return toTimestamp(parameterIndex, x);
                case Types.TIMESTAMP_WITH_TIMEZONE:
                    return toOffsetDateTime(parameterIndex, x);
                case Types.TIME_WITH_TIMEZONE:
                    // ISO text (13:14:15+02:00), which the targets' time-with-zone columns read
                    if (x instanceof OffsetTime || x instanceof String) {
                        return x.toString();
                    }
                    throw cannotConvert(parameterIndex, x, targetSqlType);
                case Types.DATALINK:
                    return x.toString();
                case Types.JAVA_OBJECT, Types.OTHER:
                    return plain(x);
                default:
                    throw Errors.notSupported("SluicePreparedStatement.setObject with the target type "
                            + typeName(targetSqlType));
            }
        } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
            throw cannotConvert(parameterIndex, x, targetSqlType);
        }
    }

    private static Boolean toBoolean(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        if (x instanceof Boolean bool) {
            return bool;
        }
        if (x instanceof Number) {
            return decimal(parameterIndex, x, targetSqlType).signum() != 0;
        }
        if (x instanceof String text) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1":
                    return true;
                case "false", "0":
                    return false;
                default:
                    break;
            }
        }
        throw cannotConvert(parameterIndex, x, targetSqlType);
    }

    /** {@code x} as an integral number, refusing a fraction; the caller narrows it exactly. */
    private static BigInteger exact(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        return decimal(parameterIndex, x, targetSqlType).toBigIntegerExact();
    }

    private static BigDecimal decimal(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        if (x instanceof BigDecimal value) {
            return value;
        }
        if (x instanceof BigInteger value) {
            return new BigDecimal(value);
        }
        if (x instanceof Float || x instanceof Double) {
            double value = ((Number) x).doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw cannotConvert(parameterIndex, x, targetSqlType);
            }
            return BigDecimal.valueOf(value);
        }
        if (x instanceof Number number) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (x instanceof Boolean bool) {
            return bool ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (x instanceof String text) {
            return new BigDecimal(text.trim());
        }
        throw cannotConvert(parameterIndex, x, targetSqlType);
    }

    private static Date toDate(int parameterIndex, Object x) throws SQLException {
        if (x instanceof Date date) {
            return date;
        }
        if (x instanceof LocalDate date) {
            return Date.valueOf(date);
        }
        if (x instanceof Timestamp timestamp) {
            return Date.valueOf(timestamp.toLocalDateTime().toLocalDate());
        }
        if (x instanceof LocalDateTime dateTime) {
            return Date.valueOf(dateTime.toLocalDate());
        }
        if (x instanceof String text) {
            return Date.valueOf(text.trim());
        }
        throw cannotConvert(parameterIndex, x, Types.DATE);
    }

    private static Time toTime(int parameterIndex, Object x) throws SQLException {
        if (x instanceof Time time) {
            return time;
        }
        if (x instanceof LocalTime time) {
            return timeOf(time);
        }
        if (x instanceof Timestamp timestamp) {
            return timeOf(timestamp.toLocalDateTime().toLocalTime());
        }
        if (x instanceof LocalDateTime dateTime) {
            return timeOf(dateTime.toLocalTime());
        }
        if (x instanceof String text) {
            return Time.valueOf(text.trim());
        }
        throw cannotConvert(parameterIndex, x, Types.TIME);
    }

    private static Timestamp toTimestamp(int parameterIndex, Object x) throws SQLException {
        if (x instanceof Timestamp timestamp) {
            return timestamp;
        }
        if (x instanceof LocalDateTime dateTime) {
            return Timestamp.valueOf(dateTime);
        }
        if (x instanceof LocalDate date) {
            return Timestamp.valueOf(date.atStartOfDay());
        }
        if (x instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (x instanceof OffsetDateTime dateTime) {
            return Timestamp.from(dateTime.toInstant());
        }
        if (x instanceof java.util.Date date) {
            return new Timestamp(date.getTime());
        }
        if (x instanceof String text) {
            return Timestamp.valueOf(text.trim());
        }
        throw cannotConvert(parameterIndex, x, Types.TIMESTAMP);
    }

    private static OffsetDateTime toOffsetDateTime(int parameterIndex, Object x) throws SQLException {
        if (x instanceof OffsetDateTime dateTime) {
            return dateTime;
        }
        if (x instanceof ZonedDateTime dateTime) {
            return dateTime.toOffsetDateTime();
        }
        if (x instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (x instanceof String text) {
            return OffsetDateTime.parse(text.trim());
        }
        throw cannotConvert(parameterIndex, x, Types.TIMESTAMP_WITH_TIMEZONE);
    }

    // ---- calendars: the value's wall-clock reading in the calendar's zone

    static Date dateIn(Date date, Calendar calendar) {
        if (date == null || calendar == null) {
            return date;
        }
        return Date.valueOf(Instant.ofEpochMilli(date.getTime()).atZone(calendar.getTimeZone().toZoneId())
                .toLocalDate());
    }

    static Time timeIn(Time time, Calendar calendar) {
        if (time == null || calendar == null) {
            return time;
        }
        return timeOf(Instant.ofEpochMilli(time.getTime()).atZone(calendar.getTimeZone().toZoneId()).toLocalTime());
    }

    static Timestamp timestampIn(Timestamp timestamp, Calendar calendar) {
        if (timestamp == null || calendar == null) {
            return timestamp;
        }
        return Timestamp.valueOf(timestamp.toInstant().atZone(calendar.getTimeZone().toZoneId()).toLocalDateTime());
    }

    /** {@link Time#valueOf(LocalTime)} drops the fraction of a second; this keeps the milliseconds. */
    private static Time timeOf(LocalTime time) {
        Time result = Time.valueOf(time);
        result.setTime(result.getTime() + time.getNano() / 1_000_000);
        return result;
    }

    // ---- streams and large objects, read whole

    static byte[] read(int parameterIndex, InputStream in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            return length < 0 ? in.readAllBytes() : in.readNBytes(checkedLength(length));
        } catch (IOException e) {
            throw cannotRead(parameterIndex, e);
        }
    }

    static String read(int parameterIndex, Reader reader, long length) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            StringBuilder text = new StringBuilder();
            char[] chunk = new char[8192];
            long remaining = length < 0 ? Long.MAX_VALUE : length;
            while (remaining > 0) {
                int n = reader.read(chunk, 0, (int) Math.min(chunk.length, remaining));
                if (n < 0) {
                    break;
                }
                text.append(chunk, 0, n);
                remaining -= n;
            }
            return text.toString();
        } catch (IOException e) {
            throw cannotRead(parameterIndex, e);
        }
    }

    static String readAscii(int parameterIndex, InputStream in, long length) throws SQLException {
        byte[] bytes = read(parameterIndex, in, length);
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    static byte[] read(int parameterIndex, Blob blob) throws SQLException {
        if (blob == null) {
            return null;
        }
        return blob.getBytes(1, checkedLength(blob.length()));
    }

    static String read(int parameterIndex, Clob clob) throws SQLException {
        if (clob == null) {
            return null;
        }
        return clob.getSubString(1, checkedLength(clob.length()));
    }

    private static int checkedLength(long length) throws SQLException {
        if (length > Integer.MAX_VALUE - 8) {
            throw Errors.badArgument("A parameter value of " + length + " bytes is larger than Sluice can buffer");
        }
        return (int) length;
    }

    // ---- errors

    private static SQLException cannotConvert(int parameterIndex, Object x, int targetSqlType) {
        String shown = x instanceof byte[] bytes ? "byte[" + bytes.length + "]" : "'" + x + "'";
        return Errors.badArgument("Cannot convert the " + x.getClass().getSimpleName() + " value " + shown
                + " of parameter " + parameterIndex + " to " + typeName(targetSqlType));
    }

    private static SQLException cannotRead(int parameterIndex, IOException e) {
        return Errors.badArgument("Cannot read the value of parameter " + parameterIndex + ": " + e.getMessage(), e);
    }

    static String typeName(int sqlType) {
        try {
            return JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
            return "type " + sqlType;
        }
    }
}

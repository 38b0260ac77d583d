package io.sluice.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Properties;
import java.util.TimeZone;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnectionConfig;
import org.sqlite.date.FastDateFormat;

/**
 * The values sqlite-jdbc binds for each setter, for a {@code jdbc:sluice:sqlite:} connection: a boolean as
 * 1 or 0, a float widened to a double, a decimal as its {@link BigDecimal#toString()} text, a date, time or
 * timestamp (and any {@link java.util.Date} given to {@code setObject}) as its connection's
 * {@code date_class} says: epoch milliseconds divided by the {@code date_precision} (INTEGER, the default),
 * a Julian day number (REAL) or text in {@code date_string_format} in the calendar's zone (TEXT); any other
 * object (a {@link Byte} or a {@code java.time} value too) as its {@code toString()} text, whatever target type {@code setObject} names. The date settings
 * are read once, from the URL's parameters and the connection's properties, as sqlite-jdbc reads them.
 */
final class SqliteParameterStyle extends ParameterStyle {
    private final SQLiteConfig.DateClass dateClass;
    private final long dateMultiplier;
    private final String dateStringFormat;

    private SqliteParameterStyle(SQLiteConnectionConfig config) {
        this.dateClass = config.getDateClass();
        this.dateMultiplier = config.getDateMultiplier();
        this.dateStringFormat = config.getDateStringFormat();
    }

    /** The style for a {@code jdbc:sluice:sqlite:…} URL and its connection properties. */
    static ParameterStyle forUrl(String url, Properties info) throws SQLException {
        Properties properties = new Properties();
        if (info != null) {
            properties.putAll(info);
        }
        int query = url.indexOf('?');
        if (query >= 0) {
            // sqlite-jdbc takes the URL's parameters over the properties given with it.
            for (String parameter : url.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0) {
                    properties.setProperty(parameter.substring(0, equals), parameter.substring(equals + 1));
                }
            }
        }
        return forProperties(properties);
    }

    /** The style for sqlite-jdbc connection properties ({@code date_class}, …); a bad value is refused, naming it. */
    static ParameterStyle forProperties(Properties properties) throws SQLException {
        try {
            return new SqliteParameterStyle(SQLiteConnectionConfig.fromPragmaTable(properties));
        } catch (IllegalArgumentException e) {
            throw Errors.badArgument("Bad sqlite-jdbc date setting (date_class, date_precision or date_string_format): "
                    + e.getMessage(), e);
        }
    }

    @Override
    Object ofBoolean(boolean x) {
        return x ? 1 : 0;
    }

    @Override
    Object ofFloat(float x) {
        return (double) x;
    }

    @Override
    Object ofBigDecimal(BigDecimal x) {
        return x == null ? null : x.toString();
    }

    @Override
    Object ofDate(Date x, Calendar calendar) {
        return x == null ? null : date(x.getTime(), calendar);
    }

    @Override
    Object ofTime(Time x, Calendar calendar) {
        return x == null ? null : date(x.getTime(), calendar);
    }

    @Override
    Object ofTimestamp(Timestamp x, Calendar calendar) {
        return x == null ? null : date(x.getTime(), calendar);
    }

    @Override
    Object ofObject(Object x) throws SQLException {
        if (x == null || x instanceof Long || x instanceof Integer || x instanceof Double || x instanceof String) {
            return x;
        }
        if (x instanceof java.util.Date date) {
            return date(date.getTime(), null);
        }
        if (x instanceof Short s) {
            return s.intValue();
        }
        if (x instanceof Float f) {
            return ofFloat(f);
        }
        if (x instanceof Boolean b) {
            return ofBoolean(b);
        }
        if (x instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (x instanceof BigDecimal decimal) {
            return ofBigDecimal(decimal);
        }
        return x.toString();
    }

    /** sqlite-jdbc's {@code setObject} with a target type ignores the type. */
    @Override
    Object ofObject(int parameterIndex, Object x, int targetSqlType, int scale) throws SQLException {
        return ofObject(x);
    }

    @Override
    void checkSqlTypeObjects() throws SQLException {
        throw Errors.notSupported("SluicePreparedStatement.setObject with an SQLType on SQLite (sqlite-jdbc has no such setObject)");
    }

    @Override
    void checkNationalCharacters(String method) throws SQLException {
        throw Errors.notSupported("SluicePreparedStatement." + method + " on SQLite (sqlite-jdbc has no " + method + ")");
    }

    /** What sqlite-jdbc's {@code setDateByMilliseconds} binds; a {@code null} calendar is the default zone's. */
    private Object date(long epochMillis, Calendar calendar) {
        switch (dateClass) {
            case TEXT:
                TimeZone zone = calendar == null ? TimeZone.getDefault() : calendar.getTimeZone();
                return FastDateFormat.getInstance(dateStringFormat, zone).format(epochMillis);
            case REAL:
                return epochMillis / 86_400_000.0 + 2_440_587.5;
            default:
                return epochMillis / dateMultiplier;
        }
    }
}

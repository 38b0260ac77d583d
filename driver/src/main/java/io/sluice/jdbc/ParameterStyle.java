package io.sluice.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Properties;

/**
 * How the target database's own driver turns a setter's argument into the value it binds, so that a
 * buffered INSERT stores what the same call stores through the target's URL. One style per connection,
 * chosen when it opens; each method decides by the argument's type only, without reflection. The
 * standard style keeps the Java value (the engine converts it to the column's type, and the target's driver
 * binds it); {@link SqliteParameterStyle} binds as sqlite-jdbc does, {@link MariaDbParameterStyle} and
 * {@link PostgresParameterStyle} as Connector/J and pgjdbc do where they differ. Stateless, thread-safe.
 */
class ParameterStyle {
    /** The style for targets whose values the engine converts to the column's type. */
    static final ParameterStyle STANDARD = new ParameterStyle();

    /** The style of a Sluice URL's target: by its sub-protocol, decided once per connection. */
    static ParameterStyle forUrl(String url, Properties info) throws SQLException {
        if (startsWith(url, "jdbc:sluice:sqlite:")) {
            return SqliteParameterStyle.forUrl(url, info);
        }
        if (startsWith(url, "jdbc:sluice:mariadb:")) {
            return MariaDbParameterStyle.INSTANCE;
        }
        if (startsWith(url, "jdbc:sluice:postgresql:")) {
            return PostgresParameterStyle.INSTANCE;
        }
        return STANDARD;
    }

    /** The style of a wrapped {@link javax.sql.DataSource}'s target: sqlite-jdbc's, Connector/J's or pgjdbc's by its class. */
    static ParameterStyle forDataSource(javax.sql.DataSource dataSource) throws SQLException {
        String type = dataSource.getClass().getName();
        if (type.equals("org.sqlite.SQLiteDataSource") || type.equals("org.sqlite.javax.SQLiteConnectionPoolDataSource")) {
            return SqliteParameterStyle.forProperties(((org.sqlite.SQLiteDataSource) dataSource).getConfig().toProperties());
        }
        if (type.startsWith("org.mariadb.jdbc.")) {
            return MariaDbParameterStyle.INSTANCE;
        }
        if (type.startsWith("org.postgresql.")) {
            return PostgresParameterStyle.INSTANCE;
        }
        return STANDARD;
    }

    private static boolean startsWith(String url, String prefix) {
        return url != null && url.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    Object ofBoolean(boolean x) {
        return x;
    }

    Object ofFloat(float x) {
        return x;
    }

    Object ofBigDecimal(BigDecimal x) {
        return x;
    }

    /** {@code setDate}; {@code calendar} is {@code null} for the two-argument form. */
    Object ofDate(Date x, Calendar calendar) throws SQLException {
        return ParameterConversions.dateIn(x, calendar);
    }

    Object ofTime(Time x, Calendar calendar) throws SQLException {
        return ParameterConversions.timeIn(x, calendar);
    }

    Object ofTimestamp(Timestamp x, Calendar calendar) throws SQLException {
        return ParameterConversions.timestampIn(x, calendar);
    }

    /** {@code setObject(index, x)}. */
    Object ofObject(Object x) throws SQLException {
        return ParameterConversions.plain(x);
    }

    /** {@code setObject(index, x, targetSqlType[, scale])}; {@code scale} is -1 when not given. */
    Object ofObject(int parameterIndex, Object x, int targetSqlType, int scale) throws SQLException {
        return ParameterConversions.toSqlType(parameterIndex, x, targetSqlType, scale);
    }

    /** {@code setObject} with a {@link java.sql.SQLType}: whether the target's driver has it. */
    void checkSqlTypeObjects() throws SQLException {}

    /** {@code setNString}, {@code setNCharacterStream} and {@code setNClob}: whether the target's driver has them. */
    void checkNationalCharacters(String method) throws SQLException {}
}

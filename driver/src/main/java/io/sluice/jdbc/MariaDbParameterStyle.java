package io.sluice.jdbc;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The values MariaDB Connector/J binds where they differ from the Java value, for a
 * {@code jdbc:sluice:mariadb:} connection: a boolean as 1 or 0 (a TEXT column stores {@code 1}, not
 * {@code true}), and a {@link java.util.Date} given to {@code setObject} as the date alone, in the default
 * time zone, as the connector's codec for it writes (so a DATETIME column refuses it, where the connector
 * stores midnight); an {@link OffsetDateTime} as the default zone's wall-clock time. Stateless, thread-safe.
 */
final class MariaDbParameterStyle extends ParameterStyle {
    static final MariaDbParameterStyle INSTANCE = new MariaDbParameterStyle();

    private MariaDbParameterStyle() {}

    @Override
    Object ofBoolean(boolean x) {
        return x ? 1 : 0;
    }

    @Override
    Object ofObject(Object x) throws SQLException {
        if (x instanceof Boolean b) {
            return ofBoolean(b);
        }
        if (x instanceof java.util.Date date && !(x instanceof Date) && !(x instanceof Time) && !(x instanceof Timestamp)) {
            return new Date(date.getTime());
        }
        return inDefaultZone(super.ofObject(x));
    }

    @Override
    Object ofObject(int parameterIndex, Object x, int targetSqlType, int scale) throws SQLException {
        return inDefaultZone(super.ofObject(parameterIndex, x, targetSqlType, scale));
    }

    /** An {@link OffsetDateTime} as the default zone's wall-clock time, as the connector writes it. */
    private static Object inDefaultZone(Object value) {
        return value instanceof OffsetDateTime dateTime
                ? dateTime.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime()
                : value;
    }
}

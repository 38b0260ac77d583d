package io.sluice.jdbc;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;

/**
 * The values pgjdbc binds where they differ from the standard style, for a {@code jdbc:sluice:postgresql:}
 * connection: a timestamp given with a Calendar is the wall-clock time in the calendar's zone <em>with
 * that zone's offset</em>, so that a {@code timestamptz} column stores the instant and a {@code timestamp}
 * column the wall-clock time, as with pgjdbc; an {@link OffsetDateTime} given to {@code setObject} is sent
 * at offset UTC, as pgjdbc sends it. The engine writes such a value as timestamp text with its offset.
 * Stateless, thread-safe.
 */
final class PostgresParameterStyle extends ParameterStyle {
    static final PostgresParameterStyle INSTANCE = new PostgresParameterStyle();

    private PostgresParameterStyle() {}

    @Override
    Object ofTimestamp(Timestamp x, Calendar calendar) throws SQLException {
        if (x == null || calendar == null) {
            return x;
        }
        return OffsetDateTime.ofInstant(x.toInstant(), calendar.getTimeZone().toZoneId());
    }

    @Override
    Object ofObject(Object x) throws SQLException {
        return inUtc(super.ofObject(x));
    }

    @Override
    Object ofObject(int parameterIndex, Object x, int targetSqlType, int scale) throws SQLException {
        return inUtc(super.ofObject(parameterIndex, x, targetSqlType, scale));
    }

    private static Object inUtc(Object value) {
        return value instanceof OffsetDateTime dateTime ? dateTime.withOffsetSameInstant(ZoneOffset.UTC) : value;
    }
}

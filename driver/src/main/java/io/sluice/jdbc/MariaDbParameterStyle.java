package io.sluice.jdbc;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * The values MariaDB Connector/J binds where they differ from the Java value, for a
 * {@code jdbc:sluice:mariadb:} connection: a boolean as 1 or 0 (a TEXT column stores {@code 1}, not
 * {@code true}), and a {@link java.util.Date} given to {@code setObject} as the date alone, in the default
 * time zone, as the connector's codec for it writes (so a DATETIME column refuses it, where the connector
 * stores midnight). Stateless, thread-safe.
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
        return super.ofObject(x);
    }
}

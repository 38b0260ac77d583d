package io.sluice.it.values;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One setter call on an INSERT's value parameter, into a column of one declared type.
 *
 * @param name what the case sets, unique within its list
 * @param column the column's declared type
 * @param setter the call on the statement
 */
record ValueCase(String name, String column, Setter setter) {
    /** A setter call on parameter {@code index}. */
    @FunctionalInterface
    interface Setter {
        void set(PreparedStatement statement, int index) throws SQLException;
    }

    @Override
    public String toString() {
        return name + " into " + column;
    }
}

package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameter values of a buffered prepared INSERT, one slot per {@code ?}, numbered from 1 as JDBC
 * numbers them. Values are the Java objects the engine binds: {@code null}, {@link String},
 * {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long}, {@link Float},
 * {@link Double}, {@link java.math.BigDecimal}, {@link java.math.BigInteger}, {@code byte[]},
 * {@link java.sql.Date}, {@link java.sql.Time}, {@link java.sql.Timestamp}, and the {@code java.time}
 * types {@link java.time.LocalDate}, {@link java.time.LocalTime}, {@link java.time.LocalDateTime},
 * {@link java.time.OffsetDateTime} and {@link java.time.Instant}. Not thread-safe.
 */
final class ParameterValues {
    /** Marks a slot no setter has filled since creation or {@link #clear()}. */
    private static final Object UNSET = new Object();

    private final Object[] values;

    ParameterValues(int count) {
        values = new Object[count];
        Arrays.fill(values, UNSET);
    }

    int count() {
        return values.length;
    }

    void set(int parameterIndex, Object value) throws SQLException {
        checkIndex(parameterIndex);
        values[parameterIndex - 1] = value;
    }

    /** The value of a slot, for tests; {@code null} also when unset. */
    Object get(int parameterIndex) throws SQLException {
        checkIndex(parameterIndex);
        Object value = values[parameterIndex - 1];
        return value == UNSET ? null : value;
    }

    void checkIndex(int parameterIndex) throws SQLException {
        if (parameterIndex < 1 || parameterIndex > values.length) {
            throw outOfRange(parameterIndex, values.length);
        }
    }

    /** A parameter index outside {@code 1..count}, wherever the count comes from. */
    static SQLException outOfRange(int parameterIndex, int count) {
        return outOfRange(parameterIndex, count, null);
    }

    /** The same, when the target driver noticed first: its exception is the cause. */
    static SQLException outOfRange(int parameterIndex, int count, Throwable cause) {
        return Errors.badArgument("Parameter index " + parameterIndex + " is out of range: the statement has "
                + count + (count == 1 ? " parameter" : " parameters"), cause);
    }

    /**
     * A copy of the values for one execution: the statement may be given new values at once while the
     * engine still holds this copy.
     *
     * @throws SQLException when a parameter has no value, naming the first such index
     */
    Object[] snapshot() throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == UNSET) {
                throw Errors.badArgument("No value specified for parameter " + (i + 1));
            }
        }
        return values.clone();
    }

    void clear() {
        Arrays.fill(values, UNSET);
    }
}

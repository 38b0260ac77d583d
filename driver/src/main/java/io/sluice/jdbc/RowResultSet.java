package io.sluice.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * Rows held in memory: the result of a query on the system tables, copied out of the system database so
 * that the system lock is not held while the application reads. Forward-only or scroll-insensitive, as
 * the statement asked; values are those the source's {@code getObject} returned, converted on read the way
 * sqlite-jdbc converts (numbers from text, timestamps from text or epoch milliseconds).
 */
final class RowResultSet extends SluiceResultSet {
    private final RowColumns columns;
    private final List<Object[]> rows;
    private final int type;
    /** 0 before the first row, {@code rows.size() + 1} after the last. */
    private int position;
    private boolean lastWasNull;
    private int fetchSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;

    private RowResultSet(SluiceStatement statement, RowColumns columns, List<Object[]> rows, int type) {
        super(statement);
        this.columns = columns;
        this.rows = rows;
        this.type = type;
    }

    /** No columns and no rows: the generated keys of a statement that has none. */
    static RowResultSet empty(SluiceStatement statement) {
        return new RowResultSet(statement, RowColumns.none(), List.of(), ResultSet.TYPE_FORWARD_ONLY);
    }

    /** Copies every row of {@code source} (which stays open: its owner closes it). */
    static RowResultSet copyOf(SluiceStatement statement, ResultSet source, int type) throws SQLException {
        RowColumns columns = RowColumns.copyOf(source.getMetaData());
        List<Object[]> rows = new ArrayList<>();
        int count = columns.getColumnCount();
        while (source.next()) {
            Object[] row = new Object[count];
            for (int i = 0; i < count; i++) {
                row[i] = source.getObject(i + 1);
            }
            rows.add(row);
        }
        return new RowResultSet(statement, columns, rows, type);
    }

    @Override
    void release() {
        // memory only: nothing to give back
    }

    @Override
    ResultSet wrapped() {
        return null;
    }

    // ---- position

    private void checkScrollable(String method) throws SQLException {
        if (type == ResultSet.TYPE_FORWARD_ONLY) {
            throw Errors.notSupported("SluiceResultSet." + method + " on a TYPE_FORWARD_ONLY result set");
        }
    }

    private boolean moveTo(int target) {
        position = Math.max(0, Math.min(rows.size() + 1, target));
        return position >= 1 && position <= rows.size();
    }

    @Override
    public boolean next() throws SQLException {
        checkClosed();
        return moveTo(position + 1);
    }

    @Override
    public boolean previous() throws SQLException {
        checkClosed();
        checkScrollable("previous");
        return moveTo(position - 1);
    }

    @Override
    public boolean first() throws SQLException {
        checkClosed();
        checkScrollable("first");
        return moveTo(1);
    }

    @Override
    public boolean last() throws SQLException {
        checkClosed();
        checkScrollable("last");
        return moveTo(rows.size());
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkClosed();
        checkScrollable("beforeFirst");
        moveTo(0);
    }

    @Override
    public void afterLast() throws SQLException {
        checkClosed();
        checkScrollable("afterLast");
        moveTo(rows.size() + 1);
    }

    /** A negative row counts from the end, as JDBC defines it. */
    @Override
    public boolean absolute(int row) throws SQLException {
        checkClosed();
        checkScrollable("absolute");
        return moveTo(row >= 0 ? row : rows.size() + 1 + row);
    }

    @Override
    public boolean relative(int rowCount) throws SQLException {
        checkClosed();
        checkScrollable("relative");
        return moveTo(position + rowCount);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkClosed();
        return position == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkClosed();
        return position > rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkClosed();
        return position == 1 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkClosed();
        return position == rows.size() && !rows.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        checkClosed();
        return position >= 1 && position <= rows.size() ? position : 0;
    }

    /** The rows are a copy: there is nothing newer to read. */
    @Override
    public void refreshRow() throws SQLException {
        checkClosed();
        current();
    }

    @Override
    public int getType() throws SQLException {
        checkClosed();
        return type;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkClosed();
        return fetchDirection;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkClosed();
        SluiceStatement.checkFetchDirection(direction);
        if (direction != ResultSet.FETCH_FORWARD) {
            checkScrollable("setFetchDirection");
        }
        fetchDirection = direction;
    }

    /** A hint only: the rows are all in memory already. */
    @Override
    public int getFetchSize() throws SQLException {
        checkClosed();
        return fetchSize;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkClosed();
        fetchSize = SluiceStatement.checkFetchSize(rows);
    }

    /** A copy outlives any transaction. */
    @Override
    public int getHoldability() throws SQLException {
        checkClosed();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkClosed();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkClosed();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        return columns;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkClosed();
        int index = columnLabel == null ? 0 : columns.find(columnLabel);
        if (index == 0) {
            throw Errors.badArgument("SluiceResultSet.findColumn: no column is labelled " + columnLabel);
        }
        return index;
    }

    // ---- values

    private Object[] current() throws SQLException {
        if (position < 1 || position > rows.size()) {
            throw Errors.badArgument("SluiceResultSet: the cursor is not on a row"
                    + (position == 0 ? " (call next() first)" : " (it is after the last row)"));
        }
        return rows.get(position - 1);
    }

    /** The value of a column of the current row; records whether it was NULL. */
    private Object value(int columnIndex) throws SQLException {
        checkClosed();
        Object[] row = current();
        if (columnIndex < 1 || columnIndex > row.length) {
            throw Errors.badArgument("SluiceResultSet: column index " + columnIndex + " is out of range; there are "
                    + row.length + " columns");
        }
        Object value = row[columnIndex - 1];
        lastWasNull = value == null;
        return value;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkClosed();
        return lastWasNull;
    }

    private static SQLException cannotConvert(Object value, String to) {
        return Errors.badArgument("SluiceResultSet: cannot read " + value.getClass().getSimpleName() + " value '"
                + value + "' as " + to);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    private BigDecimal decimal(int columnIndex, String to) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return bool ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw cannotConvert(value, to);
        }
    }

    private long integer(int columnIndex, String to, long min, long max) throws SQLException {
        BigDecimal decimal = decimal(columnIndex, to);
        if (decimal == null) {
            return 0;
        }
        BigInteger whole = decimal.toBigInteger();
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw Errors.badArgument("SluiceResultSet: value " + decimal.toPlainString() + " is out of range for " + to);
        }
        return whole.longValue();
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("true")) {
                return true;
            }
            if (trimmed.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return decimal(columnIndex, "boolean").signum() != 0;
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) integer(columnIndex, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) integer(columnIndex, "short", Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return (int) integer(columnIndex, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return integer(columnIndex, "long", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) getDouble(columnIndex);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        BigDecimal decimal = decimal(columnIndex, "double");
        return decimal == null ? 0 : decimal.doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return decimal(columnIndex, "BigDecimal");
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal decimal = decimal(columnIndex, "BigDecimal");
        return decimal == null ? null : decimal.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? bytes.clone() : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A timestamp from text ({@code yyyy-MM-dd[ T]HH:mm:ss[.f…]}, or a date) or epoch milliseconds. */
    private LocalDateTime localDateTime(Object value, String to) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.util.Date date) {
            return new Timestamp(date.getTime()).toLocalDateTime();
        }
        if (value instanceof Number number) {
            return new Timestamp(number.longValue()).toLocalDateTime();
        }
        String text = value.toString().trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay();
            }
            if (text.length() <= 15 && text.indexOf(':') > 0 && text.indexOf('-') < 0) {
                return LocalTime.parse(text).atDate(LocalDate.of(1970, 1, 1));
            }
            return LocalDateTime.parse(text.replace(' ', 'T'));
        } catch (RuntimeException e) {
            throw cannotConvert(value, to);
        }
    }

    private LocalDateTime localDateTime(int columnIndex, String to) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : localDateTime(value, to);
    }

    /** The instant a local date-time names in the calendar's zone (the JVM's without one). */
    private static long epochMillis(LocalDateTime local, Calendar calendar) {
        ZoneId zone = calendar == null ? ZoneId.systemDefault() : calendar.getTimeZone().toZoneId();
        return local.atZone(zone).toInstant().toEpochMilli();
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        LocalDateTime local = localDateTime(columnIndex, "Timestamp");
        if (local == null) {
            return null;
        }
        Timestamp timestamp = new Timestamp(epochMillis(local, calendar));
        timestamp.setNanos(local.getNano());
        return timestamp;
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        LocalDateTime local = localDateTime(columnIndex, "Date");
        return local == null ? null : new Date(epochMillis(local.toLocalDate().atStartOfDay(), calendar));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        LocalDateTime local = localDateTime(columnIndex, "Time");
        return local == null ? null
                : new Time(epochMillis(local.toLocalTime().atDate(LocalDate.of(1970, 1, 1)), calendar));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        checkClosed();
        if (type == null) {
            throw Errors.badArgument("SluiceResultSet.getObject: the type is null");
        }
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        Object converted;
        if (type.isInstance(value) && !(value instanceof byte[])) {
            converted = value;
        } else if (type == String.class) {
            converted = getString(columnIndex);
        } else if (type == Integer.class) {
            converted = getInt(columnIndex);
        } else if (type == Long.class) {
            converted = getLong(columnIndex);
        } else if (type == Short.class) {
            converted = getShort(columnIndex);
        } else if (type == Byte.class) {
            converted = getByte(columnIndex);
        } else if (type == Double.class) {
            converted = getDouble(columnIndex);
        } else if (type == Float.class) {
            converted = getFloat(columnIndex);
        } else if (type == Boolean.class) {
            converted = getBoolean(columnIndex);
        } else if (type == BigDecimal.class) {
            converted = getBigDecimal(columnIndex);
        } else if (type == BigInteger.class) {
            converted = getBigDecimal(columnIndex).toBigInteger();
        } else if (type == byte[].class) {
            converted = getBytes(columnIndex);
        } else if (type == Timestamp.class) {
            converted = getTimestamp(columnIndex);
        } else if (type == Date.class) {
            converted = getDate(columnIndex);
        } else if (type == Time.class) {
            converted = getTime(columnIndex);
        } else if (type == LocalDateTime.class) {
            converted = localDateTime(value, "LocalDateTime");
        } else if (type == LocalDate.class) {
            converted = localDateTime(value, "LocalDate").toLocalDate();
        } else if (type == LocalTime.class) {
            converted = localDateTime(value, "LocalTime").toLocalTime();
        } else if (type == OffsetDateTime.class) {
            converted = getTimestamp(columnIndex).toInstant().atOffset(ZoneOffset.UTC);
        } else {
            throw Errors.notSupported("SluiceResultSet.getObject as " + type.getName());
        }
        return type.cast(converted);
    }

    /** No user-defined types exist in rows held in memory: the map is not consulted. */
    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new StringReader(text);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new SerialBlob(bytes);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new SerialClob(text.toCharArray());
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getNClob on system-table rows");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        try {
            return text == null ? null : URI.create(text).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw Errors.badArgument("SluiceResultSet.getURL: '" + text + "' is not a URL", e);
        }
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getRef on system-table rows");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getArray on system-table rows");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getRowId on system-table rows");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getSQLXML on system-table rows");
    }
}

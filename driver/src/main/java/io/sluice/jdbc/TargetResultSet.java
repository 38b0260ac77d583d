package io.sluice.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
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
import java.util.Calendar;
import java.util.Map;

/**
 * The target database's cursor for a pass-through query (or the keys it generated): rows, positioning
 * and values are the target driver's own, so an application reads exactly what it would read through
 * the plain URL; only updates are refused, since Sluice result sets are read-only.
 */
final class TargetResultSet extends SluiceResultSet {
    private final ResultSet target;

    TargetResultSet(SluiceStatement statement, ResultSet target) {
        super(statement);
        this.target = target;
    }

    @Override
    void release() throws SQLException {
        target.close();
    }

    @Override
    ResultSet wrapped() {
        return target;
    }

    @Override
    public boolean next() throws SQLException {
        checkClosed();
        return target.next();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkClosed();
        return target.wasNull();
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        checkClosed();
        return target.getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        checkClosed();
        return target.getBoolean(columnIndex);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        checkClosed();
        return target.getByte(columnIndex);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        checkClosed();
        return target.getShort(columnIndex);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        checkClosed();
        return target.getInt(columnIndex);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        checkClosed();
        return target.getLong(columnIndex);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        checkClosed();
        return target.getFloat(columnIndex);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        checkClosed();
        return target.getDouble(columnIndex);
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        checkClosed();
        return target.getBigDecimal(columnIndex, scale);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        checkClosed();
        return target.getBytes(columnIndex);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        checkClosed();
        return target.getDate(columnIndex);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        checkClosed();
        return target.getTime(columnIndex);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        checkClosed();
        return target.getTimestamp(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        checkClosed();
        return target.getAsciiStream(columnIndex);
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        checkClosed();
        return target.getUnicodeStream(columnIndex);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        checkClosed();
        return target.getBinaryStream(columnIndex);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkClosed();
        return target.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkClosed();
        target.clearWarnings();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        return target.getMetaData();
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        checkClosed();
        return target.getObject(columnIndex);
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkClosed();
        return target.findColumn(columnLabel);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        checkClosed();
        return target.getCharacterStream(columnIndex);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        checkClosed();
        return target.getBigDecimal(columnIndex);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkClosed();
        return target.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkClosed();
        return target.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkClosed();
        return target.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkClosed();
        return target.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkClosed();
        target.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        checkClosed();
        target.afterLast();
    }

    @Override
    public boolean first() throws SQLException {
        checkClosed();
        return target.first();
    }

    @Override
    public boolean last() throws SQLException {
        checkClosed();
        return target.last();
    }

    @Override
    public int getRow() throws SQLException {
        checkClosed();
        return target.getRow();
    }

    @Override
    public boolean absolute(int rows) throws SQLException {
        checkClosed();
        return target.absolute(rows);
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        checkClosed();
        return target.relative(rows);
    }

    @Override
    public boolean previous() throws SQLException {
        checkClosed();
        return target.previous();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkClosed();
        target.setFetchDirection(direction);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkClosed();
        return target.getFetchDirection();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkClosed();
        target.setFetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkClosed();
        return target.getFetchSize();
    }

    @Override
    public int getType() throws SQLException {
        checkClosed();
        return target.getType();
    }

    @Override
    public void refreshRow() throws SQLException {
        checkClosed();
        target.refreshRow();
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        checkClosed();
        return target.getObject(columnIndex, map);
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        checkClosed();
        return target.getRef(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        checkClosed();
        return target.getBlob(columnIndex);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        checkClosed();
        return target.getClob(columnIndex);
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        checkClosed();
        return target.getArray(columnIndex);
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        checkClosed();
        return target.getDate(columnIndex, calendar);
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        checkClosed();
        return target.getTime(columnIndex, calendar);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        checkClosed();
        return target.getTimestamp(columnIndex, calendar);
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        checkClosed();
        return target.getURL(columnIndex);
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        checkClosed();
        return target.getRowId(columnIndex);
    }

    @Override
    public int getHoldability() throws SQLException {
        checkClosed();
        return target.getHoldability();
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        checkClosed();
        return target.getNClob(columnIndex);
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        checkClosed();
        return target.getSQLXML(columnIndex);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        checkClosed();
        return target.getNString(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        checkClosed();
        return target.getNCharacterStream(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        checkClosed();
        return target.getObject(columnIndex, type);
    }
}

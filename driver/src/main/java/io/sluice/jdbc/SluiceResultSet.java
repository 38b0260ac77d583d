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
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The rows of a Sluice statement, always read-only ({@link ResultSet#CONCUR_READ_ONLY}): every update
 * method throws {@link java.sql.SQLFeatureNotSupportedException} naming itself, whatever produced the rows.
 * Two kinds exist: the rows of a system-table query, held in memory and scrollable, and the target
 * database's own cursor for a pass-through query, read as the target driver reads it.
 *
 * <p>Every public method checks first that the result set is open: once it, its statement or its
 * connection is closed, each throws (except {@link #close()}, which does nothing the second time, and
 * {@link #isClosed()}). {@link #getStatement()} is the Sluice statement that produced the rows; closing
 * the result set tells that statement (for {@link Statement#closeOnCompletion()}).
 *
 * <p>Not thread-safe, like any JDBC result set.
 */
public abstract class SluiceResultSet implements ResultSet {
    private final SluiceStatement statement;
    private boolean closed;

    SluiceResultSet(SluiceStatement statement) {
        this.statement = statement;
    }

    /** Throws when this result set, its statement or its connection is closed. */
    final void checkClosed() throws SQLException {
        if (closed) {
            throw Errors.resultSetClosed();
        }
        statement.checkClosed();
    }

    private static SQLException readOnly(String method) {
        return Errors.notSupported("SluiceResultSet." + method + " (Sluice result sets are read-only)");
    }

    /** Releases what holds the rows; called once. */
    abstract void release() throws SQLException;

    /** What this result set may be unwrapped to besides itself, or {@code null}. */
    abstract ResultSet wrapped();

    /** The Sluice statement that produced these rows. */
    @Override
    public final Statement getStatement() throws SQLException {
        checkClosed();
        return statement;
    }

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } finally {
            statement.resultSetClosed(this);
        }
    }

    /** Marks this result set closed when its statement closes the rows behind it. */
    final void closedByStatement() {
        closed = true;
    }

    /** Whether the application or the statement closed this result set. */
    final boolean wasClosed() {
        return closed;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public final int getConcurrency() throws SQLException {
        checkClosed();
        return ResultSet.CONCUR_READ_ONLY;
    }

    /** Rows are never updated, inserted or deleted through a read-only result set. */
    @Override
    public final boolean rowUpdated() throws SQLException {
        checkClosed();
        return false;
    }

    @Override
    public final boolean rowInserted() throws SQLException {
        checkClosed();
        return false;
    }

    @Override
    public final boolean rowDeleted() throws SQLException {
        checkClosed();
        return false;
    }

    /** Positioned updates need a named cursor, which a read-only result set does not offer. */
    @Override
    public final String getCursorName() throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluiceResultSet.getCursorName");
    }

    /** Unwraps to this result set, or to the target's result set behind it (or what that wraps). */
    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        ResultSet wrapped = wrapped();
        if (wrapped != null) {
            if (iface.isInstance(wrapped)) {
                return iface.cast(wrapped);
            }
            if (wrapped.isWrapperFor(iface)) {
                return wrapped.unwrap(iface);
            }
        }
        throw Errors.notAWrapperFor(SluiceResultSet.class, iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkClosed();
        ResultSet wrapped = wrapped();
        return iface.isInstance(this) || wrapped != null && (iface.isInstance(wrapped) || wrapped.isWrapperFor(iface));
    }

    // ---- columns by label: the column's index, as findColumn resolves it

    @Override
    public final String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public final boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public final byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public final short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public final int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public final long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public final float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public final double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Deprecated
    @Override
    public final BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public final byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public final Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public final Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public final Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public final InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Deprecated
    @Override
    public final InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public final InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public final Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public final Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public final BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public final Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public final Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public final Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public final Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public final Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public final Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return getDate(findColumn(columnLabel), calendar);
    }

    @Override
    public final Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return getTime(findColumn(columnLabel), calendar);
    }

    @Override
    public final Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(columnLabel), calendar);
    }

    @Override
    public final URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public final RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public final NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public final SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    @Override
    public final String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public final Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public final <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    // ---- updates: refused

    @Override
    public final void updateNull(int columnIndex) throws SQLException {
        checkClosed();
        throw readOnly("updateNull");
    }

    @Override
    public final void updateBoolean(int columnIndex, boolean value) throws SQLException {
        checkClosed();
        throw readOnly("updateBoolean");
    }

    @Override
    public final void updateByte(int columnIndex, byte value) throws SQLException {
        checkClosed();
        throw readOnly("updateByte");
    }

    @Override
    public final void updateShort(int columnIndex, short value) throws SQLException {
        checkClosed();
        throw readOnly("updateShort");
    }

    @Override
    public final void updateInt(int columnIndex, int value) throws SQLException {
        checkClosed();
        throw readOnly("updateInt");
    }

    @Override
    public final void updateLong(int columnIndex, long value) throws SQLException {
        checkClosed();
        throw readOnly("updateLong");
    }

    @Override
    public final void updateFloat(int columnIndex, float value) throws SQLException {
        checkClosed();
        throw readOnly("updateFloat");
    }

    @Override
    public final void updateDouble(int columnIndex, double value) throws SQLException {
        checkClosed();
        throw readOnly("updateDouble");
    }

    @Override
    public final void updateBigDecimal(int columnIndex, BigDecimal value) throws SQLException {
        checkClosed();
        throw readOnly("updateBigDecimal");
    }

    @Override
    public final void updateString(int columnIndex, String value) throws SQLException {
        checkClosed();
        throw readOnly("updateString");
    }

    @Override
    public final void updateBytes(int columnIndex, byte[] value) throws SQLException {
        checkClosed();
        throw readOnly("updateBytes");
    }

    @Override
    public final void updateDate(int columnIndex, Date value) throws SQLException {
        checkClosed();
        throw readOnly("updateDate");
    }

    @Override
    public final void updateTime(int columnIndex, Time value) throws SQLException {
        checkClosed();
        throw readOnly("updateTime");
    }

    @Override
    public final void updateTimestamp(int columnIndex, Timestamp value) throws SQLException {
        checkClosed();
        throw readOnly("updateTimestamp");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateObject(int columnIndex, Object value, int scaleOrLength) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(int columnIndex, Object value) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateNull(String columnLabel) throws SQLException {
        checkClosed();
        throw readOnly("updateNull");
    }

    @Override
    public final void updateBoolean(String columnLabel, boolean value) throws SQLException {
        checkClosed();
        throw readOnly("updateBoolean");
    }

    @Override
    public final void updateByte(String columnLabel, byte value) throws SQLException {
        checkClosed();
        throw readOnly("updateByte");
    }

    @Override
    public final void updateShort(String columnLabel, short value) throws SQLException {
        checkClosed();
        throw readOnly("updateShort");
    }

    @Override
    public final void updateInt(String columnLabel, int value) throws SQLException {
        checkClosed();
        throw readOnly("updateInt");
    }

    @Override
    public final void updateLong(String columnLabel, long value) throws SQLException {
        checkClosed();
        throw readOnly("updateLong");
    }

    @Override
    public final void updateFloat(String columnLabel, float value) throws SQLException {
        checkClosed();
        throw readOnly("updateFloat");
    }

    @Override
    public final void updateDouble(String columnLabel, double value) throws SQLException {
        checkClosed();
        throw readOnly("updateDouble");
    }

    @Override
    public final void updateBigDecimal(String columnLabel, BigDecimal value) throws SQLException {
        checkClosed();
        throw readOnly("updateBigDecimal");
    }

    @Override
    public final void updateString(String columnLabel, String value) throws SQLException {
        checkClosed();
        throw readOnly("updateString");
    }

    @Override
    public final void updateBytes(String columnLabel, byte[] value) throws SQLException {
        checkClosed();
        throw readOnly("updateBytes");
    }

    @Override
    public final void updateDate(String columnLabel, Date value) throws SQLException {
        checkClosed();
        throw readOnly("updateDate");
    }

    @Override
    public final void updateTime(String columnLabel, Time value) throws SQLException {
        checkClosed();
        throw readOnly("updateTime");
    }

    @Override
    public final void updateTimestamp(String columnLabel, Timestamp value) throws SQLException {
        checkClosed();
        throw readOnly("updateTimestamp");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value, int length) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateObject(String columnLabel, Object value, int scaleOrLength) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(String columnLabel, Object value) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void insertRow() throws SQLException {
        checkClosed();
        throw readOnly("insertRow");
    }

    @Override
    public final void updateRow() throws SQLException {
        checkClosed();
        throw readOnly("updateRow");
    }

    @Override
    public final void deleteRow() throws SQLException {
        checkClosed();
        throw readOnly("deleteRow");
    }

    @Override
    public final void cancelRowUpdates() throws SQLException {
        checkClosed();
        throw readOnly("cancelRowUpdates");
    }

    @Override
    public final void moveToInsertRow() throws SQLException {
        checkClosed();
        throw readOnly("moveToInsertRow");
    }

    @Override
    public final void updateRef(int columnIndex, Ref value) throws SQLException {
        checkClosed();
        throw readOnly("updateRef");
    }

    @Override
    public final void updateRef(String columnLabel, Ref value) throws SQLException {
        checkClosed();
        throw readOnly("updateRef");
    }

    @Override
    public final void updateBlob(int columnIndex, Blob value) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, Blob value) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, Clob value) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, Clob value) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateArray(int columnIndex, Array value) throws SQLException {
        checkClosed();
        throw readOnly("updateArray");
    }

    @Override
    public final void updateArray(String columnLabel, Array value) throws SQLException {
        checkClosed();
        throw readOnly("updateArray");
    }

    @Override
    public final void updateRowId(int columnIndex, RowId value) throws SQLException {
        checkClosed();
        throw readOnly("updateRowId");
    }

    @Override
    public final void updateRowId(String columnLabel, RowId value) throws SQLException {
        checkClosed();
        throw readOnly("updateRowId");
    }

    @Override
    public final void updateNString(int columnIndex, String value) throws SQLException {
        checkClosed();
        throw readOnly("updateNString");
    }

    @Override
    public final void updateNString(String columnLabel, String value) throws SQLException {
        checkClosed();
        throw readOnly("updateNString");
    }

    @Override
    public final void updateNClob(int columnIndex, NClob value) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, NClob value) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateSQLXML(int columnIndex, SQLXML value) throws SQLException {
        checkClosed();
        throw readOnly("updateSQLXML");
    }

    @Override
    public final void updateSQLXML(String columnLabel, SQLXML value) throws SQLException {
        checkClosed();
        throw readOnly("updateSQLXML");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateBlob(int columnIndex, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, InputStream value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateNClob(int columnIndex, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, Reader value, long length) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateNCharacterStream");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateAsciiStream");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateBinaryStream");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateCharacterStream");
    }

    @Override
    public final void updateBlob(int columnIndex, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateBlob(String columnLabel, InputStream value) throws SQLException {
        checkClosed();
        throw readOnly("updateBlob");
    }

    @Override
    public final void updateClob(int columnIndex, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateClob(String columnLabel, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateClob");
    }

    @Override
    public final void updateNClob(int columnIndex, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateNClob(String columnLabel, Reader value) throws SQLException {
        checkClosed();
        throw readOnly("updateNClob");
    }

    @Override
    public final void updateObject(int columnIndex, Object value, SQLType targetType, int scaleOrLength) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(String columnLabel, Object value, SQLType targetType, int scaleOrLength) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(int columnIndex, Object value, SQLType targetType) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void updateObject(String columnLabel, Object value, SQLType targetType) throws SQLException {
        checkClosed();
        throw readOnly("updateObject");
    }

    @Override
    public final void moveToCurrentRow() throws SQLException {
        checkClosed();
        throw readOnly("moveToCurrentRow");
    }
}

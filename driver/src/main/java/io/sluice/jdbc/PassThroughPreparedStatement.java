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
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A statement prepared on the target database (or on the system tables): every call goes to it, so
 * values are bound and rows read exactly as the target driver does. Failures reach the application
 * through {@link Errors#convert}: a target driver's unchecked exception (sqlite-jdbc throws
 * {@link ArrayIndexOutOfBoundsException} for a parameter its statement does not have) becomes an
 * {@link SQLException} with a code.
 */
final class PassThroughPreparedStatement extends SluicePreparedStatement {
    private final PreparedStatement target;

    PassThroughPreparedStatement(SluiceConnection connection, PreparedStatement target) {
        super(connection);
        this.target = target;
    }

    @Override
    public boolean isBufferedInsert() throws SQLException {
        checkClosed();
        return false;
    }

    /** One bind on the target statement. */
    @FunctionalInterface
    private interface Bind {
        void run() throws SQLException;
    }

    /**
     * Binds through the target. An unchecked failure is a parameter the target's statement does not have
     * (sqlite-jdbc does not check its index), reported as such when the target can count its parameters.
     */
    private void bind(String method, int parameterIndex, Bind bind) throws SQLException {
        checkClosed();
        try {
            bind.run();
        } catch (RuntimeException e) {
            int count = parameterCount();
            if (count >= 0 && (parameterIndex < 1 || parameterIndex > count)) {
                throw ParameterValues.outOfRange(parameterIndex, count, e);
            }
            throw Errors.convert(e);
        } catch (SQLException e) {
            throw Errors.convert(e);
        }
    }

    /** How many parameters the target says its statement has, or -1 when it cannot say. */
    private int parameterCount() {
        try {
            return target.getParameterMetaData().getParameterCount();
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    // ---- execution

    @Override
    public boolean execute() throws SQLException {
        checkClosed();
        return run();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkClosed();
        if (!run()) {
            throw Errors.noResultSet("SluicePreparedStatement.executeQuery");
        }
        return getResultSet();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkClosed();
        if (run()) {
            closeCurrent();
            throw Errors.unexpectedResultSet("SluicePreparedStatement.executeUpdate");
        }
        return getLargeUpdateCount();
    }

    private boolean run() throws SQLException {
        closeCurrent();
        configure(target);
        recordQueryId(null);
        takeQueryId();
        if (Errors.funnel(target::execute)) {
            ResultSet rows = target.getResultSet();
            adopt(rows, rows, -1);
            return true;
        }
        adopt(null, null, target.getUpdateCount());
        return false;
    }

    @Override
    public void addBatch() throws SQLException {
        checkClosed();
        Errors.funnel(() -> {
            target.addBatch();
            return null;
        });
    }

    @Override
    public void clearBatch() throws SQLException {
        checkClosed();
        target.clearBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkClosed();
        closeCurrent();
        configure(target);
        int[] counts = Errors.funnel(target::executeBatch);
        long[] result = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = counts[i];
        }
        return result;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkClosed();
        target.clearParameters();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkClosed();
        releaseCurrent(current);
        if (target.getMoreResults(current)) {
            ResultSet rows = target.getResultSet();
            adopt(rows, rows, -1);
            return true;
        }
        adopt(null, null, target.getUpdateCount());
        return false;
    }

    /** The keys the target generated (when the statement was prepared asking for them). */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkClosed();
        return rowsOf(Errors.funnel(target::getGeneratedKeys));
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        return Errors.funnel(target::getMetaData);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkClosed();
        return Errors.funnel(target::getParameterMetaData);
    }

    /** Cancels the target statement's execution, as the target driver does. */
    @Override
    public void cancel() throws SQLException {
        checkClosed();
        Errors.funnel(() -> {
            target.cancel();
            return null;
        });
    }

    // ---- lifecycle

    /** Closes the current result set and the target statement; twice does nothing. */
    @Override
    public void close() throws SQLException {
        if (isClosed()) {
            return;
        }
        try {
            super.close();
        } finally {
            Errors.funnel(() -> {
                target.close();
                return null;
            });
        }
    }

    /** Unwraps to this statement, or to the target statement (or what it wraps). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(target)) {
            return iface.cast(target);
        }
        if (target.isWrapperFor(iface)) {
            return target.unwrap(iface);
        }
        throw Errors.notAWrapperFor(SluicePreparedStatement.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkClosed();
        return iface.isInstance(this) || iface.isInstance(target) || target.isWrapperFor(iface);
    }

    // ---- parameters: bound on the target statement

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        bind("setNull", parameterIndex, () -> target.setNull(parameterIndex, sqlType));
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        bind("setNull", parameterIndex, () -> target.setNull(parameterIndex, sqlType, typeName));
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        bind("setBoolean", parameterIndex, () -> target.setBoolean(parameterIndex, x));
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        bind("setByte", parameterIndex, () -> target.setByte(parameterIndex, x));
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        bind("setShort", parameterIndex, () -> target.setShort(parameterIndex, x));
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        bind("setInt", parameterIndex, () -> target.setInt(parameterIndex, x));
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        bind("setLong", parameterIndex, () -> target.setLong(parameterIndex, x));
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        bind("setFloat", parameterIndex, () -> target.setFloat(parameterIndex, x));
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        bind("setDouble", parameterIndex, () -> target.setDouble(parameterIndex, x));
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        bind("setBigDecimal", parameterIndex, () -> target.setBigDecimal(parameterIndex, x));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        bind("setString", parameterIndex, () -> target.setString(parameterIndex, x));
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        bind("setNString", parameterIndex, () -> target.setNString(parameterIndex, value));
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        bind("setBytes", parameterIndex, () -> target.setBytes(parameterIndex, x));
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        bind("setDate", parameterIndex, () -> target.setDate(parameterIndex, x));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar calendar) throws SQLException {
        bind("setDate", parameterIndex, () -> target.setDate(parameterIndex, x, calendar));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        bind("setTime", parameterIndex, () -> target.setTime(parameterIndex, x));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar calendar) throws SQLException {
        bind("setTime", parameterIndex, () -> target.setTime(parameterIndex, x, calendar));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        bind("setTimestamp", parameterIndex, () -> target.setTimestamp(parameterIndex, x));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar calendar) throws SQLException {
        bind("setTimestamp", parameterIndex, () -> target.setTimestamp(parameterIndex, x, calendar));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        bind("setObject", parameterIndex, () -> target.setObject(parameterIndex, x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        bind("setObject", parameterIndex, () -> target.setObject(parameterIndex, x, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bind("setObject", parameterIndex, () -> target.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        bind("setObject", parameterIndex, () -> target.setObject(parameterIndex, x, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bind("setObject", parameterIndex, () -> target.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        bind("setURL", parameterIndex, () -> target.setURL(parameterIndex, x));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        bind("setAsciiStream", parameterIndex, () -> target.setAsciiStream(parameterIndex, x));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind("setAsciiStream", parameterIndex, () -> target.setAsciiStream(parameterIndex, x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        bind("setAsciiStream", parameterIndex, () -> target.setAsciiStream(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        bind("setBinaryStream", parameterIndex, () -> target.setBinaryStream(parameterIndex, x));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind("setBinaryStream", parameterIndex, () -> target.setBinaryStream(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        bind("setBinaryStream", parameterIndex, () -> target.setBinaryStream(parameterIndex, x, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        bind("setCharacterStream", parameterIndex, () -> target.setCharacterStream(parameterIndex, reader));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        bind("setCharacterStream", parameterIndex, () -> target.setCharacterStream(parameterIndex, reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        bind("setCharacterStream", parameterIndex, () -> target.setCharacterStream(parameterIndex, reader, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        bind("setNCharacterStream", parameterIndex, () -> target.setNCharacterStream(parameterIndex, value));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        bind("setNCharacterStream", parameterIndex, () -> target.setNCharacterStream(parameterIndex, value, length));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        bind("setBlob", parameterIndex, () -> target.setBlob(parameterIndex, x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        bind("setBlob", parameterIndex, () -> target.setBlob(parameterIndex, inputStream));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        bind("setBlob", parameterIndex, () -> target.setBlob(parameterIndex, inputStream, length));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        bind("setClob", parameterIndex, () -> target.setClob(parameterIndex, x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        bind("setClob", parameterIndex, () -> target.setClob(parameterIndex, reader));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        bind("setClob", parameterIndex, () -> target.setClob(parameterIndex, reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        bind("setNClob", parameterIndex, () -> target.setNClob(parameterIndex, value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        bind("setNClob", parameterIndex, () -> target.setNClob(parameterIndex, reader));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        bind("setNClob", parameterIndex, () -> target.setNClob(parameterIndex, reader, length));
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind("setUnicodeStream", parameterIndex, () -> target.setUnicodeStream(parameterIndex, x, length));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        bind("setRef", parameterIndex, () -> target.setRef(parameterIndex, x));
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        bind("setArray", parameterIndex, () -> target.setArray(parameterIndex, x));
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        bind("setRowId", parameterIndex, () -> target.setRowId(parameterIndex, x));
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        bind("setSQLXML", parameterIndex, () -> target.setSQLXML(parameterIndex, xmlObject));
    }
}

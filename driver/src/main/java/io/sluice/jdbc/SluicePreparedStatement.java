package io.sluice.jdbc;

import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
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
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;

/**
 * A prepared statement through Sluice, in one of two modes fixed when it is prepared:
 *
 * <ul>
 *   <li><b>buffered insert</b> — an {@code INSERT … VALUES (?, …)} the engine buffers. The setters store
 *       Java values (see {@link ParameterValues} for the types); one execution is one queue entry, and
 *       {@link #addBatch()}/{@link #executeBatch()} make the whole batch one entry. The update count is
 *       the rows written when the insert waited for its flush, 0 when it did not. Sluice's own statements
 *       ({@code SET}, {@code SYSTEM …}), which frameworks prepare too, run on the engine the same way.
 *   <li><b>pass-through</b> — anything else, and statements prepared with generated keys: every call goes
 *       to the statement prepared on the target (or system) database.
 * </ul>
 *
 * <p>Not thread-safe, like any JDBC statement; {@link #isClosed()} may be called from any thread.
 * {@link #close()} closes the current result set and, in pass-through mode, the target statement; calling
 * it again does nothing.
 */
public final class SluicePreparedStatement extends SluiceStatement implements PreparedStatement {
    /** Set in buffered mode, else {@code null}. */
    private final PreparedInsert insert;
    /** Set in buffered mode, else {@code null}. */
    private final ParameterValues parameters;
    /** Parameter sets added with {@link #addBatch()} in buffered mode. */
    private final List<Object[]> batch;
    /** Set in pass-through mode, else {@code null}. */
    private final PreparedStatement passThrough;

    SluicePreparedStatement(SluiceConnection connection, PreparedInsert insert) {
        super(connection);
        this.insert = insert;
        this.parameters = new ParameterValues(insert.parameterCount());
        this.batch = new ArrayList<>();
        this.passThrough = null;
    }

    SluicePreparedStatement(SluiceConnection connection, PreparedStatement passThrough) {
        super(connection);
        this.insert = null;
        this.parameters = null;
        this.batch = null;
        this.passThrough = passThrough;
    }

    /** Whether executions of this statement go to the engine's queue (rather than to the target). */
    public boolean isBufferedInsert() throws SQLException {
        checkClosed();
        return insert != null && insert.isInsert();
    }

    /** The stored parameter values, for tests (buffered mode only). */
    ParameterValues parameters() {
        return parameters;
    }

    // ---- execution

    @Override
    public boolean execute() throws SQLException {
        checkClosed();
        if (insert != null) {
            runBuffered();
            return false;
        }
        return runPassThrough();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.noResultSet("SluicePreparedStatement.executeQuery");
        }
        if (!runPassThrough()) {
            throw Errors.noResultSet("SluicePreparedStatement.executeQuery");
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return saturatedCount(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkClosed();
        if (insert != null) {
            return runBuffered();
        }
        if (runPassThrough()) {
            closeCurrent();
            throw Errors.unexpectedResultSet("SluicePreparedStatement.executeUpdate");
        }
        return getLargeUpdateCount();
    }

    /** One queue entry with the current parameter values; returns its update count. */
    private long runBuffered() throws SQLException {
        Object[] values = parameters.snapshot();
        closeCurrent();
        Result result = insert.execute(Collections.singletonList(values), takeQueryId());
        recordQueryId(result.queryId());
        adopt(result);
        return result.updateCount();
    }

    private boolean runPassThrough() throws SQLException {
        closeCurrent();
        configure(passThrough);
        recordQueryId(null);
        takeQueryId();
        if (passThrough.execute()) {
            ResultSet rows = passThrough.getResultSet();
            adopt(rows, rows, -1);
            return true;
        }
        adopt(null, null, passThrough.getUpdateCount());
        return false;
    }

    @Override
    public void addBatch() throws SQLException {
        checkClosed();
        if (insert != null) {
            batch.add(parameters.snapshot());
        } else {
            passThrough.addBatch();
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        checkClosed();
        if (insert != null) {
            batch.clear();
        } else {
            passThrough.clearBatch();
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = saturatedCount(counts[i]);
        }
        return result;
    }

    /**
     * Buffered: the whole batch is one queue entry, written or failed as a whole. Each parameter set's
     * count is its rows when the insert waited and the rows divide evenly among the sets (one row per
     * set for {@code VALUES (?, …)}), else {@link Statement#SUCCESS_NO_INFO}; on failure every set is
     * {@link Statement#EXECUTE_FAILED} and the {@link BatchUpdateException} carries the engine's error code,
     * SQLState and message. The batch is empty afterwards either way.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkClosed();
        if (insert == null) {
            closeCurrent();
            configure(passThrough);
            int[] counts = passThrough.executeBatch();
            long[] result = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                result[i] = counts[i];
            }
            return result;
        }
        List<Object[]> sets = List.copyOf(batch);
        batch.clear();
        closeCurrent();
        if (sets.isEmpty()) {
            return new long[0];
        }
        Result result;
        try {
            result = insert.execute(sets, takeQueryId());
        } catch (SQLException e) {
            long[] failed = new long[sets.size()];
            Arrays.fill(failed, Statement.EXECUTE_FAILED);
            throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), failed, e);
        }
        recordQueryId(result.queryId());
        long rows = result.updateCount();
        result.close();
        long[] counts = new long[sets.size()];
        Arrays.fill(counts, rows > 0 && rows % sets.size() == 0 ? rows / sets.size() : Statement.SUCCESS_NO_INFO);
        return counts;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.clear();
        } else {
            passThrough.clearParameters();
        }
    }

    // ---- results of a pass-through statement

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkClosed();
        if (insert != null) {
            return super.getMoreResults(current);
        }
        releaseCurrent(current);
        if (passThrough.getMoreResults(current)) {
            ResultSet rows = passThrough.getResultSet();
            adopt(rows, rows, -1);
            return true;
        }
        adopt(null, null, passThrough.getUpdateCount());
        return false;
    }

    /** The target's generated keys for a pass-through statement; a buffered insert has none yet. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.getGeneratedKeys on a buffered INSERT");
        }
        return new SluiceResultSet(this, passThrough.getGeneratedKeys());
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.getMetaData on a buffered INSERT");
        }
        return passThrough.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.getParameterMetaData on a buffered INSERT");
        }
        return passThrough.getParameterMetaData();
    }

    // ---- lifecycle

    /** Closes the current result set and, in pass-through mode, the target statement; twice does nothing. */
    @Override
    public void close() throws SQLException {
        if (isClosed()) {
            return;
        }
        try {
            super.close();
        } finally {
            if (passThrough != null) {
                passThrough.close();
            }
        }
    }

    /** Unwraps to this statement, or in pass-through mode to the target statement (or what it wraps). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkClosed();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (passThrough != null) {
            if (iface.isInstance(passThrough)) {
                return iface.cast(passThrough);
            }
            if (passThrough.isWrapperFor(iface)) {
                return passThrough.unwrap(iface);
            }
        }
        throw Errors.notAWrapperFor(SluicePreparedStatement.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkClosed();
        return iface.isInstance(this)
                || passThrough != null && (iface.isInstance(passThrough) || passThrough.isWrapperFor(iface));
    }

    // ---- parameters: stored in buffered mode, passed on otherwise

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, null);
        } else {
            passThrough.setNull(parameterIndex, sqlType);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, null);
        } else {
            passThrough.setNull(parameterIndex, sqlType, typeName);
        }
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setBoolean(parameterIndex, x);
        }
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setByte(parameterIndex, x);
        }
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setShort(parameterIndex, x);
        }
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setInt(parameterIndex, x);
        }
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setLong(parameterIndex, x);
        }
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setFloat(parameterIndex, x);
        }
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setDouble(parameterIndex, x);
        }
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setBigDecimal(parameterIndex, x);
        }
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setString(parameterIndex, x);
        }
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, value);
        } else {
            passThrough.setNString(parameterIndex, value);
        }
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x == null ? null : x.clone());
        } else {
            passThrough.setBytes(parameterIndex, x);
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setDate(parameterIndex, x);
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar calendar) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.dateIn(x, calendar));
        } else {
            passThrough.setDate(parameterIndex, x, calendar);
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setTime(parameterIndex, x);
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar calendar) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.timeIn(x, calendar));
        } else {
            passThrough.setTime(parameterIndex, x, calendar);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x);
        } else {
            passThrough.setTimestamp(parameterIndex, x);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar calendar) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.timestampIn(x, calendar));
        } else {
            passThrough.setTimestamp(parameterIndex, x, calendar);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.plain(x));
        } else {
            passThrough.setObject(parameterIndex, x);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.toSqlType(parameterIndex, x, targetSqlType, -1));
        } else {
            passThrough.setObject(parameterIndex, x, targetSqlType);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.toSqlType(parameterIndex, x, targetSqlType, scaleOrLength));
        } else {
            passThrough.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.toSqlType(parameterIndex, x, ParameterConversions.typeNumber(targetSqlType), -1));
        } else {
            passThrough.setObject(parameterIndex, x, targetSqlType);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.toSqlType(parameterIndex, x, ParameterConversions.typeNumber(targetSqlType), scaleOrLength));
        } else {
            passThrough.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        }
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, x == null ? null : x.toString());
        } else {
            passThrough.setURL(parameterIndex, x);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, -1));
        } else {
            passThrough.setAsciiStream(parameterIndex, x);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, length));
        } else {
            passThrough.setAsciiStream(parameterIndex, x, length);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, length));
        } else {
            passThrough.setAsciiStream(parameterIndex, x, length);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, -1));
        } else {
            passThrough.setBinaryStream(parameterIndex, x);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, length));
        } else {
            passThrough.setBinaryStream(parameterIndex, x, length);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, length));
        } else {
            passThrough.setBinaryStream(parameterIndex, x, length);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
        } else {
            passThrough.setCharacterStream(parameterIndex, reader);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
        } else {
            passThrough.setCharacterStream(parameterIndex, reader, length);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
        } else {
            passThrough.setCharacterStream(parameterIndex, reader, length);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value, -1));
        } else {
            passThrough.setNCharacterStream(parameterIndex, value);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value, length));
        } else {
            passThrough.setNCharacterStream(parameterIndex, value, length);
        }
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x));
        } else {
            passThrough.setBlob(parameterIndex, x);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, inputStream, -1));
        } else {
            passThrough.setBlob(parameterIndex, inputStream);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, inputStream, length));
        } else {
            passThrough.setBlob(parameterIndex, inputStream, length);
        }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x));
        } else {
            passThrough.setClob(parameterIndex, x);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
        } else {
            passThrough.setClob(parameterIndex, reader);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
        } else {
            passThrough.setClob(parameterIndex, reader, length);
        }
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value));
        } else {
            passThrough.setNClob(parameterIndex, value);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
        } else {
            passThrough.setNClob(parameterIndex, reader);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        if (insert != null) {
            parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
        } else {
            passThrough.setNClob(parameterIndex, reader, length);
        }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.setUnicodeStream on a buffered INSERT");
        }
        passThrough.setUnicodeStream(parameterIndex, x, length);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.setRef on a buffered INSERT");
        }
        passThrough.setRef(parameterIndex, x);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.setArray on a buffered INSERT");
        }
        passThrough.setArray(parameterIndex, x);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.setRowId on a buffered INSERT");
        }
        passThrough.setRowId(parameterIndex, x);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        checkClosed();
        if (insert != null) {
            throw Errors.notSupported("SluicePreparedStatement.setSQLXML on a buffered INSERT");
        }
        passThrough.setSQLXML(parameterIndex, xmlObject);
    }
}

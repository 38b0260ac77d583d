package io.sluice.jdbc;

import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
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
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;

/**
 * An {@code INSERT … VALUES (?, …)} the engine buffers (or one of Sluice's own statements, {@code SET} and
 * {@code SYSTEM …}, which frameworks prepare too and which run on the engine as written). The setters
 * store Java values (see {@link ParameterValues} for the types); one execution is one queue entry, and
 * {@link #addBatch()}/{@link #executeBatch()} make the whole batch one entry. The update count is the rows
 * written when the insert waited for its flush, 0 when it did not.
 */
final class BufferedInsertStatement extends SluicePreparedStatement {
    private final String sql;
    private final PreparedInsert insert;
    private final ParameterValues parameters;
    /** Parameter sets added with {@link #addBatch()}. */
    private final List<Object[]> batch = new ArrayList<>();
    /** Asked of the target on the first call, then kept: the table's columns do not change under a statement. */
    private ParameterMetaData parameterMetaData;

    BufferedInsertStatement(SluiceConnection connection, String sql, PreparedInsert insert) {
        super(connection);
        this.sql = sql;
        this.insert = insert;
        this.parameters = new ParameterValues(insert.parameterCount());
    }

    @Override
    public boolean isBufferedInsert() throws SQLException {
        checkClosed();
        return insert.isInsert();
    }

    @Override
    ParameterValues parameters() {
        return parameters;
    }

    // ---- execution

    @Override
    public boolean execute() throws SQLException {
        checkClosed();
        runBuffered();
        return false;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkClosed();
        throw Errors.noResultSet("SluicePreparedStatement.executeQuery");
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkClosed();
        return runBuffered();
    }

    /** One queue entry with the current parameter values; returns its update count. */
    private long runBuffered() throws SQLException {
        Object[] values = parameters.snapshot();
        closeCurrent();
        Result result;
        // As onEngine does, without a capturing lambda per INSERT.
        StatementControl control = beginOnEngine();
        try {
            result = insert.execute(Collections.singletonList(values), takeQueryId(), control);
        } catch (Exception e) {
            throw onEngineFailure(e);
        } finally {
            endOnEngine();
        }
        recordQueryId(result.queryId());
        adopt(result);
        return result.updateCount();
    }

    @Override
    public void addBatch() throws SQLException {
        checkClosed();
        batch.add(parameters.snapshot());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkClosed();
        batch.clear();
    }

    /**
     * The whole batch is one queue entry, written or failed as a whole. Each parameter set's count is its
     * rows when the insert waited and the rows divide evenly among the sets (one row per set for
     * {@code VALUES (?, …)}), else {@link Statement#SUCCESS_NO_INFO}; on failure every set is
     * {@link Statement#EXECUTE_FAILED} and the {@link java.sql.BatchUpdateException} carries the engine's
     * error code, SQLState and message. The batch is empty afterwards either way.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkClosed();
        List<Object[]> sets = List.copyOf(batch);
        batch.clear();
        closeCurrent();
        if (sets.isEmpty()) {
            return new long[0];
        }
        Result result;
        try {
            result = onEngine(control -> insert.execute(sets, takeQueryId(), control));
        } catch (SQLException e) {
            long[] failed = new long[sets.size()];
            Arrays.fill(failed, Statement.EXECUTE_FAILED);
            throw Errors.batchFailed(e, failed);
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
        parameters.clear();
    }

    // ---- what frameworks ask before they bind

    /** An INSERT returns no rows: metadata with no columns, as the target drivers answer for one. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        return RowColumns.none();
    }

    /**
     * The parameters as the target database describes them for the same text (Spring's {@code setNull}
     * asks for their types); when the target cannot prepare the text (Sluice's own clauses, such as
     * {@code SETTINGS}), their count with types the target would accept for any value.
     */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkClosed();
        if (parameterMetaData == null) {
            parameterMetaData = connection.describe(sql, parameters.count());
        }
        return parameterMetaData;
    }

    /** A buffered INSERT has no keys: its rows are written later. Empty, as for a statement that asked for none. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkClosed();
        return RowResultSet.empty(this);
    }

    // ---- parameters: stored as Java values, as the target's driver would bind them (ParameterStyle)

    private ParameterStyle style() {
        return connection.parameterStyle();
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofBoolean(x));
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofFloat(x));
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofBigDecimal(x));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNString");
        parameters.set(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofDate(x, null));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar calendar) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofDate(x, calendar));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofTime(x, null));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar calendar) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofTime(x, calendar));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofTimestamp(x, null));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar calendar) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofTimestamp(x, calendar));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofObject(x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofObject(parameterIndex, x, targetSqlType, -1));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, style().ofObject(parameterIndex, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        checkClosed();
        style().checkSqlTypeObjects();
        parameters.set(parameterIndex, style().ofObject(parameterIndex, x, ParameterConversions.typeNumber(targetSqlType), -1));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        checkClosed();
        style().checkSqlTypeObjects();
        parameters.set(parameterIndex, style().ofObject(parameterIndex, x, ParameterConversions.typeNumber(targetSqlType), scaleOrLength));
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, x == null ? null : x.toString());
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, -1));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.readAscii(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, -1));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNCharacterStream");
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value, -1));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNCharacterStream");
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value, length));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, inputStream, -1));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, inputStream, length));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNClob");
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNClob");
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, -1));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkClosed();
        style().checkNationalCharacters("setNClob");
        parameters.set(parameterIndex, ParameterConversions.read(parameterIndex, reader, length));
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluicePreparedStatement.setUnicodeStream on a buffered INSERT");
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluicePreparedStatement.setRef on a buffered INSERT");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluicePreparedStatement.setArray on a buffered INSERT");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluicePreparedStatement.setRowId on a buffered INSERT");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        checkClosed();
        throw Errors.notSupported("SluicePreparedStatement.setSQLXML on a buffered INSERT");
    }
}

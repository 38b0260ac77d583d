package io.sluice.engine;

import java.sql.ResultSet;

/**
 * The outcome of one statement: a result set, or an update count. Owned by the caller, who closes the
 * result set; {@link #close()} closes it and the statement behind it.
 */
public final class Result implements AutoCloseable {
    private final ResultSet resultSet;
    private final long updateCount;
    private final String queryId;
    private final java.sql.Statement underlying;

    private Result(ResultSet resultSet, long updateCount, String queryId, java.sql.Statement underlying) {
        this.resultSet = resultSet;
        this.updateCount = updateCount;
        this.queryId = queryId;
        this.underlying = underlying;
    }

    /** A query's rows. */
    public static Result ofQuery(ResultSet resultSet, String queryId, java.sql.Statement underlying) {
        return new Result(resultSet, -1, queryId, underlying);
    }

    /** An update count: rows written, or 0 for an insert that did not wait. */
    public static Result ofUpdate(long updateCount, String queryId, java.sql.Statement underlying) {
        return new Result(null, updateCount, queryId, underlying);
    }

    /** Whether this result holds rows. */
    public boolean isQuery() {
        return resultSet != null;
    }

    /** The rows, or {@code null} for an update. */
    public ResultSet resultSet() {
        return resultSet;
    }

    /** The update count, or -1 for a query. */
    public long updateCount() {
        return updateCount;
    }

    /** The statement's query id. */
    public String queryId() {
        return queryId;
    }

    @Override
    public void close() throws java.sql.SQLException {
        try {
            if (resultSet != null) {
                resultSet.close();
            }
        } finally {
            if (underlying != null) {
                underlying.close();
            }
        }
    }
}

package io.sluice.jdbc;

import io.sluice.engine.EngineSession;
import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hand-written engine session for driver tests: statements run directly on an in-memory SQLite target;
 * an {@code INSERT … ?} is "buffered" into a {@link RecordingInsert}; a statement starting with
 * {@code FAIL} throws {@link #failure}, one starting with {@code CRASH} throws {@link #crash} (an unchecked
 * exception from below, as a plugin's bug would throw).
 */
final class FakeSession implements EngineSession {
    final Connection target;
    final List<String> executed = new ArrayList<>();
    final List<String> queryIds = new ArrayList<>();
    final SluiceSqlException failure = new SluiceSqlException(ErrorCode.UNKNOWN_TABLE, "Table main.nowhere does not exist");
    final IllegalStateException crash = new IllegalStateException("a plugin's bug");
    Statement lastUnderlying;
    RecordingInsert lastInsert;
    int closeCalls;
    boolean engineShutDown;
    private int generated;
    private String lastQueryId;

    FakeSession() throws SQLException {
        target = DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @Override
    public Result execute(String sql, String queryId, Consumer<Statement> configurer) throws SQLException {
        executed.add(sql);
        String id = queryId != null ? queryId : "generated-" + ++generated;
        queryIds.add(id);
        lastQueryId = id;
        if (sql.startsWith("FAIL")) {
            throw failure;
        }
        if (sql.startsWith("CRASH")) {
            throw crash;
        }
        Statement statement = target.createStatement();
        if (configurer != null) {
            configurer.accept(statement);
        }
        lastUnderlying = statement;
        if (statement.execute(sql)) {
            return Result.ofQuery(statement.getResultSet(), id, statement);
        }
        long count = statement.getUpdateCount();
        statement.close();
        return Result.ofUpdate(count, id, null);
    }

    @Override
    public PreparedInsert prepareInsert(String sql) {
        if (!sql.startsWith("INSERT") || !sql.contains("?")) {
            return null;
        }
        lastInsert = new RecordingInsert((int) sql.chars().filter(ch -> ch == '?').count());
        return lastInsert;
    }

    @Override
    public PreparedStatement preparePassThrough(String sql) throws SQLException {
        return target.prepareStatement(sql);
    }

    @Override
    public Connection targetConnection() {
        return target;
    }

    @Override
    public boolean isTargetOpen() {
        return true;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return target.getAutoCommit();
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        target.setAutoCommit(autoCommit);
    }

    @Override
    public String lastQueryId() {
        return lastQueryId;
    }

    @Override
    public boolean isClosed() {
        return closeCalls > 0 || engineShutDown;
    }

    @Override
    public void close() throws SQLException {
        closeCalls++;
        target.close();
    }

    /** A buffered insert that records what it is given and reports {@link #rowsWritten} rows. */
    static final class RecordingInsert implements PreparedInsert {
        final int parameterCount;
        final List<List<Object[]>> executions = new ArrayList<>();
        final List<String> queryIds = new ArrayList<>();
        /** Rows reported per execution; -1 reports one per parameter set (a waiting insert). */
        long rowsWritten = -1;
        SQLException failure;
        RuntimeException crash;

        RecordingInsert(int parameterCount) {
            this.parameterCount = parameterCount;
        }

        @Override
        public int parameterCount() {
            return parameterCount;
        }

        @Override
        public Result execute(List<Object[]> parameterSets, String queryId) throws SQLException {
            if (failure != null) {
                throw failure;
            }
            if (crash != null) {
                throw crash;
            }
            executions.add(parameterSets);
            queryIds.add(queryId);
            return Result.ofUpdate(rowsWritten < 0 ? parameterSets.size() : rowsWritten,
                    queryId != null ? queryId : "insert-" + executions.size(), null);
        }
    }
}

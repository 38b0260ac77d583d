package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.PreparedInsert;
import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
import io.sluice.parser.InsertSource;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.PassThroughStatement;
import io.sluice.parser.SetStatement;
import io.sluice.parser.Statement;
import io.sluice.parser.SystemFlushLogsStatement;
import io.sluice.parser.SystemFlushQueueStatement;
import io.sluice.parser.SystemQueryStatement;
import io.sluice.parser.SystemReplayDeadLetterStatement;
import io.sluice.parser.format.ValuesTemplate;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepared statements of a session: a buffered INSERT whose {@code ?} are bound per row, Sluice's own
 * statements run as written, a prepared query on the system tables, or the target's prepared statement.
 */
final class Preparer {
    private final Session session;
    private final Engine engine;
    private final TargetConnection target;

    Preparer(Session session, Engine engine, TargetConnection target) {
        this.session = session;
        this.engine = engine;
        this.target = target;
    }

    /** See {@link Session#prepareInsert}. */
    PreparedInsert prepareInsert(String sql) throws SQLException {
        Statement statement = engine.parser.parse(sql);
        if (statement instanceof SetStatement || statement instanceof SystemFlushQueueStatement
                || statement instanceof SystemFlushLogsStatement || statement instanceof SystemReplayDeadLetterStatement) {
            return runAsWritten(sql, false);
        }
        if (!(statement instanceof InsertStatement insert)) {
            return null;
        }
        if (insert.head().source() != InsertSource.VALUES) {
            return runAsWritten(sql, true);
        }
        if (PassThroughHandler.isTargetInsert(insert, true, engine) || ownTable(insert)) {
            return null;
        }
        ResolvedInserts.Resolved r;
        try {
            r = session.resolve(insert.head());
        } catch (SluiceSqlException e) {
            if (insert.head().settings().isEmpty() && SessionTables.unknownHere(e)
                    && session.probeOwnTable(insert.head())) {
                // A temporary table only this session's connection sees: prepared there (preparePassThrough).
                return null;
            }
            throw e;
        }
        ValuesTemplate template = ValuesTemplate.parse(insert.sql(), insert.dataStart(), r.queue().columns.size());
        return new PreparedInsert() {
            @Override
            public int parameterCount() {
                return template.parameterCount();
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId) throws SQLException {
                return execute(parameterSets, queryId, null);
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId, StatementControl control) throws SQLException {
                // One parameter set (executeUpdate) is the common case: its rows as the template made them.
                List<Object[]> rows = parameterSets.size() == 1 ? template.rows(parameterSets.get(0)) : new ArrayList<>(parameterSets.size());
                if (parameterSets.size() != 1) {
                    for (Object[] parameters : parameterSets) {
                        rows.addAll(template.rows(parameters));
                    }
                }
                return session.executePrepared(insert, rows, queryId, control);
            }
        };
    }

    /** Whether the INSERT's table is one only the session's connection sees (a temporary table). */
    private boolean ownTable(InsertStatement insert) {
        return insert.head().settings().isEmpty() && session.ownsTable(insert.head());
    }

    /** A prepared statement without parameters that runs its text through {@link Session#execute} each time. */
    private PreparedInsert runAsWritten(String sql, boolean isInsert) {
        return new PreparedInsert() {
            @Override
            public int parameterCount() {
                return 0;
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId) throws SQLException {
                return session.execute(sql, queryId, null);
            }

            @Override
            public Result execute(List<Object[]> parameterSets, String queryId, StatementControl control) throws SQLException {
                return session.execute(sql, queryId, null, control);
            }

            @Override
            public boolean isInsert() {
                return isInsert;
            }
        };
    }

    /** See {@link Session#preparePassThrough}. */
    PreparedStatement preparePassThrough(String sql) throws SQLException {
        Statement statement = engine.parser.parse(sql);
        if (statement instanceof SystemQueryStatement query) {
            return SystemPreparedStatement.create(sql, rows -> session.readSystem(query.tables(), rows));
        }
        session.beforeTargetStatement(sql);
        if (statement instanceof InsertStatement insert && (PassThroughHandler.isTargetInsert(insert, true, engine) || ownTable(insert))) {
            return target.get().prepareStatement(sql);
        }
        if (!(statement instanceof PassThroughStatement)) {
            throw new SluiceSqlException(ErrorCode.NOT_IMPLEMENTED, "Only INSERTs, queries and pass-through statements can be prepared; run "
                    + "this statement with Statement.execute: " + sql);
        }
        if (PassThroughHandler.changesSchema(sql)) {
            engine.invalidateMetadata();
        }
        return target.get().prepareStatement(sql);
    }
}

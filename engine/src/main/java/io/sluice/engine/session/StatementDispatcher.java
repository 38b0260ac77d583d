package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.parser.InsertSource;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.PassThroughStatement;
import io.sluice.parser.SetStatement;
import io.sluice.parser.Statement;
import io.sluice.parser.SystemFlushLogsStatement;
import io.sluice.parser.SystemFlushQueueStatement;
import io.sluice.parser.SystemQueryStatement;
import io.sluice.parser.SystemReplayDeadLetterStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;

/**
 * Sends each statement of a session to the handler of its kind: an INSERT with data to the buffer, an
 * INSERT…SELECT and an INSERT that is the target's own SQL to the target, {@code SET} and the {@code SYSTEM}
 * statements to Sluice, a query on {@code system.*} to the system tables, anything else through to the
 * target database. One per session.
 */
final class StatementDispatcher {
    final BufferedInsertHandler bufferedInsert;
    private final Engine engine;
    private final InsertSelectHandler insertSelect;
    private final SetHandler set;
    private final FlushQueueHandler flushQueue;
    private final FlushLogsHandler flushLogs;
    private final ReplayDeadLetterHandler replay;
    private final SystemQueryHandler systemQuery;
    private final PassThroughHandler passThrough;

    StatementDispatcher(Session session, Engine engine, TargetConnection target) {
        this.engine = engine;
        this.passThrough = new PassThroughHandler(session, engine, target);
        this.bufferedInsert = new BufferedInsertHandler(session, engine, passThrough);
        this.insertSelect = new InsertSelectHandler(session, engine, target);
        this.set = new SetHandler(session);
        this.flushQueue = new FlushQueueHandler(engine);
        this.flushLogs = new FlushLogsHandler(engine);
        this.replay = new ReplayDeadLetterHandler(session, engine);
        this.systemQuery = new SystemQueryHandler(session);
    }

    Result run(Statement statement, StatementHandler.Call call) throws SQLException {
        if (statement instanceof InsertStatement insert) {
            if (PassThroughHandler.isTargetInsert(insert, false, engine)) {
                return passThrough.runInsert(call);
            }
            if (insert.head().source() == InsertSource.SELECT) {
                return insertSelect.run(insert, call);
            }
            return bufferedInsert.run(insert, call);
        } else if (statement instanceof SetStatement s) {
            return set.run(s, call);
        } else if (statement instanceof SystemReplayDeadLetterStatement s) {
            return replay.run(s, call);
        } else if (statement instanceof SystemFlushQueueStatement s) {
            return flushQueue.run(s, call);
        } else if (statement instanceof SystemFlushLogsStatement s) {
            return flushLogs.run(s, call);
        } else if (statement instanceof SystemQueryStatement s) {
            return systemQuery.run(s, call);
        } else if (statement instanceof PassThroughStatement s) {
            return passThrough.run(s, call);
        }
        throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Unhandled statement " + statement);
    }
}

package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.parser.SystemReplayDeadLetterStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;

/** {@code SYSTEM REPLAY ASYNC INSERT DEAD LETTER [table]}: writes the dead letters again, each as a synchronous INSERT of the session. */
final class ReplayDeadLetterHandler implements StatementHandler<SystemReplayDeadLetterStatement> {
    private final Session session;
    private final Engine engine;

    ReplayDeadLetterHandler(Session session, Engine engine) {
        this.session = session;
        this.engine = engine;
    }

    @Override
    public Result run(SystemReplayDeadLetterStatement replay, Call call) throws SQLException {
        call.trace().kind = "System";
        if (!session.getAutoCommit()) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "SYSTEM REPLAY ASYNC INSERT DEAD LETTER writes each entry in a"
                    + " transaction of its own; commit or roll back the connection's transaction first");
        }
        TableInfo table = replay.table() == null ? null : engine.table(replay.table());
        call.trace().started = true;
        long written = engine.replayDeadLetters(table, engine.engineSettings);
        return Result.ofUpdate(written, call.queryId(), null);
    }
}

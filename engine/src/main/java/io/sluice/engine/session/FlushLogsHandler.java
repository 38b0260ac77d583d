package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.parser.SystemFlushLogsStatement;
import java.sql.SQLException;

/** {@code SYSTEM FLUSH LOGS}: writes every queued log row now. */
final class FlushLogsHandler implements StatementHandler<SystemFlushLogsStatement> {
    private final Engine engine;

    FlushLogsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Result run(SystemFlushLogsStatement flush, Call call) throws SQLException {
        call.trace().kind = "System";
        call.trace().started = true;
        engine.flushLogs();
        return Result.ofUpdate(0, call.queryId(), null);
    }
}

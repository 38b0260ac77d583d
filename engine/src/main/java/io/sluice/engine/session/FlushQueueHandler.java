package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.SystemFlushQueueStatement;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@code SYSTEM FLUSH ASYNC INSERT QUEUE [tables]}: flushes the open buffers of the tables (of all) and waits for them. */
final class FlushQueueHandler implements StatementHandler<SystemFlushQueueStatement> {
    private final Engine engine;

    FlushQueueHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Result run(SystemFlushQueueStatement flush, Call call) throws SQLException {
        call.trace().kind = "System";
        List<TableInfo> tables = new ArrayList<>();
        for (QualifiedName name : flush.tables()) {
            tables.add(engine.table(name));
        }
        call.trace().started = true;
        engine.flushQueues(tables);
        return Result.ofUpdate(0, call.queryId(), null);
    }
}

package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.engine.insert.KeyResolver;
import io.sluice.engine.system.Metrics;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertStatement;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;

/**
 * {@code INSERT INTO t … SELECT …}: checked like any INSERT (table, columns, settings), then run on the
 * target connection as the target's SQL ({@link InsertSelectRewrite}), synchronously: the rows come from
 * the target database itself, so there is nothing to buffer.
 */
final class InsertSelectHandler implements StatementHandler<InsertStatement> {
    private final Session session;
    private final Engine engine;
    private final TargetConnection target;

    InsertSelectHandler(Session session, Engine engine, TargetConnection target) {
        this.session = session;
        this.engine = engine;
        this.target = target;
    }

    @Override
    public Result run(InsertStatement insert, Call call) throws SQLException {
        call.trace().kind = "Insert";
        call.trace().started = true;
        InsertHead head = insert.head();
        if (head.settings().isEmpty() && session.ownsTable(head)) {
            return passThrough(insert, call);
        }
        TableInfo table;
        try {
            table = engine.table(head.table());
        } catch (SluiceSqlException e) {
            if (head.settings().isEmpty() && SessionTables.unknownHere(e) && session.probeOwnTable(head)) {
                // A temporary table only this session's connection sees: its SELECT runs there as written.
                return passThrough(insert, call);
            }
            throw e;
        }
        String sql = InsertSelectRewrite.rewrite(insert, table, head.columns() == null ? null : KeyResolver.columns(table, head.columns()),
                target.identifierQuote());
        session.checkSettings(head.settings());
        session.beforeTargetStatement(insert.sql());
        try (java.sql.Statement statement = target.get().createStatement()) {
            long rows = statement.executeLargeUpdate(sql);
            engine.metrics.add(Metrics.Event.SynchronousInsertQuery, 1);
            return Result.ofUpdate(rows, call.queryId(), null);
        }
    }

    private Result passThrough(InsertStatement insert, Call call) throws SQLException {
        session.beforeTargetStatement(insert.sql());
        try (java.sql.Statement statement = target.get().createStatement()) {
            long rows = statement.executeLargeUpdate(insert.sql());
            engine.metrics.add(Metrics.Event.SynchronousInsertQuery, 1);
            return Result.ofUpdate(rows, call.queryId(), null);
        }
    }
}

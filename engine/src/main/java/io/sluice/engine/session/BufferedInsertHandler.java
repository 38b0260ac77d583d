package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
import io.sluice.engine.insert.PendingInsert;
import io.sluice.engine.insert.RowBytes;
import io.sluice.engine.insert.TableCatalog;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertSource;
import io.sluice.parser.InsertStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.List;

/**
 * An INSERT with inline data (VALUES or FORMAT) or a prepared INSERT's rows: appended to its buffer key and,
 * as the settings say, waited for until written or until durable. It runs synchronously instead inside a
 * transaction, with {@code async_insert = 0}, or when larger than {@code async_insert_max_data_size}. The
 * hot path: no target connection, no parse beyond the parser's head cache, one lookup of the resolved head.
 */
final class BufferedInsertHandler implements StatementHandler<InsertStatement> {
    private final Session session;
    private final Engine engine;
    private final PassThroughHandler passThrough;

    BufferedInsertHandler(Session session, Engine engine, PassThroughHandler passThrough) {
        this.session = session;
        this.engine = engine;
        this.passThrough = passThrough;
    }

    @Override
    public Result run(InsertStatement insert, Call call) throws SQLException {
        return run(insert, null, call);
    }

    /** @param typedRows a prepared INSERT's rows, or {@code null} for the statement's inline data */
    Result run(InsertStatement insert, /* nullable */ List<Object[]> typedRows, Call call) throws SQLException {
        try {
            return runOnce(insert, typedRows, call);
        } catch (SQLException e) {
            // A table changed by another application since Sluice cached it can fail an INSERT that is right for the
            // table as it is: with its shape asked again (the session then resolves the head anew), it runs once more.
            // Its failed attempt wrote nothing, and its dead letter must not be replayed on top of the retry.
            if (!engine.refreshAfter(insert.head().table(), e)) {
                throw e;
            }
            engine.withdrawDeadLetter(call.queryId());
            return runOnce(insert, typedRows, call);
        }
    }

    private Result runOnce(InsertStatement insert, /* nullable */ List<Object[]> typedRows, Call call) throws SQLException {
        InsertHead head = insert.head();
        QueryTrace trace = call.trace();
        trace.kind = "Insert";
        trace.text = head.text();
        trace.textIsHead = true;
        if (typedRows == null && head.settings().isEmpty() && session.ownsTable(head)) {
            // A temporary table: only this session's connection sees it, so it can never be buffered.
            return passThrough.runInsert(call);
        }
        ResolvedInserts.Resolved r;
        try {
            r = session.resolve(head);
        } catch (SluiceSqlException e) {
            if (typedRows == null && head.settings().isEmpty() && !session.getAutoCommit()
                    && TableCatalog.staleShapeCouldExplain(e.getErrorCode())) {
                // DDL earlier in this transaction is invisible to the engine's own connections (Flyway on SQLite):
                // the transaction's connection sees the table as it is, so the target decides.
                return passThrough.runInsert(call);
            }
            if (typedRows == null && head.settings().isEmpty() && SessionTables.unknownHere(e)
                    && session.probeOwnTable(head)) {
                // Not found by the engine's connections but seen by this session's: a temporary table.
                return passThrough.runInsert(call);
            }
            throw e;
        }
        // Drawn again with the INSERT's own settings: the one draw that decides its row.
        trace.logged = QueryTrace.logged(r.logQueries(), r.logProbability());
        trace.database = r.queue().table.database();
        trace.table = r.queue().table.name();
        trace.logComment = r.logComment();
        int bytes;
        if (typedRows == null) {
            bytes = insert.dataBytes();
            // FORMAT with no data is 0 rows, as in ClickHouse: buffered, flushed and logged Ok with 0 bytes. A bare
            // VALUES keyword with nothing after it is SQL missing its tuples, refused as any database would.
            if (bytes == 0 && head.source() == InsertSource.VALUES) {
                throw new SluiceSqlException(ErrorCode.SYNTAX_ERROR, "INSERT INTO " + head.table() + " has no data after VALUES");
            }
        } else {
            bytes = RowBytes.of(typedRows);
        }
        trace.bytes = bytes;
        EffectiveSettings settings = r.settings();
        // getAutoCommit does not open the target connection: an async INSERT must not need one.
        boolean inTransaction = !session.getAutoCommit();
        if (inTransaction && settings.getBoolean(Setting.ASYNC_INSERT) && session.keepsInTransaction(settings)
                && bytes <= settings.getLong(Setting.ASYNC_INSERT_MAX_DATA_SIZE)) {
            trace.started = true;
            return Result.ofUpdate(session.keepInTransaction(r.queue(), insert.sql(), insert.dataStart(), typedRows), call.queryId(), null);
        }
        if (inTransaction || !settings.getBoolean(Setting.ASYNC_INSERT) || bytes > settings.getLong(Setting.ASYNC_INSERT_MAX_DATA_SIZE)) {
            trace.started = true;
            long rows = engine.insertNow(r.queue(), insert.sql(), insert.dataStart(), typedRows,
                    inTransaction ? session.targetConnection() : null);
            return Result.ofUpdate(rows, call.queryId(), null);
        }
        if (call.control() != null && call.control().isCancelled()) {
            throw StatementControl.cancelled("before its INSERT was buffered; nothing was queued");
        }
        boolean waits = settings.getBoolean(Setting.WAIT_FOR_ASYNC_INSERT);
        PendingInsert pending = engine.append(r.queue(), insert.sql(), insert.dataStart(), typedRows, bytes, call.queryId(), r.logComment(),
                r.deduplicationToken(), waits, call.control());
        trace.started = true;
        if (!waits) {
            engine.awaitDurable(pending, settings.getMillis(Setting.WAIT_FOR_ASYNC_INSERT_TIMEOUT));
            // Its batch's flush, not the entry: a session keeps one future per batch, not one per INSERT.
            session.unwritten(r.queue().table, pending.written());
            return Result.ofUpdate(0, call.queryId(), null);
        }
        try {
            return Result.ofUpdate(engine.await(pending, settings.getMillis(Setting.WAIT_FOR_ASYNC_INSERT_TIMEOUT), call.control()),
                    call.queryId(), null);
        } catch (SQLException e) {
            if (!pending.isDone()) {
                // Timed out, cancelled or interrupted: the data stays queued and may still be written, so later reads must wait for it.
                session.unwritten(r.queue().table, pending);
            }
            throw e;
        }
    }
}

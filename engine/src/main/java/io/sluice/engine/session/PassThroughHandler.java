package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Result;
import io.sluice.engine.system.Metrics;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertSource;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.PassThroughStatement;
import io.sluice.parser.SqlText;
import io.sluice.parser.format.ValuesShape;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * A statement that is not Sluice's: it runs on the session's target connection as written. So does an
 * INSERT that is the target's own SQL ({@link #isTargetInsert}), synchronously.
 */
final class PassThroughHandler implements StatementHandler<PassThroughStatement> {
    private static final Set<String> SCHEMA_KEYWORDS = Set.of("create", "alter", "drop", "attach", "detach");

    private final Session session;
    private final Engine engine;
    private final TargetConnection target;

    PassThroughHandler(Session session, Engine engine, TargetConnection target) {
        this.session = session;
        this.engine = engine;
        this.target = target;
    }

    @Override
    public Result run(PassThroughStatement statement, Call call) throws SQLException {
        call.trace().kind = kind(call.sql());
        call.trace().started = true;
        return passThrough(statement.sql(), call);
    }

    /** An INSERT that is the target's own SQL ({@link #isTargetInsert}). */
    Result runInsert(Call call) throws SQLException {
        call.trace().kind = "Insert";
        call.trace().started = true;
        engine.metrics.add(Metrics.Event.SynchronousInsertQuery, 1);
        return passThrough(call.sql(), call);
    }

    private Result passThrough(String sql, Call call) throws SQLException {
        session.beforeTargetStatement(sql);
        java.sql.Statement statement = target.get().createStatement();
        try {
            if (call.configurer() != null) {
                call.configurer().accept(statement);
            }
            boolean query = statement.execute(sql);
            boolean ddl = changesSchema(sql);
            if (ddl) {
                engine.invalidateMetadata();
                session.afterDdl(sql);
            }
            if (query) {
                return Result.ofQuery(statement.getResultSet(), call.queryId(), statement);
            }
            // DDL changes no rows; some drivers (sqlite-jdbc) report the previous statement's count for it.
            return Result.ofUpdate(ddl ? 0 : Math.max(0, statement.getLargeUpdateCount()), call.queryId(), statement);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Whether an INSERT is the target database's SQL rather than one Sluice buffers: its VALUES hold an
     * expression ({@code now()}, a cast, a function) or are followed by a clause ({@code ON CONFLICT},
     * {@code RETURNING}, {@code ON DUPLICATE KEY UPDATE}). Such an INSERT runs on the target connection as
     * written, synchronously, like any statement that is not an async insert. One with a {@code SETTINGS}
     * clause is Sluice's in any case (the target could not run it): its data fails as its own entry.
     *
     * An INSERT in MariaDB/MySQL's own syntax ({@code VALUE}, {@code SET a = 1}) is the target's too when the target
     * is not MariaDB or MySQL, with or without {@code SETTINGS}: the target gives its own error for it.
     *
     * @param placeholders whether {@code ?} stands for a value (a prepared statement)
     */
    static boolean isTargetInsert(InsertStatement insert, boolean placeholders, Engine engine) {
        if (insert.mysqlForm() && !engine.storage().acceptsMySqlInsertForms()) {
            return true;
        }
        InsertHead head = insert.head();
        return head.source() == InsertSource.VALUES && head.settings().isEmpty()
                && !ValuesShape.isLiteralTuples(insert.sql(), insert.dataStart(), placeholders);
    }

    /** Whether a pass-through statement may change a table's shape, so cached metadata must go. */
    static boolean changesSchema(String sql) {
        return SCHEMA_KEYWORDS.contains(SqlText.firstWord(sql).toLowerCase(Locale.ROOT));
    }

    /** The {@code query_kind} of a statement passed through, from its first word. */
    private static String kind(String sql) {
        return switch (SqlText.firstWord(sql).toLowerCase(Locale.ROOT)) {
            case "select", "with", "values", "explain", "pragma", "show", "describe", "desc" -> "Select";
            case "insert", "replace", "copy", "merge", "upsert" -> "Insert";
            case "update" -> "Update";
            case "delete", "truncate" -> "Delete";
            case "create" -> "Create";
            case "drop" -> "Drop";
            case "alter", "rename" -> "Alter";
            case "begin", "start", "commit", "rollback", "savepoint", "release", "end" -> "Transaction";
            default -> "Other";
        };
    }
}

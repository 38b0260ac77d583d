package io.sluice.engine.session;

import io.sluice.engine.Result;
import io.sluice.engine.StatementControl;
import io.sluice.parser.Statement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Runs one kind of statement for a session: the {@link StatementDispatcher} picks the handler by the
 * statement's kind, the handler fills in the statement's {@link QueryTrace} as it goes.
 *
 * @param <S> the kind of statement
 */
interface StatementHandler<S extends Statement> {
    /**
     * One statement to run.
     *
     * @param sql the statement's text as the client sent it
     * @param queryId its query id
     * @param configurer applied to the JDBC statement that runs it, if any (max rows, fetch size, timeout); may be {@code null}
     * @param control the JDBC statement's query timeout and cancel, for an INSERT's wait; may be {@code null}
     */
    record Call(String sql, String queryId, Consumer<java.sql.Statement> configurer, QueryTrace trace, StatementControl control) {
        Call(String sql, String queryId, Consumer<java.sql.Statement> configurer, QueryTrace trace) {
            this(sql, queryId, configurer, trace, null);
        }
    }

    Result run(S statement, Call call) throws SQLException;
}

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
    final class Call extends QueryTrace {
        private final String sql;
        private final String queryId;
        private final Consumer<java.sql.Statement> configurer;
        private final StatementControl control;

        /**
         * @param startMicros when the statement started, for its trace
         * @param traceText the statement's text as {@code system.query_log} keeps it until a handler knows better
         * @param logged whether the statement gets a {@code system.query_log} row
         */
        Call(String sql, String queryId, Consumer<java.sql.Statement> configurer, long startMicros, String traceText, boolean logged,
                StatementControl control) {
            super(startMicros, traceText, logged);
            this.sql = sql;
            this.queryId = queryId;
            this.configurer = configurer;
            this.control = control;
        }

        String sql() {
            return sql;
        }

        String queryId() {
            return queryId;
        }

        Consumer<java.sql.Statement> configurer() {
            return configurer;
        }

        /** What {@code system.query_log} will show of the statement: the call itself, one object per statement. */
        QueryTrace trace() {
            return this;
        }

        StatementControl control() {
            return control;
        }
    }

    Result run(S statement, Call call) throws SQLException;
}

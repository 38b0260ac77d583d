package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.Errors;
import io.sluice.engine.Result;
import io.sluice.engine.system.SystemTables;

/**
 * What {@code system.query_log} will show of one statement, filled in by its handler as it runs, and
 * turned into the row when it ends. Used by the thread running the statement; a statement's
 * {@link StatementHandler.Call} is its trace, so that a statement costs one object for both.
 */
class QueryTrace {
    /** Longest statement text {@code system.query_log} keeps of a statement that did not parse. */
    private static final int UNPARSED_QUERY_LOG_LENGTH = 1_000;

    final long startMicros;
    /** Whether the statement gets a row ({@code log_queries}); an INSERT decides with its own settings. */
    boolean logged;
    /** Whether the statement got past its checks: an error then is {@code ExceptionWhileProcessing}. */
    boolean started;
    String kind = "Other";
    String text;
    /** Whether {@code text} is an INSERT's head as the parser gave it, rather than the statement's own text. */
    boolean textIsHead;
    String database = "";
    String table = "";
    long bytes;
    String logComment = "";

    QueryTrace(long startMicros, String text, boolean logged) {
        this.startMicros = startMicros;
        this.text = text;
        this.logged = logged;
    }

    /**
     * Whether a statement gets a row: {@code log_queries} on and, with {@code log_queries_probability} under 1, the
     * statement drawn at random with that probability.
     */
    static boolean logged(boolean logQueries, double probability) {
        return logQueries && (probability >= 1 || probability > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < probability);
    }

    /** A statement's text as its trace keeps it until a handler knows better: only up to a bound. */
    static String statementText(String sql) {
        return sql.length() > UNPARSED_QUERY_LOG_LENGTH ? sql.substring(0, UNPARSED_QUERY_LOG_LENGTH) + "…" : sql;
    }

    /** Queues the statement's row ({@link #row}) in {@code system.query_log}. */
    void log(Engine engine, String queryId, long endMicros, /* nullable */ Result result, /* nullable */ Exception error) {
        if (error == null && textIsHead) {
            // The common case, an INSERT that finished: queued without a row object when its text is the previous row's.
            long written = result != null && "Insert".equals(kind) ? Math.max(0, result.updateCount()) : 0;
            engine.logFinishedInsert(endMicros, startMicros, kind, queryId, text, database, table, written, written > 0 ? bytes : 0, logComment);
        } else {
            engine.logQuery(row(queryId, endMicros, result, error));
        }
    }

    /** The statement's row: {@code QueryFinish}, or the exception and whether it started. */
    SystemTables.QueryLogRow row(String queryId, long endMicros, /* nullable */ Result result, /* nullable */ Exception error) {
        long written = 0;
        if (result != null && "Insert".equals(kind)) {
            written = Math.max(0, result.updateCount());
        }
        String type = error == null ? "QueryFinish" : started ? "ExceptionWhileProcessing" : "ExceptionBeforeStart";
        return new SystemTables.QueryLogRow(type, endMicros, startMicros, kind, queryId, text, textIsHead, database, table, written,
                written > 0 ? bytes : 0, error == null ? 0 : Errors.code(error), error == null ? "" : String.valueOf(error.getMessage()), logComment);
    }
}

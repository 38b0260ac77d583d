package io.sluice.engine.session;

import io.sluice.engine.Result;
import io.sluice.engine.system.SystemTables;
import io.sluice.parser.SystemQueryStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A query on {@code system.*}: answered by the system database, after the live tables it names are rebuilt. */
final class SystemQueryHandler implements StatementHandler<SystemQueryStatement> {
    private final Session session;

    SystemQueryHandler(Session session) {
        this.session = session;
    }

    @Override
    public Result run(SystemQueryStatement query, Call call) throws SQLException {
        call.trace().kind = "Select";
        SystemTables.checkQuery(query.sql());
        call.trace().started = true;
        ResultSet rows = session.readSystem(query.tables(), connection -> {
            try (java.sql.Statement system = connection.createStatement()) {
                if (call.configurer() != null) {
                    call.configurer().accept(system);
                }
                if (!system.execute(query.sql())) {
                    throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Statements on system tables must be queries: " + query.sql());
                }
                return SystemTables.detach(system.getResultSet());
            }
        });
        return Result.ofQuery(rows, call.queryId(), null);
    }
}

package io.sluice.engine.session;

import io.sluice.engine.Result;
import io.sluice.parser.SetStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code SET name = value}: a setting for the rest of the session. */
final class SetHandler implements StatementHandler<SetStatement> {
    private final Session session;

    SetHandler(Session session) {
        this.session = session;
    }

    @Override
    public Result run(SetStatement set, Call call) throws SQLException {
        call.trace().kind = "Set";
        session.applySet(List.of(set.assignment()));
        return Result.ofUpdate(0, call.queryId(), null);
    }
}

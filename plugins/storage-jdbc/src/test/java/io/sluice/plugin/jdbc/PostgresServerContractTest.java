package io.sluice.plugin.jdbc;

import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The storage contract against the PostgreSQL server, whatever the dialect: the server, the columns every
 * dialect writes into it, and how to see a write wait for another transaction's lock.
 */
abstract class PostgresServerContractTest extends StorageContractTest {
    /** Columns of the types every dialect binds into PostgreSQL as they are. */
    static final List<TypedColumn> STANDARD_TYPED_COLUMNS = List.of(
            new TypedColumn("i", "BIGINT", ValueType.INTEGER),
            new TypedColumn("r", "DOUBLE PRECISION", ValueType.REAL),
            new TypedColumn("n", "NUMERIC(30,10)", ValueType.NUMERIC),
            new TypedColumn("f", "BOOLEAN", ValueType.BOOLEAN),
            new TypedColumn("t", "TEXT", ValueType.TEXT),
            new TypedColumn("bl", "BYTEA", ValueType.BLOB),
            new TypedColumn("d", "DATE", ValueType.DATE),
            new TypedColumn("ts", "TIMESTAMP(6)", ValueType.TIMESTAMP),
            new TypedColumn("tz", "TIMESTAMPTZ", ValueType.TIMESTAMP));

    @Override
    TestServers.Server server() {
        return TestServers.Server.POSTGRES;
    }

    /** Polls pg_stat_activity until a session waits for a lock that {@code other} holds. */
    @Override
    void awaitLockWait(Connection other, String tableKey, Future<?> write) throws Exception {
        int blocker = other.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ? = ANY(pg_blocking_pids(pid))")) {
            statement.setInt(1, blocker);
            pollUntilWaiting(statement, write);
        }
    }
}

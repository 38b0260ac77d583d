package io.sluice.engine.session;

import io.sluice.parser.InsertHead;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.TemporaryTableDdl;
import io.sluice.spi.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables only this session's target connection can see, so that INSERTs into them pass through on that
 * connection, synchronously, instead of being buffered: the engine writes through its own connections, which
 * never see them. A table gets here two ways: a temporary table created by DDL passed through this session
 * ({@link TemporaryTableDdl}), which also shadows a table of the same name from then on; and a table the storage
 * does not find but the session's connection does ({@link #probe}), such as a temporary table created before
 * Sluice saw the connection's DDL. A table dropped through the session is forgotten. Names compare ignoring case;
 * a name qualified with SQLite's {@code temp} or PostgreSQL's {@code pg_temp} matches the bare name. One per
 * session; thread-safe, as a connection's statements may come from several threads.
 */
final class SessionTables {
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    /** Whether INSERTs into {@code head}'s table pass through; a set lookup only once the session has such a table. */
    boolean contains(InsertHead head) {
        return !names.isEmpty() && names.contains(key(head.table()));
    }

    /**
     * Whether the storage's error says it found no such table or database ({@code temp.t} on SQLite,
     * {@code pg_temp.t} on PostgreSQL), so the session's own connection may still see one.
     */
    static boolean unknownHere(SQLException e) {
        return e.getErrorCode() == ErrorCode.UNKNOWN_TABLE.code() || e.getErrorCode() == ErrorCode.UNKNOWN_DATABASE.code();
    }

    /** After DDL passed through this session: remembers the temporary table it created, forgets those it dropped. */
    void afterDdl(String sql) {
        QualifiedName created = TemporaryTableDdl.created(sql);
        if (created != null) {
            names.add(key(created));
            return;
        }
        for (QualifiedName dropped : TemporaryTableDdl.dropped(sql)) {
            names.remove(key(dropped));
        }
    }

    /**
     * After the storage found no such table: whether {@code connection}, the session's own, can read it (a
     * query that returns no row); if so the table is remembered. Only in autocommit mode: a failed probe would
     * abort a PostgreSQL transaction.
     */
    boolean probe(InsertHead head, Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT * FROM " + head.tableText() + " WHERE 1 = 0").close();
        } catch (SQLException notVisible) {
            return false;
        }
        names.add(key(head.table()));
        return true;
    }

    private static String key(QualifiedName name) {
        String database = name.database();
        boolean temporarySchema = database == null || database.equalsIgnoreCase("temp") || database.equalsIgnoreCase("pg_temp");
        return (temporarySchema ? "" : database.toLowerCase(Locale.ROOT) + '.') + name.name().toLowerCase(Locale.ROOT);
    }
}

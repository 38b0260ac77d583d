package io.sluice.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The database Sluice writes to. One instance per engine, used by many threads at once: every method is
 * thread-safe. {@link #close()} releases the storage's connections; calling it twice does nothing.
 */
public interface Storage extends AutoCloseable {
    /** The database (schema) a table name without qualifier refers to, e.g. {@code main} for SQLite. */
    String defaultDatabase();

    /**
     * The table's shape, read from the database. The engine caches the answer and asks again after DDL
     * that passed through Sluice or after a write failed on a changed table.
     *
     * @param database the database, or {@code null} for {@link #defaultDatabase()}
     * @param table the table's name as the user wrote it (unquoted)
     * @return the table, or empty when it does not exist
     */
    Optional<TableInfo> table(String database, String table) throws SQLException;

    /**
     * Writes one part in a transaction of its own: either every row is committed or none is. When the
     * part has {@link Part#blocks() ledger blocks}, blocks whose id the ledger already holds are skipped
     * and the others' ids are recorded, in the same transaction (see {@link Part.Block}).
     *
     * @return the ids of the blocks skipped because the ledger already held them; empty when none
     * @throws SQLException the database's error; {@link #classify} tells what it means
     */
    Set<String> writePart(Part part) throws SQLException;

    /**
     * Writes several parts of one table in one transaction: all of them are committed, or none is. The
     * engine uses it when flushes of a table queue up, so that they share one commit. The default writes
     * them one by one, which is correct only for a single part; storages that can share a transaction
     * override it.
     *
     * @return the ids of the blocks of every part skipped because the ledger already held them
     * @throws SQLException when any part fails; then nothing of any part is committed
     */
    default Set<String> writeParts(List<Part> parts) throws SQLException {
        if (parts.size() != 1) {
            throw new java.sql.SQLFeatureNotSupportedException("This storage writes one part per transaction");
        }
        return writePart(parts.get(0));
    }

    /**
     * Whether this storage keeps a ledger of block ids in the target database, written in the same
     * transaction as the rows (see {@link Part.Block}). Without one, the engine refuses
     * {@code async_insert_deduplicate} and exactly-once replay from a durable buffer.
     */
    default boolean supportsLedger() {
        return false;
    }

    /**
     * Writes rows through a connection from {@link #openConnection()}, inside that connection's current
     * transaction (the caller commits). Used for INSERTs that run synchronously in a user's transaction.
     */
    void writeRows(Connection connection, Part part) throws SQLException;

    /**
     * Opens a connection for statements that pass through Sluice unchanged (DDL, SELECT, UPDATE…) and
     * for the user's own transactions. The caller owns and closes it.
     */
    Connection openConnection() throws SQLException;

    /** Tells whether a failed write is worth retrying, splitting, or neither. */
    ErrorKind classify(SQLException error);

    @Override
    void close();
}

package io.sluice.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The database Sluice writes to. Built by a {@link StorageFactory}; one instance per engine.
 *
 * <p><b>Threading.</b> Used by many threads at once: every method is thread-safe. The engine writes up to
 * {@link #concurrentWrites()} parts of one table at once (one after another for a storage that answers 1, the
 * default); parts of different tables, metadata reads and pass-through connections overlap.
 *
 * <p><b>Ownership.</b> The rows of a {@link Part} belong to the engine: a storage reads them during the
 * call and keeps no reference. A {@link Connection} from {@link #openConnection()} belongs to the caller.
 *
 * <p><b>Lifecycle.</b> {@link #close()} releases the storage's own connections; after it, the write and
 * metadata methods throw {@link SQLException}. Calling it twice does nothing.
 *
 * <p>The plugin kit's {@code StorageKit} checks this contract.
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
     * @throws SQLException when the database cannot be asked, or the storage is closed
     */
    Optional<TableInfo> table(String database, String table) throws SQLException;

    /**
     * Whether the database takes MariaDB/MySQL's INSERT forms: {@code VALUE} for {@code VALUES}, and the single-row
     * {@code INSERT INTO t SET a = 1, b = 'x'}. Sluice buffers those as the equivalent {@code VALUES} only when
     * this says yes; otherwise they pass through to the database as written, which gives its own error. The
     * default is false.
     *
     * @return whether the database's SQL has MariaDB/MySQL's INSERT forms
     */
    default boolean acceptsMySqlInsertForms() {
        return false;
    }

    /**
     * Writes one part in a transaction of its own: either every row is committed or none is. When the
     * part has {@link Part#blocks() ledger blocks}, blocks whose id the ledger already holds are skipped
     * and the others' ids are recorded with the part's {@link Part#ledgerWriter()}, in the same transaction (see
     * {@link Part.Block} and {@link #committedBlocks}).
     *
     * @return the ids of the blocks skipped because the ledger already held them; empty when none
     * @throws SQLException the database's error; {@link #classify} tells what it means
     */
    Set<String> writePart(Part part) throws SQLException;

    /**
     * Writes several parts of one table in one transaction: all of them are committed, or none is. The
     * engine uses it when flushes of a table queue up, so that they share one commit. The default accepts
     * a single part only and refuses more with {@link java.sql.SQLFeatureNotSupportedException}, writing
     * nothing; storages that can share a transaction override it.
     *
     * @param parts the parts, in the order their rows are written
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
     * How many writes ({@link #writePart}, {@link #writeParts}) of one table the storage takes at once to its
     * benefit: the engine runs up to that many flushes of a table side by side (fewer when the engine setting
     * {@code async_insert_max_flushes_per_table} says so). A database with one writer (SQLite) answers 1, and the
     * table's flushes run one after another; a server that commits concurrent transactions side by side and groups
     * their commits, written through a pool of connections, answers the pool's size. Writes that overlap may commit
     * in any order; two of them that record the same ledger id must not both commit it (the ledger's unique key
     * makes the later one fail transiently, and its retry skips the block).
     *
     * @return at least 1, the same answer on every call; 1 by default
     */
    default int concurrentWrites() {
        return 1;
    }

    /**
     * Whether this storage keeps a ledger of block ids in the target database, written in the same
     * transaction as the rows (see {@link Part.Block}). Without one, the engine refuses
     * {@code async_insert_deduplicate} and exactly-once replay from a durable buffer.
     *
     * @return the same answer on every call; {@code false} by default
     */
    @Experimental("added with the ledger; may change once a second storage keeps a ledger")
    default boolean supportsLedger() {
        return false;
    }

    /**
     * Whether a write that failed may have committed nonetheless: true when the database commits on a server,
     * over a connection that can die while the COMMIT runs or while its answer is on the way. When it is true
     * and the storage {@link #supportsLedger() keeps a ledger}, the engine gives every part ledger blocks (ids of
     * its own for rows that have none), so that such a write is {@link #committedBlocks resolved} rather than
     * repeated. A storage whose COMMIT runs in the engine's process and either returns or rolls back (SQLite)
     * answers false, and its parts carry no blocks beyond those deduplication or a durable buffer asks for.
     *
     * @return the same answer on every call; {@code true} by default, the safe answer when unsure
     */
    @Experimental("added for writes whose COMMIT answer was lost; may change once a second storage keeps a ledger")
    default boolean writeOutcomeCanBeUnknown() {
        return true;
    }

    /**
     * Resolves a write whose outcome is unknown: after {@link #writePart} or {@link #writeParts} failed in a way
     * that does not tell whether it committed (the connection was lost while the COMMIT ran, or before its
     * answer arrived), answers the ids of {@code part}'s blocks that the ledger holds as recorded by this very
     * part, that is with its {@link Part#ledgerWriter()}. A block whose id the ledger holds for another writer
     * is not included: the lost write skipped it, or has not committed. Reads in a transaction of its own, on a
     * connection other than the failed write's.
     *
     * <p>The engine reads the answer so: any block included means the write committed (all its blocks that are
     * not included were skipped); none means it did not, or it skipped every block, and writing the part again
     * gives the same result in both cases, because every row the engine writes with a ledger is in a block.
     *
     * <p>The default throws {@link java.sql.SQLFeatureNotSupportedException}: the engine then writes the part
     * again, and the ledger's skip keeps it from writing a row twice, but the client may be told 0 rows.
     *
     * @param part a part given to a failed write, with its blocks
     * @return the ids of the blocks the part's own write recorded; empty when it recorded none
     * @throws SQLException when the database cannot be asked ({@link #classify} tells whether to ask again)
     */
    @Experimental("added for writes whose COMMIT answer was lost; may change once a second storage keeps a ledger")
    default Set<String> committedBlocks(Part part) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("This storage cannot tell which blocks a lost write committed");
    }

    /**
     * Writes rows through a connection from {@link #openConnection()}, inside that connection's current
     * transaction (the caller commits). Used for INSERTs that run synchronously in a user's transaction.
     * Ledger blocks are ignored: the engine gives none here.
     *
     * @param connection a connection this storage opened; the storage neither commits nor closes it
     * @param part the rows to write
     * @throws SQLException the database's error; the caller decides whether to roll back
     */
    void writeRows(Connection connection, Part part) throws SQLException;

    /**
     * Opens a connection for statements that pass through Sluice unchanged (DDL, SELECT, UPDATE…) and
     * for the user's own transactions. The caller owns and closes it; closing the storage may close
     * connections still open.
     *
     * @return a new connection in auto-commit mode
     * @throws SQLException when the database cannot be reached, or the storage is closed
     */
    Connection openConnection() throws SQLException;

    /**
     * Tells whether a failed write is worth retrying, splitting, or neither. Must not throw and must not
     * touch the database: it reads the exception only.
     *
     * @param error an exception one of this storage's methods threw, as it was thrown
     * @return {@link ErrorKind#FATAL} for anything the storage does not recognise
     */
    ErrorKind classify(SQLException error);

    /**
     * Releases the storage's connections and other resources. Calling it twice does nothing; it never
     * throws.
     */
    @Override
    void close();
}

package io.sluice.plugin.jdbc;

import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger of block ids in the target database ({@value Dialect#LEDGER_TABLE} in the storage's default
 * database): which entries of which table were already written, for deduplication and exactly-once replay.
 * Same semantics as the SQLite storage's ledger; every lookup and record runs in the caller's write
 * transaction, so rows and ids commit together. Two engines recording the same id at once collide on the
 * unique key (table_name, block_id): the later one fails with a {@link LedgerConflictException}, which is
 * {@link ErrorKind#TRANSIENT}, and its retry finds the id and skips the block.
 *
 * <p>Each id is recorded with its writer ({@link Part#ledgerWriter()}, in the column {@code part_name}), so that a
 * write whose COMMIT answer was lost can be resolved: {@link #recordedBy} tells which of its blocks it committed.
 *
 * <p>Keys longer than {@value #MAX_KEY_LENGTH} characters are stored as {@code sha256:} and their hash, so
 * the unique key fits every database's index limit. Thread-safe: holds no connection, only whether the
 * table was created.
 */
final class JdbcLedger {
    static final int MAX_KEY_LENGTH = 255;
    /** Ids looked up or recorded per statement. */
    static final int IDS_PER_STATEMENT = 200;
    /** A table's ids are trimmed once an eighth of its window was recorded since the last trim. */
    static final int TRIM_FRACTION = 8;
    /** The most rows {@link #recordWithRows} writes in the ledger's statement. */
    static final int ROWS_WITH_LEDGER = 100;

    private final Dialect dialect;
    private final String database;
    private final String table;
    private volatile boolean created;
    /** Per table, the ids this storage recorded since it last trimmed the table's ids. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> sinceTrim =
            new java.util.concurrent.ConcurrentHashMap<>();

    JdbcLedger(Dialect dialect, String database) {
        this.dialect = dialect;
        this.database = database;
        this.table = dialect.qualify(database, Dialect.LEDGER_TABLE);
    }

    /**
     * Creates the ledger table if this storage has not yet seen it. Runs before the write transaction begins,
     * with autocommit on: DDL commits implicitly on MariaDB, and on PostgreSQL a failed probe must not abort
     * the transaction the rows are written in.
     */
    void ensureCreated(Connection connection) throws SQLException {
        if (created) {
            return;
        }
        synchronized (this) {
            if (created) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            try {
                dialect.createLedger(connection, database);
            } finally {
                if (!autoCommit) {
                    connection.setAutoCommit(false);
                }
            }
            created = true;
        }
    }

    /**
     * Looks up every block of {@code part}: adds the ids the ledger already holds to {@code skipped},
     * records the others, trims the table's ids to the part's window, and returns the part without the
     * skipped blocks' rows. Runs in the caller's transaction.
     */
    Part filter(Connection connection, Part part, Set<String> skipped, boolean optimistic) throws SQLException {
        String tableKey = key(part.database() + "." + part.table());
        List<Part.Block> blocks = part.blocks();
        boolean ownIdsOnly = ownIdsOnly(part);
        if (!ownIdsOnly) {
            // Only ids another write may share (tokens, hashes, a durable buffer's entry ids) can be stale ones of a
            // table dropped since: a part holding only its own run ids skips the identity's two round trips.
            followIdentity(connection, part, tableKey);
        }
        if (optimistic && ownIdsOnly) {
            // Ids unique to this part are new unless this very part was written before: recorded without a lookup,
            // and the unique key refuses them (LedgerConflictException) in that rare case.
            List<String> keys = new ArrayList<>(blocks.size());
            for (Part.Block block : blocks) {
                keys.add(key(block.id()));
            }
            try {
                record(connection, tableKey, keys, key(part.ledgerWriter()));
            } catch (LedgerConflictException recordedBefore) {
                throw new OwnIdsRecorded(recordedBefore);
            }
            int window = Math.max(part.ledgerWindow(), 1);
            if (trimDue(tableKey, keys.size(), window)) {
                trim(connection, tableKey, window);
            }
            return part.withoutBlocks(i -> false);
        }
        Set<String> present = lookup(connection, tableKey, blocks);
        Set<String> recorded = new LinkedHashSet<>();
        boolean[] skip = new boolean[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            String blockKey = key(blocks.get(i).id());
            skip[i] = present.contains(blockKey) || !recorded.add(blockKey);
            if (skip[i]) {
                skipped.add(blocks.get(i).id());
            }
        }
        record(connection, tableKey, new ArrayList<>(recorded), key(part.ledgerWriter()));
        int window = Math.max(part.ledgerWindow(), 1);
        if (trimDue(tableKey, recorded.size(), window)) {
            trim(connection, tableKey, window);
        }
        return part.withoutBlocks(i -> skip[i]);
    }

    /**
     * Whether {@link #recordWithRows} and {@link #commitWithRows} can write the part: the dialect records ids and
     * inserts rows in one round trip ({@link Dialect#insertsWithLedger}), and the part holds its own run ids alone (no
     * id another write may share, so no lookup and no table identity to follow), writes every column in every row,
     * and has at most {@value #ROWS_WITH_LEDGER} rows (within the dialect's {@link Dialect#fitsOneTrip}): a larger
     * part gains nothing from saving a round trip and keeps the bulk path.
     */
    boolean recordsWithRows(Part part) {
        List<Part.Block> blocks = part.blocks();
        List<Object[]> rows = part.rows();
        int columns = part.columns().size();
        if (!dialect.insertsWithLedger() || blocks.isEmpty() || blocks.size() > IDS_PER_STATEMENT || rows.isEmpty()
                || rows.size() > ROWS_WITH_LEDGER || columns == 0
                || (long) rows.size() * columns + 3L * blocks.size() > dialect.maxParameters() || !ownIdsOnly(part)) {
            return false;
        }
        for (Object[] row : rows) {
            for (int c = 0; c < columns; c++) {
                if (row[c] == Part.DEFAULT) {
                    return false;
                }
            }
        }
        return dialect.fitsOneTrip(part);
    }

    /**
     * Records the part's own ids and inserts its rows in one round trip ({@link Dialect#ledgerWithRows}: on
     * PostgreSQL {@code WITH … AS (INSERT INTO ledger …) INSERT INTO t …}) instead of the record's and the rows'
     * (a COPY's two on PostgreSQL). Only for a part {@link #recordsWithRows} accepts, on its optimistic first attempt.
     * Runs in the caller's transaction, as the table's trim does when due.
     *
     * @throws OwnIdsRecorded on a unique violation, which may be the ledger's (this very part was written before)
     *     or the table's own key: the caller writes again with lookups, each statement on its own, which tells them apart
     */
    void recordWithRows(Connection connection, Part part) throws SQLException {
        runWithRows(connection, part, false);
        String tableKey = key(part.database() + "." + part.table());
        int window = Math.max(part.ledgerWindow(), 1);
        if (trimDue(tableKey, part.blocks().size(), window)) {
            trim(connection, tableKey, window);
        }
    }

    /**
     * Records the part's own ids, inserts its rows and commits them in one round trip, where {@link #recordWithRows}
     * takes a second for the COMMIT: on PostgreSQL its one statement runs with autocommit on (atomic by itself); on
     * MariaDB the multi-statement ends with {@code COMMIT}. The ids still commit with the rows or not at all, so a
     * write whose answer is lost is resolved from the ledger as after a lost COMMIT answer. Only for a part
     * {@link #recordsWithRows} accepts, on its optimistic first attempt, on a connection with autocommit off and no
     * transaction open; leaves autocommit off. When the table's trim is due, it runs afterwards in a transaction of
     * its own: the part is committed by then, and a trim that fails is tried again on a later write.
     *
     * @throws OwnIdsRecorded as {@link #recordWithRows}; nothing was committed (the caller rolls back what ran)
     * @throws SQLException nothing was committed (the caller rolls back what ran), or, when the connection was lost,
     *     the outcome is unknown
     */
    void commitWithRows(Connection connection, Part part) throws SQLException {
        if (dialect.oneTrip() == Dialect.OneTrip.STATEMENT_AUTOCOMMIT) {
            connection.setAutoCommit(true);
            try {
                runWithRows(connection, part, true);
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.setAutoCommit(false);
                } catch (SQLException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            connection.setAutoCommit(false);
        } else {
            runWithRows(connection, part, true);
            // The statement committed: the driver sends nothing more, and the pool no longer sees a transaction open.
            connection.commit();
        }
        String tableKey = key(part.database() + "." + part.table());
        int window = Math.max(part.ledgerWindow(), 1);
        if (trimDue(tableKey, part.blocks().size(), window)) {
            try {
                trim(connection, tableKey, window);
                connection.commit();
            } catch (SQLException failed) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // A broken connection: the pool evicts it.
                }
                // Due again on the next write of the table.
                sinceTrim.get(tableKey).addAndGet(window);
            }
        }
    }

    /** The statement of {@link #recordWithRows} ({@code commit} false) or {@link #commitWithRows}, executed. */
    private void runWithRows(Connection connection, Part part, boolean commit) throws SQLException {
        List<Part.Block> blocks = part.blocks();
        List<Object[]> rows = part.rows();
        int columns = part.columns().size();
        int[] written = new int[columns];
        for (int c = 0; c < columns; c++) {
            written[c] = c;
        }
        String tableKey = key(part.database() + "." + part.table());
        String writer = key(part.ledgerWriter());
        StringBuilder ledgerInsert = new StringBuilder(96 + 12 * blocks.size()).append("INSERT INTO ").append(table)
                .append(" (table_name, block_id, part_name) VALUES ");
        for (int i = 0; i < blocks.size(); i++) {
            ledgerInsert.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        String rowsInsert = MultiRowInsert.sql(dialect.insertHead(part, written), columns, rows.size());
        try (PreparedStatement statement = connection.prepareStatement(dialect.ledgerWithRows(ledgerInsert.toString(), rowsInsert, commit))) {
            int parameter = 1;
            for (Part.Block block : blocks) {
                statement.setString(parameter++, tableKey);
                statement.setString(parameter++, key(block.id()));
                statement.setString(parameter++, writer);
            }
            MultiRowInsert.bindRows(statement, parameter, dialect, part, written, 0, rows.size());
            statement.executeUpdate();
            while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                // A multi-statement's later results: each read, so that a failure among them is thrown here.
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new OwnIdsRecorded(new LedgerConflictException("A block id of " + tableKey
                        + " or a row's key was recorded before; written again with lookups: " + e.getMessage(), e));
            }
            throw e;
        }
    }

    private static boolean ownIdsOnly(Part part) {
        for (Part.Block block : part.blocks()) {
            if (!part.ownsId(block.id())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Forgets the table's ids when the table is not the one they were recorded for: the ledger remembers the
     * table's identity ({@link Dialect#tableIdentity}) under the key {@code identity:<database>.<table>}, and a
     * table dropped and created again since, through Sluice or any other connection, has another. Runs in the
     * part's transaction.
     */
    private void followIdentity(Connection connection, Part part, String tableKey) throws SQLException {
        String identity = dialect.tableIdentity(connection, part.database(), part.table());
        if (identity == null) {
            return;
        }
        String identityKey = key("identity:" + part.database() + "." + part.table());
        String remembered = null;
        try (PreparedStatement find = connection.prepareStatement("SELECT block_id FROM " + table + " WHERE table_name = ?")) {
            find.setString(1, identityKey);
            try (ResultSet found = find.executeQuery()) {
                if (found.next()) {
                    remembered = found.getString(1);
                }
            }
        }
        if (remembered != null && dialect.sameTable(remembered, identity)) {
            if (!remembered.equals(identity)) {
                update(connection, identityKey, identity);
            }
            return;
        }
        if (remembered != null) {
            // Another table of that name: the ids recorded for the one before are not its.
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM " + table + " WHERE table_name = ?")) {
                forget.setString(1, tableKey);
                forget.executeUpdate();
            }
            update(connection, identityKey, identity);
            return;
        }
        // A table first seen here keeps the ids recorded before the ledger remembered identities.
        record(connection, identityKey, List.of(identity), "identity");
    }

    private void update(Connection connection, String identityKey, String identity) throws SQLException {
        try (PreparedStatement remember = connection.prepareStatement("UPDATE " + table + " SET block_id = ? WHERE table_name = ?")) {
            remember.setString(1, identity);
            remember.setString(2, identityKey);
            remember.executeUpdate();
        }
    }

    /**
     * The ids of {@code part}'s blocks that the ledger holds as recorded by the part itself (its
     * {@link Part#ledgerWriter()}): what a write of it whose outcome was lost committed.
     */
    Set<String> recordedBy(Connection connection, Part part) throws SQLException {
        Set<String> present = lookup(connection, key(part.database() + "." + part.table()), part.blocks(), key(part.ledgerWriter()));
        Set<String> committed = new HashSet<>();
        for (Part.Block block : part.blocks()) {
            if (present.contains(key(block.id()))) {
                committed.add(block.id());
            }
        }
        return committed;
    }

    private Set<String> lookup(Connection connection, String tableKey, List<Part.Block> blocks) throws SQLException {
        return lookup(connection, tableKey, blocks, null);
    }

    /** The keys of {@code blocks} the ledger holds for the table; only those {@code writer} recorded, unless it is null. */
    private Set<String> lookup(Connection connection, String tableKey, List<Part.Block> blocks, String writer) throws SQLException {
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(blocks.stream().map(block -> key(block.id())).toList()));
        Set<String> present = new HashSet<>();
        for (int from = 0; from < keys.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IDS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("SELECT block_id FROM ").append(table).append(" WHERE table_name = ?")
                    .append(writer == null ? "" : " AND part_name = ?").append(" AND block_id IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.append(')').toString())) {
                int parameter = 1;
                statement.setString(parameter++, tableKey);
                if (writer != null) {
                    statement.setString(parameter++, writer);
                }
                for (String key : chunk) {
                    statement.setString(parameter++, key);
                }
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        present.add(found.getString(1));
                    }
                }
            }
        }
        return present;
    }

    private void record(Connection connection, String tableKey, List<String> unordered, String writer) throws SQLException {
        // In one order for every writer: two overlapping writes that share ids then wait for each other on the first
        // one they share instead of each holding one the other needs (a deadlock the database would break by failing one).
        List<String> keys = new ArrayList<>(unordered);
        keys.sort(null);
        for (int from = 0; from < keys.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IDS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (table_name, block_id, part_name) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int parameter = 1;
                for (String key : chunk) {
                    statement.setString(parameter++, tableKey);
                    statement.setString(parameter++, key);
                    statement.setString(parameter++, writer);
                }
                statement.executeUpdate();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw new LedgerConflictException("Another writer recorded a block id of " + tableKey
                            + " in the ledger at the same time; a retry skips the blocks it wrote: " + e.getMessage(), e);
                }
                throw e;
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLIntegrityConstraintViolationException || (state != null && state.startsWith("23"));
    }

    /**
     * Whether the table's ids are due for a trim: once this storage recorded an eighth of the window since its
     * last one (and always for a window under 8). Finding the cut-off reads {@code window} index entries, so
     * trimming on every write would cost a flush time in proportion to the window; trimming now and then keeps
     * at most an eighth more ids than the window, which only keeps ids longer (more deduplication, never less).
     */
    private boolean trimDue(String tableKey, int recorded, int window) {
        java.util.concurrent.atomic.AtomicLong count = sinceTrim.computeIfAbsent(tableKey, k -> new java.util.concurrent.atomic.AtomicLong());
        long now = count.addAndGet(recorded);
        if (now < Math.max(1, window / TRIM_FRACTION)) {
            return false;
        }
        count.set(0);
        return true;
    }

    /**
     * A part's own ids, recorded without a lookup, were in the ledger already: this very part was written before.
     * The storage rolls back and writes again with lookups; it never reaches the engine.
     */
    static final class OwnIdsRecorded extends java.sql.SQLTransactionRollbackException {
        private static final long serialVersionUID = 1L;

        OwnIdsRecorded(LedgerConflictException cause) {
            super(cause.getMessage(), "40001", cause);
        }
    }

    /** Keeps the table's {@code window} newest ids. */
    private void trim(Connection connection, String tableKey, int window) throws SQLException {
        long cutoff;
        try (PreparedStatement statement = connection.prepareStatement(
                dialect.rowAtOffset("SELECT seq FROM " + table + " WHERE table_name = ? ORDER BY seq DESC"))) {
            statement.setString(1, tableKey);
            statement.setInt(2, window - 1);
            try (ResultSet found = statement.executeQuery()) {
                if (!found.next()) {
                    return;
                }
                cutoff = found.getLong(1);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE table_name = ? AND seq < ?")) {
            statement.setString(1, tableKey);
            statement.setLong(2, cutoff);
            statement.executeUpdate();
        }
    }

    /** The ledger's key for an id or table name: itself, or {@code sha256:<hex>} when it is too long to index. */
    static String key(String value) {
        if (value.length() <= MAX_KEY_LENGTH) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("sha256:");
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}

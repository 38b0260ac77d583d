package io.sluice.plugin.sqlite;

import io.sluice.spi.Part;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The ledger of block ids in the target database's {@code main} schema ({@value #TABLE}): which entries
 * of which table were already written, for deduplication and exactly-once replay. Used only by the
 * storage's writer connection, inside its write transaction and under its lock, so it needs no locking
 * of its own; it keeps that connection's prepared statements.
 *
 * <p>The ids follow their table, as ClickHouse's deduplication ids live with the table's parts: a table dropped
 * and created again, through Sluice or any other connection, starts with none. SQLite gives a table no identity
 * that survives only as long as the table itself (a recreated table can get the same root page, schema row and
 * text), so the ledger marks each table it keeps ids for with a trigger that never fires,
 * {@code sluice_ledger_mark_<random>}; DROP TABLE drops it with the table. The ledger remembers each table's
 * mark under the key {@code identity:<database>.<table>}; when the table's mark is not the one remembered,
 * its ids are forgotten, in the same transaction as the part's rows.
 */
final class SqliteLedger {
    static final String TABLE = "sluice_ledger";
    /** The name of the trigger that marks a table the ledger keeps ids for, before its random part. */
    static final String MARK_PREFIX = "sluice_ledger_mark_";

    private PreparedStatement record;
    private PreparedStatement trim;

    /**
     * Looks up every block of {@code part}: adds the ids the ledger already holds to {@code skipped},
     * records the others, trims the table's ids to the part's window, and returns the part without the
     * skipped blocks' rows. Runs in the caller's transaction.
     */
    Part filter(Connection writer, Part part, Set<String> skipped) throws SQLException {
        prepare(writer);
        String table = part.database() + "." + part.table();
        followIdentity(writer, part.database(), part.table(), table);
        List<Part.Block> blocks = part.blocks();
        // One batch of INSERT OR IGNORE records every block the ledger does not hold yet; a block whose
        // insert changed nothing was committed before and is skipped.
        for (Part.Block block : blocks) {
            record.setString(1, table);
            record.setString(2, block.id());
            record.setString(3, part.ledgerWriter());
            record.addBatch();
        }
        int[] recorded = blocks.isEmpty() ? new int[0] : record.executeBatch();
        for (int i = 0; i < blocks.size(); i++) {
            if (recorded[i] == 0) {
                skipped.add(blocks.get(i).id());
            }
        }
        trim.setString(1, table);
        trim.setString(2, table);
        trim.setInt(3, Math.max(part.ledgerWindow(), 1) - 1);
        trim.executeUpdate();
        return part.withoutBlocks(i -> recorded[i] == 0);
    }

    /**
     * The ids of {@code part}'s blocks that the ledger holds as recorded by the part itself (its
     * {@link Part#ledgerWriter()}).
     */
    Set<String> recordedBy(Connection writer, Part part) throws SQLException {
        prepare(writer);
        Set<String> committed = new HashSet<>();
        try (PreparedStatement lookup = writer.prepareStatement("SELECT 1 FROM main." + TABLE
                + " WHERE table_name = ? AND block_id = ? AND part_name = ?")) {
            for (Part.Block block : part.blocks()) {
                lookup.setString(1, part.database() + "." + part.table());
                lookup.setString(2, block.id());
                lookup.setString(3, part.ledgerWriter());
                try (ResultSet found = lookup.executeQuery()) {
                    if (found.next()) {
                        committed.add(block.id());
                    }
                }
            }
        }
        return committed;
    }

    /**
     * Forgets the table's ids when the table is not the one they were recorded for: its mark trigger is not the
     * one the ledger remembers (or is gone). Marks a table that has none.
     */
    private void followIdentity(Connection writer, String database, String tableName, String table) throws SQLException {
        String schema = quote(database);
        String mark = null;
        try (PreparedStatement find = writer.prepareStatement("SELECT name FROM " + schema + ".sqlite_schema WHERE type = 'trigger'"
                + " AND tbl_name = ? COLLATE NOCASE AND name LIKE '" + MARK_PREFIX + "%' ORDER BY name LIMIT 1")) {
            find.setString(1, tableName);
            try (ResultSet found = find.executeQuery()) {
                if (found.next()) {
                    mark = found.getString(1);
                }
            }
        }
        if (mark == null) {
            mark = MARK_PREFIX + UUID.randomUUID().toString().replace("-", "");
            try (Statement statement = writer.createStatement()) {
                // Never fires (WHEN 0): it only lives and dies with the table.
                statement.execute("CREATE TRIGGER " + schema + "." + quote(mark) + " AFTER DELETE ON " + quote(tableName)
                        + " WHEN 0 BEGIN SELECT 1; END");
            }
        }
        String identityKey = "identity:" + table;
        String remembered = null;
        try (PreparedStatement find = writer.prepareStatement("SELECT block_id FROM main." + TABLE + " WHERE table_name = ?")) {
            find.setString(1, identityKey);
            try (ResultSet found = find.executeQuery()) {
                if (found.next()) {
                    remembered = found.getString(1);
                }
            }
        }
        if (mark.equals(remembered)) {
            return;
        }
        if (remembered != null) {
            // Another table of that name: the ids recorded for the one before are not its.
            try (PreparedStatement forget = writer.prepareStatement("DELETE FROM main." + TABLE + " WHERE table_name IN (?, ?)")) {
                forget.setString(1, table);
                forget.setString(2, identityKey);
                forget.executeUpdate();
            }
        }
        // A table first seen here keeps the ids recorded before the ledger remembered identities.
        try (PreparedStatement remember = writer.prepareStatement("INSERT INTO main." + TABLE + " (table_name, block_id, part_name)"
                + " VALUES (?, ?, 'identity')")) {
            remember.setString(1, identityKey);
            remember.setString(2, mark);
            remember.executeUpdate();
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Creates the ledger table if needed and prepares its statements; call outside a transaction, so that no rollback undoes the DDL. */
    void prepare(Connection writer) throws SQLException {
        if (record != null) {
            return;
        }
        try (Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS main." + TABLE + " (seq INTEGER PRIMARY KEY, table_name TEXT NOT NULL,"
                    + " block_id TEXT NOT NULL, part_name TEXT NOT NULL, UNIQUE (table_name, block_id))");
            statement.execute("CREATE INDEX IF NOT EXISTS main." + TABLE + "_by_table ON " + TABLE + " (table_name, seq)");
        }
        record = writer.prepareStatement("INSERT OR IGNORE INTO main." + TABLE + " (table_name, block_id, part_name) VALUES (?, ?, ?)");
        trim = writer.prepareStatement("DELETE FROM main." + TABLE + " WHERE table_name = ? AND seq < (SELECT seq FROM main." + TABLE
                + " WHERE table_name = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)");
    }

    void close() {
        for (PreparedStatement statement : new PreparedStatement[] {record, trim}) {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // The writer connection closes next and releases it anyway.
                }
            }
        }
        record = trim = null;
    }
}

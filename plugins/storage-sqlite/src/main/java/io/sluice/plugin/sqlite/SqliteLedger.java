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

/**
 * The ledger of block ids in the target database's {@code main} schema ({@value #TABLE}): which entries
 * of which table were already written, for deduplication and exactly-once replay. Used only by the
 * storage's writer connection, inside its write transaction and under its lock, so it needs no locking
 * of its own; it keeps that connection's prepared statements.
 */
final class SqliteLedger {
    static final String TABLE = "sluice_ledger";

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

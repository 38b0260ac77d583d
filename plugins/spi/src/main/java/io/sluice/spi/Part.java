package io.sluice.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One storage write: rows for one table, written all-or-nothing. Built by the engine (or by a test); the
 * record is immutable and its column and block lists are copies.
 *
 * <p>The engine owns the row arrays; a storage reads them and must not keep or modify them after
 * {@link Storage#writePart} returns. A value may be {@link #DEFAULT}, meaning "the column was omitted in
 * this row: let the database apply its default".
 *
 * @param database the target database, as {@link TableInfo#database()} names it
 * @param table the target table, as {@link TableInfo#name()} names it
 * @param columns the columns each row holds values for, in order
 * @param rows the rows; each array has one value per column, in the Java types {@link ValueType} lists
 * @param name the part's name, unique within the engine run, for {@code system.part_log}
 * @param flushQueryId the query id of the flush that writes this part
 * @param blocks runs of rows, one per client entry, that carry an id for the storage's ledger; empty when
 *     the flush needs no ledger (neither deduplication nor exactly-once replay). Only given to storages
 *     that {@link Storage#supportsLedger() support a ledger}
 * @param ledgerWindow how many ids per table the ledger keeps; older ids are forgotten. 0 when
 *     {@code blocks} is empty
 */
public record Part(
        String database,
        String table,
        List<ColumnInfo> columns,
        List<Object[]> rows,
        String name,
        String flushQueryId,
        List<Block> blocks,
        int ledgerWindow) {
    /** Marks a value the database should fill with the column's default; compare it with {@code ==}. */
    public static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /**
     * Copies the column and block lists.
     *
     * @throws IllegalArgumentException when {@code ledgerWindow} is negative
     */
    public Part {
        columns = List.copyOf(columns);
        blocks = List.copyOf(blocks);
        if (ledgerWindow < 0) {
            throw new IllegalArgumentException("ledgerWindow must not be negative: " + ledgerWindow);
        }
    }

    /**
     * A part without ledger blocks.
     *
     * @param database the target database
     * @param table the target table
     * @param columns the columns each row holds values for
     * @param rows the rows, one value per column
     * @param name the part's name
     * @param flushQueryId the query id of the flush that writes it
     */
    public Part(String database, String table, List<ColumnInfo> columns, List<Object[]> rows, String name, String flushQueryId) {
        this(database, table, columns, rows, name, flushQueryId, List.of(), 0);
    }

    /**
     * What the ledger records beside each id this part records, so that {@link Storage#committedBlocks} can tell
     * later which write recorded it: the part's name and its flush's query id. The engine never gives two parts
     * the same pair; writing the same part again (a retry) keeps it.
     *
     * @return {@code name + "/" + flushQueryId}
     */
    @Experimental("added for writes whose COMMIT answer was lost; may change once a second storage keeps a ledger")
    public String ledgerWriter() {
        return name + "/" + flushQueryId;
    }

    /**
     * The id of a part's {@code n}-th run of rows that carry no id of their own (the engine gives every row a
     * block when a write's COMMIT answer can be lost): unique to the part, since it holds the part's flush query
     * id and name.
     */
    @Experimental("added for writes whose COMMIT answer was lost; may change once a second storage keeps a ledger")
    public static String runId(String flushQueryId, String name, int n) {
        return "part:" + flushQueryId + "/" + name + "/" + n;
    }

    /**
     * Whether {@code id} is one of this part's own {@link #runId run ids}. No other part records such an id, so
     * a storage may record it without looking it up first; only a second write of this very part (after a write
     * whose outcome was lost) finds it recorded already, and the ledger's unique key then refuses it.
     */
    @Experimental("added for writes whose COMMIT answer was lost; may change once a second storage keeps a ledger")
    public boolean ownsId(String id) {
        return id.startsWith("part:" + flushQueryId + "/" + name + "/");
    }

    /**
     * What a storage writes once its ledger has been consulted: this part without the rows of the blocks
     * it skips, and without ledger blocks. Rows outside every block are kept, and the rows keep their order;
     * the row arrays are shared, not copied. Blocks are expected in row order and not overlapping, as the
     * engine builds them.
     *
     * @param skipped tells, for the index of a block in {@link #blocks()}, whether its rows are left out
     *     (its id was already in the ledger, or an earlier block of this part carries the same id)
     * @return the part to write, with the same database, table, columns, name and flush query id
     */
    @Experimental("added with the ledger; may change once a second storage keeps a ledger")
    public Part withoutBlocks(IntPredicate skipped) {
        List<Object[]> kept = new ArrayList<>(rows.size());
        int covered = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.firstRow() > covered) {
                kept.addAll(rows.subList(covered, block.firstRow()));
            }
            covered = block.firstRow() + block.rowCount();
            if (!skipped.test(i)) {
                kept.addAll(rows.subList(block.firstRow(), covered));
            }
        }
        if (covered < rows.size()) {
            kept.addAll(rows.subList(covered, rows.size()));
        }
        return new Part(database, table, columns, kept, name, flushQueryId);
    }

    /**
     * Rows {@code firstRow} to {@code firstRow + rowCount - 1} of a part, written or skipped as a unit.
     *
     * <p>The storage looks {@code id} up in its ledger (a table of Sluice's own in the target database)
     * inside the part's transaction. When the ledger already holds the id for the part's table, the
     * block's rows are not written; otherwise they are written and the id is recorded, in the same
     * transaction. Ids are deduplication tokens, hashes of an entry's data, or a durable buffer's entry
     * ids (for exactly-once replay after a crash).
     *
     * @param id the block's id, unique per table within the ledger window
     * @param firstRow index of the block's first row in {@link Part#rows()}
     * @param rowCount how many rows the block holds (may be 0: an entry without rows still records its id)
     */
    @Experimental("added with the ledger; the window and id rules may change once a second storage keeps a ledger")
    public record Block(String id, int firstRow, int rowCount) {
        /**
         * Checks the id and the row range.
         *
         * @throws IllegalArgumentException when the id is empty or the range is negative
         */
        public Block {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("A ledger block needs an id");
            }
            if (firstRow < 0 || rowCount < 0) {
                throw new IllegalArgumentException("Bad row range " + firstRow + "+" + rowCount + " for block " + id);
            }
        }
    }
}

package io.sluice.engine.sync;

import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.QueryIds;
import io.sluice.engine.flush.EntryRows;
import io.sluice.engine.flush.PartNames;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.RowBytes;
import io.sluice.engine.settings.Setting;
import io.sluice.parser.format.FormatReader;
import io.sluice.parser.format.RowSink;
import io.sluice.spi.Part;
import io.sluice.spi.Storage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * INSERTs written at once, bypassing the buffers: {@code async_insert=0}, an INSERT larger than
 * {@code async_insert_max_data_size}, or an INSERT inside the caller's transaction. Thread-safe.
 */
public final class SynchronousInsert {
    private static final Logger log = LoggerFactory.getLogger(SynchronousInsert.class);

    private final Storage storage;
    private final Metrics metrics;
    private final PartNames partNames;

    public SynchronousInsert(Storage storage, Metrics metrics, PartNames partNames) {
        this.storage = storage;
        this.metrics = metrics;
        this.partNames = partNames;
    }

    /**
     * Writes one INSERT at once, bypassing the buffers: {@code async_insert=0}, an oversized INSERT, or an
     * INSERT inside the caller's transaction (then {@code transaction} is that connection).
     *
     * @return rows written
     */
    public long insert(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, Connection transaction) throws SQLException {
        long rows;
        if (typedRows == null) {
            rows = new SynchronousWrite(queue, transaction).run(data, dataStart);
        } else {
            List<Object[]> converted = new ArrayList<>();
            EntryRows.parse(queue, data, dataStart, typedRows, converted::add);
            if (!converted.isEmpty()) {
                Part part = new Part(queue.table.database(), queue.table.name(), queue.columns, converted, partNames.next(), QueryIds.newQueryId());
                if (transaction != null) {
                    storage.writeRows(transaction, part);
                } else {
                    storage.writePart(part);
                }
            }
            rows = converted.size();
        }
        metrics.add(Event.SynchronousInsertQuery, 1);
        return rows;
    }

    /**
     * Most data ({@link RowBytes}) the rows of one block of a synchronous INSERT hold before they are written:
     * parsed rows take two to four times their data on the heap, so a block stays near 16 MB of memory.
     */
    private static final long SYNCHRONOUS_BLOCK_BYTES = 4L << 20;

    /**
     * The rows of one synchronous INSERT on their way to the storage, in blocks of at most
     * {@code max_insert_block_size} rows and {@value #SYNCHRONOUS_BLOCK_BYTES} bytes: an INSERT too large to
     * buffer (100 MB of VALUES) never holds more than one block of rows besides its text. Rows that fit one
     * block are one part, written as any INSERT's. A larger INSERT is read twice: first to check every value
     * (a bad one fails it at once, before anything is written), then to write its blocks as they fill, all in
     * one transaction (a connection of their own, or under a savepoint of the caller's transaction), so that
     * an error from the database in a later block still leaves nothing of it behind. Not thread-safe.
     */
    private final class SynchronousWrite implements RowSink {
        private final KeyQueue queue;
        private final Connection transaction;
        private final long maxRows;
        private List<Object[]> block = new ArrayList<>();
        private long blockBytes;
        /** Whether the first reading went past one block: its rows are then checked and dropped. */
        private boolean overflowed;
        /** Whether this is the second reading, which writes. */
        private boolean writing;
        private long written;
        private Connection own;
        private java.sql.Savepoint savepoint;

        SynchronousWrite(KeyQueue queue, Connection transaction) {
            this.queue = queue;
            this.transaction = transaction;
            this.maxRows = Math.max(1, queue.settings.getLong(Setting.MAX_INSERT_BLOCK_SIZE));
        }

        @Override
        public void accept(Object[] row) {
            if (overflowed && !writing) {
                return;
            }
            block.add(row);
            blockBytes += RowBytes.of(row);
            if (block.size() < maxRows && blockBytes < SYNCHRONOUS_BLOCK_BYTES) {
                return;
            }
            if (!writing) {
                overflowed = true;
                block = new ArrayList<>();
                blockBytes = 0;
                return;
            }
            try {
                writeBlock();
            } catch (SQLException e) {
                throw new BlockWriteFailed(e);
            }
        }

        long run(String data, int dataStart) throws SQLException {
            FormatReader reader = queue.format.reader();
            reader.read(data, dataStart, queue.columns, this);
            if (!overflowed) {
                if (!block.isEmpty()) {
                    Part part = part(block);
                    if (transaction != null) {
                        storage.writeRows(transaction, part);
                    } else {
                        storage.writePart(part);
                    }
                }
                return block.size();
            }
            writing = true;
            boolean done = false;
            try {
                reader.read(data, dataStart, queue.columns, this);
                if (!block.isEmpty()) {
                    writeBlock();
                }
                if (own != null) {
                    own.commit();
                } else {
                    transaction.releaseSavepoint(savepoint);
                }
                done = true;
                return written;
            } catch (BlockWriteFailed e) {
                throw e.getCause();
            } finally {
                if (!done) {
                    undo();
                }
                if (own != null) {
                    own.close();
                }
            }
        }

        private void writeBlock() throws SQLException {
            Connection connection;
            if (transaction != null) {
                if (savepoint == null) {
                    savepoint = transaction.setSavepoint();
                }
                connection = transaction;
            } else {
                if (own == null) {
                    own = storage.openConnection();
                    own.setAutoCommit(false);
                }
                connection = own;
            }
            storage.writeRows(connection, part(block));
            written += block.size();
            block = new ArrayList<>();
            blockBytes = 0;
        }

        private Part part(List<Object[]> rows) {
            return new Part(queue.table.database(), queue.table.name(), queue.columns, rows, partNames.next(), QueryIds.newQueryId());
        }

        /** Takes back the blocks written so far; the INSERT's own error is what the caller sees. */
        private void undo() {
            try {
                if (own != null) {
                    own.rollback();
                } else if (savepoint != null) {
                    transaction.rollback(savepoint);
                }
            } catch (SQLException e) {
                log.warn("Sluice could not roll back the blocks of a failed synchronous INSERT into {}.{}", queue.table.database(),
                        queue.table.name(), e);
            }
        }
    }

    /** A storage error while a reader hands over rows, carried out of {@link RowSink#accept}. */
    private static final class BlockWriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockWriteFailed(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}

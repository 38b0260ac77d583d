package io.sluice.spi;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Holds entries between their INSERT and their flush. One instance per engine, called by many threads:
 * every method is thread-safe. The engine calls {@link #append} and {@link #drain} for one key id under
 * that key's lock, so a drain returns exactly the entries appended before it for that key.
 *
 * <p>{@link #close()} stops the buffer; entries not yet released stay recoverable if the buffer is
 * durable. Calling it twice does nothing.
 */
public interface Buffer extends AutoCloseable {
    /**
     * Accepts one entry. The returned stage completes when the entry is as durable as this buffer
     * promises (at once for a memory buffer; after the fsync for a log on disk). Must not block on I/O.
     *
     * @throws SQLException when the entry cannot be accepted at all
     */
    CompletionStage<Void> append(BufferEntry entry) throws SQLException;

    /** Removes and returns every entry held for {@code keyId}, in append order; empty when none. */
    List<BufferEntry> drain(String keyId);

    /** Forgets entries whose flush finished (written or failed for good). */
    void release(List<BufferEntry> entries);

    /**
     * Entries appended in an earlier run and never released, in append order. Called once, before any
     * append. A buffer that keeps nothing across runs returns an empty list.
     */
    default List<BufferEntry> recover() throws SQLException {
        return List.of();
    }

    /**
     * A stable id for an entry, unique across runs and across engines sharing one target database, for
     * durable buffers: the engine records it in the storage's ledger in the same transaction as the
     * entry's rows, so that entries replayed after a crash that were already committed are skipped, and
     * every acknowledged entry is written exactly once. A buffer that keeps nothing across runs returns
     * {@code null}, the default.
     */
    default String ledgerId(BufferEntry entry) {
        return null;
    }

    @Override
    void close();
}

package io.sluice.spi;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Holds entries between their INSERT and their flush. Built by a {@link BufferFactory}; one instance per
 * engine.
 *
 * <p><b>Threading.</b> Called by many threads at once: every method is thread-safe. The engine calls
 * {@link #append} and {@link #drain} for one key id under that key's lock, so calls for one key never
 * overlap and a drain returns exactly the entries appended before it for that key; calls for different
 * keys do overlap, and a buffer must not serialise them behind one global lock.
 *
 * <p><b>Ownership.</b> {@link BufferEntry} is immutable and shared: the buffer may keep the entry it is
 * given until the entry is released, and must not modify its rows. It may as well keep only the entry's
 * content, in any layout, and return equal entries rather than the same objects (the memory buffer keeps
 * no object per entry); the engine matches entries by {@link BufferEntry#sequence()}. A list returned by {@link #drain} or
 * {@link #recover} belongs to the caller.
 *
 * <p><b>Lifecycle.</b> The engine calls {@link #recover} once, then appends, drains and releases, and
 * finally calls {@link #close()}. Every entry appended is returned exactly once, by a drain or, after a
 * restart of a durable buffer, by {@link #recover}; an entry returned but not released before the
 * buffer stops is returned again by the next run's {@link #recover} (for a durable buffer) or lost (for
 * one that keeps nothing across runs).
 *
 * <p>The plugin kit's {@code BufferKit} checks this contract.
 */
public interface Buffer extends AutoCloseable {
    /**
     * Accepts one entry. The returned stage completes when the entry is as durable as this buffer
     * promises (at once for a memory buffer; after the fsync for a log on disk), and completes
     * exceptionally when that durability could not be reached. Must not block on I/O: the engine calls it
     * under the key's lock. Completing the stage must not wait for the engine's clock to move.
     *
     * @param entry the entry; the buffer may keep it until it is released
     * @return a stage that completes when the entry is durable
     * @throws SQLException when the entry cannot be accepted at all; then the buffer holds nothing of it
     */
    CompletionStage<Void> append(BufferEntry entry) throws SQLException;

    /**
     * Removes and returns every entry held for {@code keyId}, in append order. A drained entry is not
     * returned by a later drain; a durable buffer keeps it until it is {@linkplain #release released}.
     *
     * @param keyId a key id, as {@link BufferEntry#keyId()} holds it; a key never appended to is allowed
     * @return the entries, owned by the caller; an empty list, never {@code null}, when there are none
     */
    List<BufferEntry> drain(String keyId);

    /**
     * Forgets entries whose flush finished (written or failed for good): a durable buffer never returns
     * them from {@link #recover} again. Entries are ones this buffer returned from {@link #drain} or
     * {@link #recover}; releasing one twice does nothing.
     *
     * @param entries the entries to forget; the buffer does not keep the list
     */
    void release(List<BufferEntry> entries);

    /**
     * Entries appended in an earlier run and never released, in append order across every key, whether
     * they were drained in that run or not. Called once, before any append; the entries it returns are
     * not returned again by {@link #drain}. A buffer that keeps nothing across runs returns an empty
     * list, the default.
     *
     * @return the entries to flush again, owned by the caller; never {@code null}
     * @throws SQLException when the buffer's storage cannot be read; the engine does not start
     */
    default List<BufferEntry> recover() throws SQLException {
        return List.of();
    }

    /**
     * Accepts the INSERTs of one committed transaction as a unit: after a restart, {@link #recoverGroups}
     * returns all of them together or none of them, never some (a durable buffer writes them as one record).
     * The entries are not returned by {@link #drain} nor {@link #recover}: the engine writes the group itself,
     * in one target transaction, then {@linkplain #release releases} its entries. The returned stage completes
     * when the group is as durable as {@link #append} promises for an entry.
     *
     * <p>The default keeps nothing and completes at once: right for a buffer that keeps nothing across runs,
     * where the group lives in the engine's memory until it is written. A durable buffer overrides this with
     * {@link #recoverGroups} and {@link #ledgerId}.
     *
     * @param entries the group's entries, in order; the buffer may keep them until they are released
     * @return a stage that completes when the whole group is durable
     * @throws SQLException when the group cannot be accepted; then the buffer holds nothing of it
     */
    @Experimental("added for transactions committed without waiting; may change")
    default CompletionStage<Void> appendGroup(List<BufferEntry> entries) throws SQLException {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * The groups {@link #appendGroup} accepted in an earlier run and never released, each whole, in append
     * order. Called once, after {@link #recover}. Empty by default.
     *
     * @return the groups to write again, owned by the caller; never {@code null}
     */
    @Experimental("added for transactions committed without waiting; may change")
    default List<List<BufferEntry>> recoverGroups() {
        return List.of();
    }

    /**
     * A stable id for an entry, unique across runs and across engines sharing one target database, for
     * durable buffers: the engine records it in the storage's ledger in the same transaction as the
     * entry's rows, so that entries replayed after a crash that were already committed are skipped, and
     * every acknowledged entry is written exactly once. A buffer that keeps nothing across runs returns
     * {@code null}, the default. The same entry, recovered in a later run, has the same id.
     *
     * @param entry an entry this buffer accepted or recovered
     * @return the entry's id, or {@code null} for a buffer that keeps nothing across runs
     */
    @Experimental("added with the ledger; may change once a second durable buffer exists")
    default String ledgerId(BufferEntry entry) {
        return null;
    }

    /**
     * The entries held for {@code keyId} and not yet drained, in append order, without removing them: what
     * {@code system.asynchronous_inserts} shows of an open batch. Called under the key's lock, like
     * {@link #append} and {@link #drain}; the list belongs to the caller. {@code null} (the default) when the
     * buffer cannot show them; the engine then lists the batch without its entries.
     *
     * @param keyId a key id, as {@link BufferEntry#keyId()} holds it
     * @return the entries, or {@code null}
     */
    @Experimental("added with compact buffers, which keep no entry objects to show")
    default List<BufferEntry> peek(String keyId) {
        return null;
    }

    /**
     * Stops the buffer and releases its resources (files, threads). Entries not yet released stay
     * recoverable if the buffer is durable, and are lost otherwise. The engine calls nothing but
     * {@code close()} afterwards; calling it a second time does nothing. Never throws: a failure to
     * release a resource is not the caller's to handle.
     */
    /**
     * The files a durable buffer keeps its entries in, oldest first, for
     * {@code system.asynchronous_insert_wal}; empty (the default) for a buffer that keeps nothing on disk.
     * Thread-safe; a snapshot.
     */
    @Experimental
    default List<StoredSegment> storedSegments() {
        return List.of();
    }

    /**
     * The buffer's own gauges for {@code system.metrics} and JMX, by name ({@code WalBytes}…); empty by
     * default. Thread-safe; a snapshot.
     */
    @Experimental
    default java.util.Map<String, Long> gauges() {
        return java.util.Map.of();
    }

    /**
     * What {@link #recover()} found and did beyond returning entries, one sentence each (a torn last
     * record truncated, a corrupt record quarantined to a side file); the engine logs them and shows them
     * in {@code system.asynchronous_insert_log}. Empty by default.
     */
    @Experimental
    default List<String> recoveryNotes() {
        return List.of();
    }

    @Override
    void close();
}

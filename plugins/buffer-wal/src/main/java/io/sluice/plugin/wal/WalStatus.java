package io.sluice.plugin.wal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@code wal} buffer holds, for {@code system.asynchronous_insert_wal}, {@code system.metrics}
 * and the engine's start-up report. The buffer that {@link WalBufferPlugin}'s factory builds implements
 * this interface: find it with {@code buffer instanceof WalStatus status}. Every method is thread-safe and
 * cheap enough to call when a system table is read; each returns a snapshot.
 */
public interface WalStatus {
    /** The WAL directory. */
    Path directory();

    /** The id of this WAL directory, created once and kept in {@code wal.meta}; prefixes every ledger id. */
    String walId();

    /** The fsync policy in force. */
    FsyncMode fsyncMode();

    /** Every segment file, oldest first; the last is the active one. */
    List<WalSegmentStatus> segments();

    /** Entries appended (or recovered) and not yet released. */
    long heldEntries();

    /** Entries appended whose acknowledgement (write and, per the fsync policy, fsync) is still pending. */
    long pendingEntries();

    /**
     * Bytes the segment files use (header and records, not the preallocated zeros after them) plus bytes
     * queued for them: what {@code async_insert_wal_max_bytes} bounds.
     */
    long usedBytes();

    /** The bound {@code async_insert_wal_max_bytes}. */
    long maxBytes();

    /** Fsyncs of segment files since the buffer opened (group commits, interval syncs, segment rolls). */
    long fsyncs();

    /** What recovery found when the buffer opened; the same report for the buffer's whole life. */
    WalRecoveryReport recoveryReport();
}

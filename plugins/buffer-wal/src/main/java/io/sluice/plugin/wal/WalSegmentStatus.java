package io.sluice.plugin.wal;

import java.util.OptionalLong;

/**
 * One segment file of the WAL, as {@code system.asynchronous_insert_wal} shows it. Immutable snapshot.
 *
 * @param name the file's name, e.g. {@code wal-00000003-0000000001.log}
 * @param entries entries in the segment not yet released
 * @param bytes the bytes the segment uses (header and records); the active segment's file is longer, filled
 *     with zeros to {@code async_insert_wal_segment_bytes} until the writer moves on
 * @param oldestEntryEpochMicros the enqueue time of the oldest entry not yet released, empty when none
 * @param active whether the writer appends to this segment (the active segment is never deleted)
 */
public record WalSegmentStatus(String name, long entries, long bytes, OptionalLong oldestEntryEpochMicros, boolean active) {}

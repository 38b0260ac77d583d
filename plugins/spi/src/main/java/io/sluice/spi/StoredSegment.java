package io.sluice.spi;

/**
 * One file a durable buffer keeps its entries in, as {@code system.asynchronous_insert_wal} shows it.
 * Immutable.
 *
 * @param name the file's name
 * @param entries entries in it not yet released
 * @param bytes the bytes it holds (a file preallocated ahead of its records may be longer on disk)
 * @param oldestEntryEpochMicros when its oldest unreleased entry was accepted, in wall-clock
 *     microseconds, or 0 when it holds none
 * @param active whether appends go to it now
 */
@Experimental
public record StoredSegment(String name, long entries, long bytes, long oldestEntryEpochMicros, boolean active) {}

package io.sluice.spi;

import java.util.List;

/**
 * One client INSERT waiting in a buffer. Either {@link #data()} holds the raw inline data as received
 * (parsed only at flush), or {@link #rows()} holds typed rows from a prepared statement's parameters.
 *
 * <p>Built by the engine, immutable once built and safe to share between threads; a buffer stores it
 * and hands it back, and must not modify the row arrays. A durable buffer writes every component and
 * returns an equal entry from {@link Buffer#recover} (rows compared element by element). Components
 * may be added in later releases, so plugins read entries rather than construct them; tests build
 * them through the plugin kit's fixtures.
 *
 * @param sequence a number the engine assigns, increasing in append order within one engine run
 * @param keyId the canonical text of the buffer key (the normalized INSERT head, its format and its
 *     effective settings); entries with equal key ids are flushed together
 * @param queryId the client statement's query id
 * @param enqueuedEpochMicros when the entry was accepted, in wall-clock microseconds
 * @param data the statement text holding the inline data, or {@code null} for typed rows
 * @param dataStart the offset in {@code data} where the inline data begins
 * @param rows typed rows, or {@code null} for raw data; owned by the engine, never modified
 * @param bytes the entry's size: inline data length from its first non-blank character, or an estimate
 *     for typed rows
 * @param deduplicationToken the entry's {@code insert_deduplication_token}, or empty
 * @param logComment the entry's {@code log_comment}, or empty
 */
public record BufferEntry(
        long sequence,
        String keyId,
        String queryId,
        long enqueuedEpochMicros,
        String data,
        int dataStart,
        List<Object[]> rows,
        int bytes,
        String deduplicationToken,
        String logComment) {}

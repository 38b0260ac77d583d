/**
 * The {@code wal} buffer plugin: a write-ahead log that makes an acknowledged INSERT survive a crash.
 *
 * <h2>Directory layout</h2>
 * <ul>
 *   <li>{@code wal.lock} — held with an OS file lock while a buffer is open; a second engine (or a second
 *       buffer in the same JVM) fails to open the directory with {@code BAD_ARGUMENTS}.
 *   <li>{@code wal.meta} — the directory's id (a UUID created once) and its epoch (one more per open).
 *   <li>{@code wal-<epoch>-<n>.log} — segment files, named in write order (format in {@code WalCodec}).
 *   <li>{@code quarantine-<segment>-<offset>.bin} — damaged regions cut out by recovery, kept for an operator.
 * </ul>
 *
 * <h2>What the engine must do</h2>
 * <ol>
 *   <li>Pass {@code async_insert_wal_directory}: when it is empty and the target is an SQLite file, fill in a
 *       default beside that file; otherwise {@code create} fails with {@code INVALID_SETTING_VALUE}.
 *   <li>Call {@link io.sluice.spi.Buffer#recover()} once, right after {@code create} and before any append.
 *       The entries it returns (append order) are <em>not</em> returned by {@code drain}: replay them
 *       through the storage itself, each with a ledger block whose id is {@code ledgerId(entry)}, then
 *       {@code release} them. Never {@code append} them again: that would log them twice under new ids.
 *       The engine may give them new sequence numbers for its own bookkeeping; {@code ledgerId} and
 *       {@code release} accept the returned objects or copies that differ only in {@code sequence}.
 *   <li>For every flushed entry put {@code ledgerId(entry)} (never {@code null} here) in the part's ledger
 *       block, in the same transaction as its rows; this is what makes replay exactly-once. Call
 *       {@code ledgerId} before {@code release}.
 *   <li>With {@code wait_for_async_insert=0}, acknowledge the client only when the stage returned by
 *       {@code append} completes (it completes on the WAL writer thread; use {@code *Async} continuations
 *       for anything that may block). A failed stage means the entry is in memory but not durable.
 *   <li>Surface {@link io.sluice.plugin.wal.WalRecoveryReport#notes()} (reached through
 *       {@code buffer instanceof WalStatus s ? s.recoveryReport()}) in {@code system.asynchronous_insert_log}
 *       and the log, and {@link io.sluice.plugin.wal.WalStatus#segments()} as
 *       {@code system.asynchronous_insert_wal}; {@code usedBytes}, {@code heldEntries}, {@code pendingEntries}
 *       and {@code fsyncs} suit {@code system.metrics}.
 *   <li>Close the buffer after the last flush: entries not released stay for the next start.
 * </ol>
 */
package io.sluice.plugin.wal;

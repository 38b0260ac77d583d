package io.sluice.plugin.wal;

import java.nio.file.Path;
import java.util.List;

/**
 * What the WAL found when it opened its directory: how much it read and replayed, and every damaged
 * region it had to cut away. Nothing damaged is ever skipped silently: each region is one {@link Note}
 * here and one warning in the log (logger {@code io.sluice.plugin.wal.WalBuffer}).
 * Immutable.
 *
 * <p>The engine is expected to surface the notes where operators look: one row per note in
 * {@code system.asynchronous_insert_log} (status {@code ParsingError} or similar, {@code exception} =
 * {@link Note#message()}) and one line in its own log.
 *
 * @param directory the WAL directory
 * @param walId the id of this WAL directory, the first half of every {@link io.sluice.spi.Buffer#ledgerId ledger id}
 * @param segmentsScanned how many segment files were read
 * @param recordsScanned how many intact records they held (entries and releases)
 * @param entriesRecovered how many entries were never released and are handed to the engine by
 *     {@link io.sluice.spi.Buffer#recover()}
 * @param notes every torn tail and quarantined region, in file order; empty after a clean shutdown
 */
public record WalRecoveryReport(Path directory, String walId, int segmentsScanned, long recordsScanned, int entriesRecovered,
        List<Note> notes) {
    public WalRecoveryReport {
        notes = List.copyOf(notes);
    }

    /** What kind of damage a note reports. */
    public enum Kind {
        /**
         * The last segment ended in an incomplete or damaged record: a write the crash interrupted. Its
         * entry was never acknowledged with {@code always}/{@code group} fsync. The file was truncated at
         * {@link Note#offset()}.
         */
        TORN_TAIL,
        /**
         * A damaged region followed by intact records (or in a segment that is not the last): corruption
         * on disk. Its bytes were copied to {@link Note#quarantineFile()} and left out; the records
         * around it were recovered. An entry inside it may have been acknowledged and is then lost
         * unless an operator restores it from the quarantine file.
         */
        QUARANTINED
    }

    /**
     * One damaged region.
     *
     * @param kind torn tail or quarantined region
     * @param segment the segment file's name, e.g. {@code wal-00000003-0000000001.log}
     * @param offset where the region starts in the segment file
     * @param bytes how long the region is
     * @param reason why the first record there was rejected, e.g. {@code "checksum mismatch"}
     * @param quarantineFile the side file holding the region's bytes; {@code null} for a torn tail
     * @param previouslyQuarantined whether the side file already existed: the region was reported by an
     *     earlier start too (its segment still holds entries that were not released)
     */
    public record Note(Kind kind, String segment, long offset, long bytes, String reason, Path quarantineFile,
            boolean previouslyQuarantined) {
        /** One sentence for logs and {@code system.asynchronous_insert_log}. */
        public String message() {
            if (kind == Kind.TORN_TAIL) {
                return "WAL segment " + segment + " ended in a torn record at offset " + offset + " (" + reason + "): " + bytes
                        + " bytes of an interrupted write were truncated";
            }
            return "WAL segment " + segment + " holds a corrupt region at offset " + offset + " (" + bytes + " bytes, " + reason
                    + "): copied to " + quarantineFile + " and left out of recovery; the records around it were recovered"
                    + (previouslyQuarantined ? " (already quarantined by an earlier start)" : "");
        }
    }

    /** True when recovery found no damage. */
    public boolean clean() {
        return notes.isEmpty();
    }
}

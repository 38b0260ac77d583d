package io.sluice.plugin.wal;

import io.sluice.spi.BufferEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every segment of a WAL directory, oldest first, and works out which entries were never
 * released. Damage is cut away and reported, never skipped silently:
 *
 * <ul>
 *   <li>a record that fails its checks (magic, length, CRC32C, decoding) is the start of a damaged
 *       region, which ends at the next offset where an intact record starts;
 *   <li>a damaged region that runs to the end of the <em>last</em> segment is a torn tail (a write the
 *       crash interrupted): the file is truncated there, so the next start does not mistake it for
 *       corruption;
 *   <li>any other damaged region is copied to {@code quarantine-<segment>-<offset>.bin} and left out;
 *       the intact records after it are recovered. Older segments were forced before the writer moved
 *       on, so damage in them is never a torn write.
 * </ul>
 *
 * <p><b>Preallocated segments.</b> The writer fills a new segment with zeros up to
 * {@code async_insert_wal_segment_bytes} before it takes records, and cuts the zeros off when it moves on
 * or closes; a crash leaves them. Where the next record would start and every byte from there to the end
 * of the file is zero, the segment ends cleanly: a real record starts with a nonzero magic and has a
 * length of at least 1, so zeros are never a record. The zero tail is cut off silently. A partial record
 * followed by zeros fails its checks like any torn write; the damaged region it starts ends where the
 * zeros do.
 *
 * Not thread-safe: runs once, in the buffer's constructor, under the directory lock.
 */
final class WalRecovery {
    /** An entry found in a segment, with its WAL record id. */
    static final class Found {
        final long recordId;
        final BufferEntry entry;
        final int segment;
        /** The number of the group record it came in, counted from 1 in file order; 0 for an entry of its own. */
        final int group;
        boolean released;

        Found(long recordId, BufferEntry entry, int segment, int group) {
            this.recordId = recordId;
            this.entry = entry;
            this.segment = segment;
            this.group = group;
        }
    }

    /** A segment file that stays after recovery. */
    static final class Scanned {
        final String name;
        final Path path;
        long size;
        /** Older segments whose entries this one's release records released. */
        final Set<Integer> releasesInto = new LinkedHashSet<>();

        Scanned(String name, Path path) {
            this.name = name;
            this.path = path;
        }
    }

    /**
     * What the scan found.
     *
     * @param segments the segment files that stay, oldest first (a torn file with no header is removed)
     * @param unreleased entries never released, in file order; {@link Found#segment} indexes {@code segments}
     * @param notes the damage found, in file order
     * @param filesScanned segment files read
     * @param recordsScanned intact records read
     */
    record Result(List<Scanned> segments, List<Found> unreleased, List<WalRecoveryReport.Note> notes, int filesScanned, long recordsScanned) {}

    private final Path directory;
    private final List<Scanned> segments = new ArrayList<>();
    private final Map<Long, Found> byId = new HashMap<>();
    private final List<Found> inOrder = new ArrayList<>();
    private final List<WalRecoveryReport.Note> notes = new ArrayList<>();
    private long records;
    private int groups;

    private WalRecovery(Path directory) {
        this.directory = directory;
    }

    /** Scans every segment in {@code directory}, truncating a torn tail and writing quarantine files. */
    static Result scan(Path directory) throws IOException {
        WalRecovery recovery = new WalRecovery(directory);
        List<Path> files = WalDirectory.segmentFiles(directory);
        for (int i = 0; i < files.size(); i++) {
            recovery.scanSegment(files.get(i), i == files.size() - 1);
        }
        List<Found> unreleased = new ArrayList<>();
        for (Found found : recovery.inOrder) {
            if (!found.released) {
                unreleased.add(found);
            }
        }
        return new Result(List.copyOf(recovery.segments), unreleased, List.copyOf(recovery.notes), files.size(), recovery.records);
    }

    private void scanSegment(Path file, boolean last) throws IOException {
        String name = file.getFileName().toString();
        long fileSize = Files.size(file);
        if (fileSize > Integer.MAX_VALUE - 16) {
            throw new IOException("WAL segment " + file + " is " + fileSize + " bytes long, more than recovery can read");
        }
        byte[] bytes = Files.readAllBytes(file);
        int length = bytes.length;
        Scanned segment = new Scanned(name, file);
        int index = segments.size();
        int position;
        String headerProblem = null;
        if (WalCodec.validSegmentHeader(bytes, length)) {
            position = WalCodec.SEGMENT_HEADER_BYTES;
        } else {
            position = 0;
            headerProblem = length < WalCodec.SEGMENT_HEADER_BYTES ? "incomplete segment header" : "bad segment header";
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        // Bytes from zeroFrom on are all zero: a preallocated tail, where no record can start.
        int zeroFrom = length;
        boolean torn = false;
        while (zeroFrom > 0 && bytes[zeroFrom - 1] == 0) {
            zeroFrom--;
        }
        while (position < length) {
            if (position >= zeroFrom && position >= WalCodec.SEGMENT_HEADER_BYTES) {
                length = position;
                break;
            }
            String problem = position == 0 && headerProblem != null ? headerProblem : null;
            Attempt attempt = problem == null ? attempt(bytes, view, position, length) : new Attempt(null, 0, problem);
            if (attempt.decoded != null) {
                apply(attempt.decoded, segment, index);
                records++;
                position = attempt.end;
                continue;
            }
            int next = findNext(bytes, view, Math.max(position + 1, WalCodec.SEGMENT_HEADER_BYTES), zeroFrom, length);
            // A damaged region after a valid header ends where the zero tail starts; without a header, nothing is known.
            int damageEnd = position == 0 ? length : Math.max(zeroFrom, position + 1);
            if (next < 0 && last) {
                truncate(file, position);
                torn = true;
                notes.add(new WalRecoveryReport.Note(WalRecoveryReport.Kind.TORN_TAIL, name, position, damageEnd - position, attempt.problem,
                        null, false));
                length = position;
                break;
            }
            int end = next < 0 ? damageEnd : next;
            notes.add(quarantine(name, bytes, position, end, attempt.problem));
            position = end;
        }
        if (length < WalCodec.SEGMENT_HEADER_BYTES) {
            // Only a torn last segment gets here: it never got its header, so it holds nothing.
            Files.deleteIfExists(file);
            return;
        }
        if (!torn && length < bytes.length) {
            // A clean zero tail: cut it off, so the file's size is the bytes it uses.
            truncate(file, length);
        }
        segment.size = length;
        segments.add(segment);
    }

    private void apply(WalCodec.Decoded decoded, Scanned segment, int index) {
        if (decoded instanceof WalCodec.EntryRecord entry) {
            found(entry, index, 0);
        } else if (decoded instanceof WalCodec.GroupRecord group) {
            int number = ++groups;
            for (WalCodec.EntryRecord entry : group.entries()) {
                found(entry, index, number);
            }
        } else if (decoded instanceof WalCodec.ReleaseRecord release) {
            for (long id : release.recordIds()) {
                Found found = byId.get(id);
                // An unknown id belongs to a segment already deleted: nothing to do.
                if (found != null && !found.released) {
                    found.released = true;
                    if (found.segment != index) {
                        segment.releasesInto.add(found.segment);
                    }
                }
            }
        }
    }

    private void found(WalCodec.EntryRecord entry, int segment, int group) {
        Found found = new Found(entry.recordId(), entry.entry(), segment, group);
        if (byId.putIfAbsent(entry.recordId(), found) == null) {
            inOrder.add(found);
        }
    }

    /** The outcome of reading one record: decoded with its end offset, or the reason it was rejected. */
    private record Attempt(WalCodec.Decoded decoded, int end, String problem) {}

    private static Attempt attempt(byte[] bytes, ByteBuffer view, int position, int length) {
        if (length - position < WalCodec.RECORD_HEADER_BYTES) {
            return new Attempt(null, 0, "incomplete record header");
        }
        if (view.getInt(position) != WalCodec.RECORD_MAGIC) {
            return new Attempt(null, 0, "bad record magic");
        }
        int payload = view.getInt(position + 4);
        int start = position + WalCodec.RECORD_HEADER_BYTES;
        if (payload < 1 || payload > length - start) {
            return new Attempt(null, 0, "bad record length " + payload);
        }
        if (WalCodec.crc(bytes, start, payload) != view.getInt(position + 8)) {
            return new Attempt(null, 0, "checksum mismatch");
        }
        try {
            return new Attempt(WalCodec.decode(bytes, start, payload), start + payload, null);
        } catch (WalCodec.UndecodableException e) {
            return new Attempt(null, 0, "undecodable record: " + e.getMessage());
        }
    }

    /** The first offset from {@code from} and before {@code before} where an intact record starts, or -1. */
    private static int findNext(byte[] bytes, ByteBuffer view, int from, int before, int length) {
        for (int position = from; position < before && position <= length - WalCodec.RECORD_HEADER_BYTES; position++) {
            if (view.getInt(position) == WalCodec.RECORD_MAGIC && attempt(bytes, view, position, length).decoded != null) {
                return position;
            }
        }
        return -1;
    }

    private WalRecoveryReport.Note quarantine(String segment, byte[] bytes, int from, int to, String problem) throws IOException {
        String base = segment.endsWith(".log") ? segment.substring(0, segment.length() - 4) : segment;
        Path target = directory.resolve(String.format("quarantine-%s-%012d.bin", base, from));
        boolean existed = Files.exists(target);
        if (!existed) {
            byte[] region = new byte[to - from];
            System.arraycopy(bytes, from, region, 0, region.length);
            WalDirectory.writeAtomically(directory, target, region);
        }
        return new WalRecoveryReport.Note(WalRecoveryReport.Kind.QUARANTINED, segment, from, to - from, problem, target, existed);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }
}

package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static io.sluice.plugin.wal.WalTesting.queryIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Segments filled with zeros before they take records, and how recovery reads the zeros a crash leaves. */
@Timeout(30)
class WalPreallocationTest {
    private static final int SEGMENT_BYTES = 65536;

    @TempDir
    Path dir;

    @TempDir
    Path crashImage;

    private WalBuffer openSmall(Path directory) throws Exception {
        return open(directory, WalSettings.SEGMENT_BYTES, Integer.toString(SEGMENT_BYTES));
    }

    private static void append(WalBuffer wal, String queryId, int size) throws Exception {
        wal.append(entry("k", queryId, "('" + "v".repeat(size) + "')")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Appends q0..q{count-1} to one segment and closes, which cuts the zeros off; returns that segment's file. */
    private Path writeEntries(int count) throws Exception {
        try (WalBuffer wal = openSmall(dir)) {
            for (int i = 0; i < count; i++) {
                append(wal, "q" + i, 20 + i);
            }
        }
        List<Path> files = WalTesting.segmentFiles(dir);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    /** What a crash would leave: the identity file and the segment files as they are on disk right now. */
    private void copyCrashImage(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(WalDirectory.META_FILE) || name.endsWith(".log")) {
                    Files.copy(file, to.resolve(name));
                }
            }
        }
    }

    private static void appendZeros(Path segment, int count) throws IOException {
        Files.write(segment, new byte[count], StandardOpenOption.APPEND);
    }

    private static List<Path> quarantineFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("quarantine-")).toList();
        }
    }

    @Test
    @DisplayName("the active segment's file takes its full size before it takes records; status and bound count the bytes used")
    void preallocatedWhileActive() throws Exception {
        try (WalBuffer wal = openSmall(dir)) {
            append(wal, "q0", 100);
            Path active = WalTesting.segmentFiles(dir).get(0);
            assertThat(Files.size(active)).isEqualTo(SEGMENT_BYTES);
            WalSegmentStatus status = wal.segments().get(0);
            assertThat(status.bytes()).isLessThan(SEGMENT_BYTES).isGreaterThan(WalCodec.SEGMENT_HEADER_BYTES + 100);
            assertThat(wal.usedBytes()).isEqualTo(status.bytes());
            wal.close();
            assertThat(Files.size(active)).as("closing cuts the zeros off").isEqualTo(status.bytes());
        }
    }

    @Test
    @DisplayName("the zeros after the last record of a crashed segment are its clean end: no torn tail, nothing quarantined")
    void zeroTailIsCleanEnd() throws Exception {
        long used;
        try (WalBuffer wal = openSmall(dir)) {
            for (int i = 0; i < 3; i++) {
                append(wal, "q" + i, 50);
            }
            used = wal.segments().get(0).bytes();
            copyCrashImage(dir, crashImage);
        }
        Path segment = WalTesting.segmentFiles(crashImage).get(0);
        assertThat(Files.size(segment)).isEqualTo(SEGMENT_BYTES);
        try (WalBuffer wal = openSmall(crashImage)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2");
            assertThat(wal.recoveryReport().notes()).isEmpty();
            assertThat(quarantineFiles(crashImage)).isEmpty();
            assertThat(Files.size(segment)).as("the zero tail is cut off").isEqualTo(used);
        }
        try (WalBuffer wal = openSmall(crashImage)) {
            assertThat(wal.recoveryReport().clean()).isTrue();
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2");
        }
    }

    @Test
    @DisplayName("a torn record followed by zeros is truncated and reported as a torn tail")
    void tornRecordBeforeZeros() throws Exception {
        Path segment = writeEntries(5);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        byte[] bytes = Files.readAllBytes(segment);
        // The last 7 bytes of the last record never reached the disk; the preallocated zeros are still there.
        Arrays.fill(bytes, bytes.length - 7, bytes.length, (byte) 0);
        Files.write(segment, bytes);
        appendZeros(segment, 8192);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2", "q3");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
                assertThat(note.offset()).isEqualTo(offsets.get(4).longValue());
                assertThat(note.bytes()).as("the damage ends where the zeros start").isEqualTo(bytes.length - 7L - offsets.get(4));
                assertThat(note.reason()).isEqualTo("checksum mismatch");
            });
            assertThat(Files.size(segment)).isEqualTo(offsets.get(4).longValue());
            assertThat(quarantineFiles(dir)).isEmpty();
        }
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(wal.recoveryReport().clean()).isTrue();
        }
    }

    @Test
    @DisplayName("a record header cut after its magic (length 0, then zeros) is a torn tail, not the clean end")
    void magicWithoutLength() throws Exception {
        Path segment = writeEntries(2);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0x57, 0x41, 0x4C, 0x52}, StandardOpenOption.APPEND);
        appendZeros(segment, 4096);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
                assertThat(note.offset()).isEqualTo(size);
                assertThat(note.bytes()).isEqualTo(4L);
                assertThat(note.reason()).isEqualTo("bad record length 0");
            });
            assertThat(Files.size(segment)).isEqualTo(size);
        }
    }

    @Test
    @DisplayName("a corrupt record in the middle of a preallocated segment is quarantined exactly as before")
    void corruptMiddleBeforeZeros() throws Exception {
        Path segment = writeEntries(5);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        byte[] bytes = Files.readAllBytes(segment);
        int third = offsets.get(2);
        bytes[third + 40] ^= 0x10;
        Files.write(segment, bytes);
        appendZeros(segment, 8192);
        byte[] damaged = Arrays.copyOfRange(bytes, third, offsets.get(3));
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q3", "q4");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.QUARANTINED);
                assertThat(note.offset()).isEqualTo((long) third);
                assertThat(note.bytes()).isEqualTo((long) damaged.length);
                assertThat(note.reason()).isEqualTo("checksum mismatch");
                assertThat(Files.readAllBytes(note.quarantineFile())).isEqualTo(damaged);
            });
            assertThat(quarantineFiles(dir)).hasSize(1);
        }
    }

    @Test
    @DisplayName("in an older segment, damage before the zeros is quarantined without the zeros, and the zeros end it cleanly")
    void olderSegmentDamageBeforeZeros() throws Exception {
        Path first = writeEntries(3);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(wal.recover()).hasSize(3);
            append(wal, "later", 5);
        }
        long size = Files.size(first);
        List<Integer> offsets = WalTesting.recordOffsets(first);
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(first, bytes);
        appendZeros(first, 8192);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "later");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.QUARANTINED);
                assertThat(note.offset()).isEqualTo(offsets.get(2).longValue());
                assertThat(note.bytes()).isEqualTo(size - offsets.get(2));
                assertThat(Files.size(note.quarantineFile())).isEqualTo(size - offsets.get(2));
            });
        }
    }

    @Test
    @DisplayName("an older segment that ends in zeros is read to its last record, with nothing reported")
    void olderSegmentZeroTail() throws Exception {
        Path first = writeEntries(2);
        long size = Files.size(first);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(wal.recover()).hasSize(2);
            append(wal, "later", 5);
        }
        // A crash between forcing the segment and cutting its zeros off, as the writer moved on.
        appendZeros(first, 8192);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "later");
            assertThat(wal.recoveryReport().clean()).isTrue();
            assertThat(Files.size(first)).isEqualTo(size);
        }
    }

    @Test
    @DisplayName("a crash while a segment was being filled with zeros leaves nothing to report")
    void crashWhilePreallocating() throws Exception {
        writeEntries(2);
        // The background preparation of the next segment was cut short: a partial .prealloc file.
        Path unfinished = dir.resolve("wal-00000001-0000000002.log" + WalDirectory.PREALLOCATING_SUFFIX);
        ByteBuffer header = WalCodec.segmentHeader();
        Files.write(unfinished, Arrays.copyOf(header.array(), 1000));
        // A segment put in place with only part of its zeros (written by hand: the writer renames only finished files).
        Path partial = dir.resolve("wal-00000001-0000000003.log");
        Files.write(partial, Arrays.copyOf(header.array(), 3000));
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1");
            assertThat(wal.recoveryReport().notes()).isEmpty();
            assertThat(Files.exists(unfinished)).as("an unfinished preparation is deleted").isFalse();
            assertThat(Files.exists(partial)).as("an empty segment is deleted like any released one").isFalse();
        }
    }

    @Test
    @DisplayName("a last segment of zeros without a header is reported and removed, as a headerless segment always was")
    void zerosWithoutHeader() throws Exception {
        writeEntries(2);
        Path junk = dir.resolve("wal-00000099-0000000001.log");
        Files.write(junk, new byte[4096]);
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
                assertThat(note.reason()).isEqualTo("bad segment header");
            });
            assertThat(Files.exists(junk)).isFalse();
        }
    }

    @Test
    @DisplayName("a segment written before preallocation (grown record by record, no zeros) recovers unchanged")
    void oldStyleSegment() throws Exception {
        try (WalBuffer wal = openSmall(dir)) {
            assertThat(wal.recover()).isEmpty();
        }
        // Epoch 1 ran with no entries; a segment as the growing writer left it, named to sort after it.
        BufferEntry first = entry("k", "old0", "(1)");
        BufferEntry second = entry("k", "old1", "(2)");
        long base = 1L << 40;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(WalCodec.segmentHeader().array());
        for (ByteBuffer[] record : List.of(WalCodec.encodeEntry(base | 1, first), WalCodec.encodeEntry(base | 2, second),
                WalCodec.encodeRelease(new long[] {base | 1}))) {
            for (ByteBuffer chunk : record) {
                byte[] part = new byte[chunk.remaining()];
                chunk.duplicate().get(part);
                file.write(part);
            }
        }
        Path old = dir.resolve("wal-00000001-0000000009.log");
        Files.write(old, file.toByteArray());
        try (WalBuffer wal = openSmall(dir)) {
            List<BufferEntry> recovered = wal.recover();
            assertThat(queryIds(recovered)).containsExactly("old1");
            assertThat(wal.recoveryReport().clean()).isTrue();
            assertThat(wal.ledgerId(recovered.get(0))).isEqualTo(wal.recoveryReport().walId() + ":" + (base | 2));
            assertThat(Files.size(old)).isEqualTo(file.size());
        }
    }

    @Test
    @DisplayName("the disk bound counts used bytes and holds; files past the active one keep only what they use")
    void diskBoundHolds() throws Exception {
        int segmentBytes = 4096;
        int maxBytes = 8192;
        try (WalBuffer wal = open(dir, WalSettings.SEGMENT_BYTES, Integer.toString(segmentBytes), WalSettings.MAX_BYTES,
                Integer.toString(maxBytes), WalSettings.MAX_WAIT_MS, "0")) {
            int appended = 0;
            while (true) {
                try {
                    wal.append(entry("k", "q" + appended, "('" + "z".repeat(300) + "')"));
                    appended++;
                } catch (SluiceSqlException e) {
                    assertThat(e.error()).isEqualTo(ErrorCode.MEMORY_LIMIT_EXCEEDED);
                    break;
                }
                assertThat(appended).as("the bound stops appends").isLessThan(100);
            }
            wal.awaitWritten();
            assertThat(wal.usedBytes()).isLessThanOrEqualTo(maxBytes);
            List<WalSegmentStatus> segments = wal.segments();
            assertThat(segments.size()).isGreaterThan(1);
            assertThat(segments.stream().mapToLong(WalSegmentStatus::bytes).sum()).isEqualTo(wal.usedBytes());
            List<Path> files = WalTesting.segmentFiles(dir);
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactlyElementsOf(segments.stream().map(WalSegmentStatus::name).toList());
            for (int i = 0; i < segments.size(); i++) {
                long expected = segments.get(i).active() ? segmentBytes : segments.get(i).bytes();
                assertThat(Files.size(files.get(i))).as(segments.get(i).name()).isEqualTo(expected);
            }
            long onDisk = 0;
            try (Stream<Path> all = Files.list(dir)) {
                for (Path file : all.filter(f -> f.getFileName().toString().startsWith("wal-")).toList()) {
                    onDisk += Files.size(file);
                }
            }
            assertThat(onDisk).as("preallocation adds at most the active segment's zeros and the next segment")
                    .isLessThanOrEqualTo(maxBytes + 2L * segmentBytes);
            assertThatThrownBy(() -> wal.append(entry("k", "more", "('" + "z".repeat(300) + "')"))).isInstanceOf(SluiceSqlException.class);
        }
    }
}

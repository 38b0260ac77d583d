package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static io.sluice.plugin.wal.WalTesting.queryIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.BufferEntry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WalRecoveryTest {
    @TempDir
    Path dir;

    /** Appends q0..q{count-1} to one segment and closes; returns that segment's file. */
    private Path writeEntries(int count) throws Exception {
        try (WalBuffer wal = open(dir)) {
            for (int i = 0; i < count; i++) {
                wal.append(entry("k", "q" + i, "(" + i + ", '" + "v".repeat(20 + i) + "')")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        List<Path> files = WalTesting.segmentFiles(dir);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    @Test
    @DisplayName("a torn last record is truncated and reported; the records before it are recovered")
    void tornTail() throws Exception {
        Path segment = writeEntries(5);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        long size = Files.size(segment);
        try (var channel = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7);
        }
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2", "q3");
            WalRecoveryReport report = wal.recoveryReport();
            assertThat(report.notes()).hasSize(1);
            WalRecoveryReport.Note note = report.notes().get(0);
            assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
            assertThat(note.segment()).isEqualTo(segment.getFileName().toString());
            assertThat(note.offset()).isEqualTo(offsets.get(4).longValue());
            assertThat(note.bytes()).isEqualTo(size - 7 - offsets.get(4));
            assertThat(note.quarantineFile()).isNull();
            assertThat(note.message()).isEqualTo("WAL segment " + segment.getFileName() + " ended in a torn record at offset " + offsets.get(4)
                    + " (bad record length " + (size - offsets.get(4) - 12) + "): " + note.bytes() + " bytes of an interrupted write were truncated");
            assertThat(Files.size(segment)).isEqualTo(offsets.get(4).longValue());
        }
        try (WalBuffer wal = open(dir)) {
            assertThat(wal.recoveryReport().clean()).as("the truncation is not reported again").isTrue();
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2", "q3");
        }
    }

    @Test
    @DisplayName("garbage after the last record is a torn tail, not a lost record")
    void garbageTail() throws Exception {
        Path segment = writeEntries(3);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0x57, 0x41, 0x4C, 0x52, 0, 0, 0, 9, 1, 2, 3}, StandardOpenOption.APPEND);
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "q2");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
                assertThat(note.offset()).isEqualTo(size);
                assertThat(note.bytes()).isEqualTo(11L);
            });
        }
    }

    @Test
    @DisplayName("a corrupt record in the middle is quarantined and reported; the records around it are recovered")
    void corruptMiddle() throws Exception {
        Path segment = writeEntries(5);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        byte[] bytes = Files.readAllBytes(segment);
        int third = offsets.get(2);
        bytes[third + 40] ^= 0x10;
        Files.write(segment, bytes);
        byte[] damaged = Arrays.copyOfRange(bytes, third, offsets.get(3));
        String name = segment.getFileName().toString();
        Path quarantine = dir.resolve(String.format("quarantine-%s-%012d.bin", name.substring(0, name.length() - 4), third));
        try (WalBuffer wal = open(dir)) {
            List<BufferEntry> recovered = wal.recover();
            assertThat(queryIds(recovered)).containsExactly("q0", "q1", "q3", "q4");
            WalRecoveryReport.Note note = wal.recoveryReport().notes().get(0);
            assertThat(wal.recoveryReport().notes()).hasSize(1);
            assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.QUARANTINED);
            assertThat(note.offset()).isEqualTo((long) third);
            assertThat(note.bytes()).isEqualTo((long) damaged.length);
            assertThat(note.reason()).isEqualTo("checksum mismatch");
            assertThat(note.quarantineFile()).isEqualTo(quarantine);
            assertThat(note.previouslyQuarantined()).isFalse();
            assertThat(note.message()).isEqualTo("WAL segment " + name + " holds a corrupt region at offset " + third + " (" + damaged.length
                    + " bytes, checksum mismatch): copied to " + quarantine + " and left out of recovery; the records around it were recovered");
            assertThat(Files.readAllBytes(quarantine)).isEqualTo(damaged);
        }
        try (WalBuffer wal = open(dir)) {
            List<BufferEntry> recovered = wal.recover();
            assertThat(queryIds(recovered)).containsExactly("q0", "q1", "q3", "q4");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> assertThat(note.previouslyQuarantined()).isTrue());
            wal.release(recovered);
            wal.awaitWritten();
            assertThat(WalTesting.segmentFiles(dir)).doesNotContain(segment);
        }
        try (WalBuffer wal = open(dir)) {
            assertThat(wal.recoveryReport().clean()).as("the damaged segment is gone once its entries are released").isTrue();
            assertThat(Files.exists(quarantine)).as("the quarantine file stays for an operator").isTrue();
        }
    }

    @Test
    @DisplayName("a corrupt length in the middle is found again by the next record's magic")
    void corruptLength() throws Exception {
        Path segment = writeEntries(4);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer.wrap(bytes).putInt(offsets.get(1) + 4, 1_000_000);
        Files.write(segment, bytes);
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q2", "q3");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.QUARANTINED);
                assertThat(note.reason()).isEqualTo("bad record length 1000000");
                assertThat(note.bytes()).isEqualTo((long) (offsets.get(2) - offsets.get(1)));
            });
        }
    }

    @Test
    @DisplayName("damage at the end of a segment that is not the last is quarantined, not truncated")
    void damagedOlderSegmentTail() throws Exception {
        Path first = writeEntries(3);
        try (WalBuffer wal = open(dir)) {
            assertThat(wal.recover()).hasSize(3);
            wal.append(entry("k", "later", "(9)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        long size = Files.size(first);
        List<Integer> offsets = WalTesting.recordOffsets(first);
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(first, bytes);
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1", "later");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.QUARANTINED);
                assertThat(note.offset()).isEqualTo(offsets.get(2).longValue());
                assertThat(note.bytes()).isEqualTo(size - offsets.get(2));
            });
            assertThat(Files.size(first)).isEqualTo(size);
        }
    }

    @Test
    @DisplayName("a last segment that never got its header is removed and reported")
    void headerlessLastSegment() throws Exception {
        writeEntries(2);
        Path junk = dir.resolve("wal-00000099-0000000001.log");
        Files.write(junk, new byte[] {'S', 'L', 'U'});
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("q0", "q1");
            assertThat(wal.recoveryReport().notes()).singleElement().satisfies(note -> {
                assertThat(note.kind()).isEqualTo(WalRecoveryReport.Kind.TORN_TAIL);
                assertThat(note.segment()).isEqualTo(junk.getFileName().toString());
                assertThat(note.reason()).isEqualTo("incomplete segment header");
            });
            assertThat(Files.exists(junk)).isFalse();
        }
    }
}

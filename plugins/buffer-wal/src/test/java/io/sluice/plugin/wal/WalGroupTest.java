package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static io.sluice.plugin.wal.WalTesting.queryIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.BufferEntry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A transaction's INSERTs appended as one group: recovered whole or not at all, never drained, released like entries. */
@Timeout(60)
class WalGroupTest {
    @TempDir
    Path dir;

    private static BufferEntry typed(String keyId, String queryId, long id) {
        BufferEntry base = entry(keyId, queryId, "(0)");
        List<Object[]> rows = List.of(new Object[] {id, "name " + id, new BigDecimal(id + ".25")}, new Object[] {id + 1, null, null});
        return new BufferEntry(base.sequence(), keyId, queryId, base.enqueuedEpochMicros(), null, 0, rows, 64, "", "");
    }

    private static List<BufferEntry> group(String prefix) {
        return List.of(typed("INSERT INTO a (x, y, z) FORMAT Values", prefix + "a", 1), typed("INSERT INTO b (x, y, z) FORMAT Values", prefix + "b", 10),
                typed("INSERT INTO a (x, y, z) FORMAT Values", prefix + "c", 20));
    }

    @Test
    @DisplayName("a group is recovered whole, with its typed rows, apart from single entries, and is never drained")
    void groupRecoveredWhole() throws Exception {
        List<BufferEntry> group = group("g");
        String ledgerIdBefore;
        try (WalBuffer wal = open(dir)) {
            wal.append(entry("k", "single", "(1)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            wal.appendGroup(group).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(wal.drain("INSERT INTO a (x, y, z) FORMAT Values")).as("a group is not drained by key").isEmpty();
            ledgerIdBefore = wal.ledgerId(group.get(1));
        }
        try (WalBuffer wal = open(dir)) {
            assertThat(queryIds(wal.recover())).containsExactly("single");
            List<List<BufferEntry>> groups = wal.recoverGroups();
            assertThat(groups).hasSize(1);
            assertThat(queryIds(groups.get(0))).containsExactly("ga", "gb", "gc");
            BufferEntry b = groups.get(0).get(1);
            assertThat(b.keyId()).isEqualTo("INSERT INTO b (x, y, z) FORMAT Values");
            assertThat(b.rows()).hasSize(2);
            assertThat(b.rows().get(0)).containsExactly(10L, "name 10", new BigDecimal("10.25"));
            assertThat(b.rows().get(1)).containsExactly(11L, null, null);
            assertThat(wal.ledgerId(b)).as("the same id across the restart").isEqualTo(ledgerIdBefore);
            assertThat(wal.recoverGroups()).as("handed over once").isEmpty();
            wal.release(groups.get(0));
        }
        try (WalBuffer wal = open(dir)) {
            assertThat(wal.recoverGroups()).as("a released group is not recovered").isEmpty();
            assertThat(queryIds(wal.recover())).containsExactly("single");
        }
    }

    @Test
    @DisplayName("a crash at any byte of a group's record recovers none of the group, and the entries before it")
    void tornGroupIsAllOrNothing() throws Exception {
        try (WalBuffer wal = open(dir)) {
            wal.append(entry("k", "before", "(1)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            wal.appendGroup(group("g")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Path segment = WalTesting.segmentFiles(dir).get(0);
        byte[] whole = Files.readAllBytes(segment);
        List<Integer> offsets = WalTesting.recordOffsets(segment);
        int groupStart = offsets.get(1);
        List<Integer> cuts = new ArrayList<>();
        for (int cut = groupStart; cut < whole.length; cut += Math.max(1, (whole.length - groupStart) / 40)) {
            cuts.add(cut);
        }
        cuts.add(whole.length - 1);
        for (int cut : cuts) {
            Files.write(segment, java.util.Arrays.copyOf(whole, cut), StandardOpenOption.TRUNCATE_EXISTING);
            try (WalBuffer wal = open(dir)) {
                assertThat(queryIds(wal.recover())).as("cut at %d", cut).containsExactly("before");
                assertThat(wal.recoverGroups()).as("cut at %d", cut).isEmpty();
            }
            for (Path other : WalTesting.segmentFiles(dir)) {
                if (!other.equals(segment)) {
                    Files.delete(other);
                }
            }
        }
        Files.write(segment, whole, StandardOpenOption.TRUNCATE_EXISTING);
        try (WalBuffer wal = open(dir)) {
            assertThat(wal.recoverGroups()).as("the intact record").hasSize(1);
        }
    }

    @Test
    @DisplayName("a group released in part is recovered as what is left of it")
    void partlyReleasedGroup() throws Exception {
        List<BufferEntry> group = group("p");
        try (WalBuffer wal = open(dir)) {
            wal.appendGroup(group).toCompletableFuture().get(10, TimeUnit.SECONDS);
            wal.release(List.of(group.get(0)));
        }
        try (WalBuffer wal = open(dir)) {
            List<List<BufferEntry>> groups = wal.recoverGroups();
            assertThat(groups).hasSize(1);
            assertThat(queryIds(groups.get(0))).containsExactly("pb", "pc");
        }
    }
}

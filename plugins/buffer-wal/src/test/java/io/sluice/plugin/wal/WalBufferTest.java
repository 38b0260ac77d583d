package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static io.sluice.plugin.wal.WalTesting.queryIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WalBufferTest {
    @TempDir
    Path dir;

    @Nested
    @DisplayName("the plugin")
    class PluginTests {
        @Test
        @DisplayName("is found by ServiceLoader and offers a buffer named wal with its settings")
        void discovered() throws Exception {
            BufferFactory factory = null;
            for (Plugin plugin : ServiceLoader.load(Plugin.class)) {
                for (BufferFactory candidate : plugin.getBufferFactories()) {
                    if (candidate.name().equals("wal")) {
                        factory = candidate;
                    }
                }
            }
            assertThat(factory).isNotNull();
            assertThat(factory.settings()).extracting(SettingDefinition::name).containsExactly("async_insert_wal_directory",
                    "async_insert_wal_fsync", "async_insert_wal_fsync_interval_ms", "async_insert_wal_segment_bytes",
                    "async_insert_wal_max_bytes", "async_insert_wal_max_wait_ms");
            try (Buffer buffer = factory.create(WalTesting.config(dir), new PluginContext(new ManualClock(), "sqlite:x.db", new Properties()))) {
                assertThat(buffer).isInstanceOf(WalStatus.class);
                assertThat(((WalStatus) buffer).fsyncMode()).isEqualTo(FsyncMode.GROUP);
                assertThat(buffer.recover()).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("an entry")
    class RoundTrip {
        @Test
        @DisplayName("keeps every field and every typed-row value type across a restart")
        void everyFieldAndValueType() throws Exception {
            String big = "é€𝄞x".repeat(700);
            byte[] blob = new byte[3000];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (i * 31);
            }
            Object[] row1 = {Long.MIN_VALUE, 1.5d, Double.NaN, -0.0d, "", "ünï\ud83d\ude00", new BigDecimal("-12345678901234567890.000123"),
                    new BigDecimal("1E+5"), new byte[] {0, -1, 7}, blob, Boolean.TRUE, Boolean.FALSE, null, 42, (short) -7, (byte) 3, 2.25f,
                    "lone \ud800 surrogate", big};
            Object[] row2 = {0L, null, "x"};
            List<Object[]> rows = new ArrayList<>(List.of(row1, row2));
            rows.add(null);
            BufferEntry typed = new BufferEntry(41, "INSERT INTO db.t (a, b) FORMAT Values", "query-typed", 1_767_225_600_123_456L, null, 0,
                    rows, 1234, "token-1", "comment ✓");
            BufferEntry raw = new BufferEntry(42, "INSERT INTO db.t (a, b) FORMAT CSV SETTINGS async_insert_deduplicate=1", "query-raw",
                    -5L, "INSERT INTO t FORMAT CSV \n" + big + "\n1,2", 25, null, big.length() + 4, "", "");
            BufferEntry empty = new BufferEntry(Long.MAX_VALUE, "", "", 0, null, Integer.MAX_VALUE, null, 0, null, null);
            String typedLedger;
            try (WalBuffer wal = open(dir)) {
                for (BufferEntry entry : List.of(typed, raw, empty)) {
                    wal.append(entry).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                typedLedger = wal.ledgerId(typed);
            }
            try (WalBuffer wal = open(dir)) {
                List<BufferEntry> recovered = wal.recover();
                assertThat(recovered).hasSize(3);
                assertSameEntry(recovered.get(0), typed);
                assertSameEntry(recovered.get(1), raw);
                assertSameEntry(recovered.get(2), empty);
                assertThat(wal.ledgerId(recovered.get(0))).isEqualTo(typedLedger);
                Object[] back = recovered.get(0).rows().get(0);
                for (int i = 0; i < row1.length; i++) {
                    if (row1[i] != null) {
                        assertThat(back[i]).as("value %d", i).isExactlyInstanceOf(row1[i].getClass());
                    }
                }
                assertThat(Double.doubleToRawLongBits((Double) back[3])).isEqualTo(Double.doubleToRawLongBits(-0.0d));
                assertThat((String) back[17]).isEqualTo("lone \ud800 surrogate");
            }
        }

        @Test
        @DisplayName("keeps the dates, times and other values a driver's setters bind, by their local fields, across a restart in another time zone")
        void driverBoundValuesAcrossTimeZones() throws Exception {
            java.util.TimeZone zone = java.util.TimeZone.getDefault();
            try {
                java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
                java.sql.Timestamp timestamp = java.sql.Timestamp.valueOf("2026-03-29 01:30:00.123456789");
                java.sql.Time time = new java.sql.Time(java.sql.Time.valueOf("23:59:58").getTime() + 250);
                Object[] row = {timestamp, java.sql.Date.valueOf("1969-12-31"), time, java.time.LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1),
                        java.time.LocalDate.of(-5, 2, 28), java.time.LocalTime.of(12, 34, 56, 789_000_000),
                        java.time.OffsetDateTime.parse("2026-12-07T10:15:30.5+05:30"), java.time.Instant.ofEpochSecond(-1, 999_999_999),
                        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new java.math.BigInteger("-98765432109876543210123"),
                        'ß'};
                BufferEntry entry = new BufferEntry(7, "k", "q", 0, null, 0, List.<Object[]>of(row), 100, "", "");
                try (WalBuffer wal = open(dir)) {
                    wal.append(entry).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                // Recovered where the JVM's zone is another: the wall-clock values stay those the application bound.
                java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
                try (WalBuffer wal = open(dir)) {
                    Object[] back = wal.recover().get(0).rows().get(0);
                    for (int i = 0; i < row.length; i++) {
                        assertThat(back[i]).as("value %d", i).isExactlyInstanceOf(row[i].getClass());
                    }
                    assertThat(((java.sql.Timestamp) back[0]).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.parse("2026-03-29T01:30:00.123456789"));
                    assertThat(back[1]).hasToString("1969-12-31");
                    assertThat(back[2]).hasToString("23:59:58");
                    assertThat(Math.floorMod(((java.sql.Time) back[2]).getTime(), 1000L)).isEqualTo(250);
                    assertThat(java.util.Arrays.copyOfRange(back, 3, back.length)).containsExactly(java.util.Arrays.copyOfRange(row, 3, row.length));
                }
            } finally {
                java.util.TimeZone.setDefault(zone);
            }
        }

        @Test
        @DisplayName("with a value of a type the WAL cannot store fails at append and is not held")
        void unsupportedValueType() throws Exception {
            List<Object[]> rows = List.<Object[]>of(new Object[] {1L, new java.util.Date(0)});
            BufferEntry entry = new BufferEntry(1, "k", "q", 0, null, 0, rows, 8, "", "");
            try (WalBuffer wal = open(dir)) {
                assertThatThrownBy(() -> wal.append(entry)).isInstanceOf(SluiceSqlException.class)
                        .hasMessage("CANNOT_CONVERT_TYPE: The wal buffer cannot store a value of type java.util.Date (row 0, column 1):"
                                + " typed rows hold Long, Double, String, BigDecimal, BigInteger, byte[], Boolean, Integer, Short, Byte, Float,"
                                + " Character, java.sql.Timestamp, java.sql.Date, java.sql.Time, LocalDateTime, LocalDate, LocalTime,"
                                + " OffsetDateTime, Instant, UUID or null");
                assertThat(wal.drain("k")).isEmpty();
                assertThat(wal.heldEntries()).isZero();
            }
        }

        private void assertSameEntry(BufferEntry actual, BufferEntry expected) {
            assertThat(actual.sequence()).isEqualTo(expected.sequence());
            assertThat(actual.keyId()).isEqualTo(expected.keyId());
            assertThat(actual.queryId()).isEqualTo(expected.queryId());
            assertThat(actual.enqueuedEpochMicros()).isEqualTo(expected.enqueuedEpochMicros());
            assertThat(actual.data()).isEqualTo(expected.data());
            assertThat(actual.dataStart()).isEqualTo(expected.dataStart());
            assertThat(actual.bytes()).isEqualTo(expected.bytes());
            assertThat(actual.deduplicationToken()).isEqualTo(expected.deduplicationToken());
            assertThat(actual.logComment()).isEqualTo(expected.logComment());
            if (expected.rows() == null) {
                assertThat(actual.rows()).isNull();
                return;
            }
            assertThat(actual.rows()).hasSameSizeAs(expected.rows());
            for (int r = 0; r < expected.rows().size(); r++) {
                Object[] expectedRow = expected.rows().get(r);
                Object[] actualRow = actual.rows().get(r);
                if (expectedRow == null) {
                    assertThat(actualRow).isNull();
                } else {
                    assertThat(Arrays.deepEquals(actualRow, expectedRow)).as("row %d: %s", r, Arrays.deepToString(actualRow)).isTrue();
                }
            }
        }
    }

    @Nested
    @DisplayName("append, drain, release and recover")
    class Lifecycle {
        @Test
        @DisplayName("hand every unreleased entry back exactly once, in append order, with the same ledger id")
        void exactlyOnce() throws Exception {
            List<BufferEntry> a = new ArrayList<>();
            List<BufferEntry> b = new ArrayList<>();
            List<String> ledgerB = new ArrayList<>();
            try (WalBuffer wal = open(dir)) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    BufferEntry ea = entry("a", "a" + i, "(" + i + ")");
                    BufferEntry eb = entry("b", "b" + i, "(" + i + ")");
                    a.add(ea);
                    b.add(eb);
                    acks.add(wal.append(ea).toCompletableFuture());
                    acks.add(wal.append(eb).toCompletableFuture());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                List<BufferEntry> drainedA = wal.drain("a");
                assertThat(drainedA).containsExactlyElementsOf(a);
                assertThat(wal.drain("a")).isEmpty();
                wal.release(drainedA);
                for (BufferEntry e : b) {
                    ledgerB.add(wal.ledgerId(e));
                }
                assertThat(ledgerB).doesNotHaveDuplicates().allMatch(id -> id.startsWith(wal.walId() + ":"));
                assertThat(wal.heldEntries()).isEqualTo(10);
            }
            String newLedger;
            try (WalBuffer wal = open(dir)) {
                List<BufferEntry> recovered = wal.recover();
                assertThat(queryIds(recovered)).containsExactlyElementsOf(queryIds(b));
                assertThat(wal.recover()).as("handed over once").isEmpty();
                assertThat(wal.drain("b")).as("recovered entries are replayed by the engine, not drained").isEmpty();
                assertThat(recovered.stream().map(wal::ledgerId).toList()).containsExactlyElementsOf(ledgerB);
                assertThat(wal.recoveryReport().entriesRecovered()).isEqualTo(10);
                assertThat(wal.recoveryReport().clean()).isTrue();

                BufferEntry fresh = entry("c", "c0", "(0)");
                wal.append(fresh).toCompletableFuture().get(10, TimeUnit.SECONDS);
                newLedger = wal.ledgerId(fresh);
                long highestOld = ledgerB.stream().mapToLong(WalBufferTest::recordId).max().orElseThrow();
                assertThat(recordId(newLedger)).as("ids continue above the previous run's").isGreaterThan(highestOld);
                wal.release(recovered);
                wal.release(wal.drain("c"));
            }
            try (WalBuffer wal = open(dir)) {
                assertThat(wal.recover()).isEmpty();
                assertThat(wal.segments()).hasSize(1);
                assertThat(wal.heldEntries()).isZero();
            }
        }

        @Test
        @DisplayName("take copies of recovered entries that differ only in sequence for ledgerId and release")
        void renumberedCopies() throws Exception {
            BufferEntry original = entry("a", "q1", "(1)");
            String ledger;
            try (WalBuffer wal = open(dir)) {
                wal.append(original).toCompletableFuture().get(10, TimeUnit.SECONDS);
                ledger = wal.ledgerId(original);
            }
            try (WalBuffer wal = open(dir)) {
                BufferEntry recovered = wal.recover().get(0);
                BufferEntry renumbered = new BufferEntry(7, recovered.keyId(), recovered.queryId(), recovered.enqueuedEpochMicros(),
                        recovered.data(), recovered.dataStart(), recovered.rows(), recovered.bytes(), recovered.deduplicationToken(),
                        recovered.logComment());
                assertThat(wal.ledgerId(renumbered)).isEqualTo(ledger);
                wal.release(List.of(renumbered));
                assertThat(wal.heldEntries()).isZero();
                assertThatThrownBy(() -> wal.ledgerId(renumbered)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is not held by the wal buffer");
            }
            try (WalBuffer wal = open(dir)) {
                assertThat(wal.recover()).isEmpty();
            }
        }

        @Test
        @DisplayName("refuse an entry appended twice and a ledger id for an entry never appended")
        void misuse() throws Exception {
            try (WalBuffer wal = open(dir)) {
                BufferEntry e = entry("a", "q", "(1)");
                wal.append(e);
                assertThatThrownBy(() -> wal.append(e)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already held");
                assertThatThrownBy(() -> wal.ledgerId(entry("a", "other", "(1)"))).isInstanceOf(IllegalArgumentException.class);
                wal.release(List.of(entry("a", "stranger", "(2)")));
                assertThat(wal.heldEntries()).isEqualTo(1);
            }
        }
    }

    @Nested
    @DisplayName("segments")
    class Segments {
        @Test
        @DisplayName("roll at the segment size and are deleted once every entry in them is released")
        void deletedAfterRelease() throws Exception {
            try (WalBuffer wal = open(dir, WalSettings.SEGMENT_BYTES, "1024")) {
                for (int i = 0; i < 20; i++) {
                    wal.append(entry(i % 2 == 0 ? "even" : "odd", "q" + i, "x".repeat(200))).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                List<WalSegmentStatus> before = wal.segments();
                assertThat(before.size()).isGreaterThanOrEqualTo(5);
                assertThat(before).allMatch(s -> s.bytes() <= 1024);
                assertThat(before.stream().mapToLong(WalSegmentStatus::entries).sum()).isEqualTo(20);
                assertThat(before.get(0).oldestEntryEpochMicros()).isPresent();
                assertThat(before.get(before.size() - 1).active()).isTrue();
                assertThat(WalTesting.segmentFiles(dir)).hasSize(before.size());

                wal.release(wal.drain("even"));
                wal.awaitWritten();
                assertThat(wal.segments()).as("every segment still holds an odd entry").hasSize(before.size());

                wal.release(wal.drain("odd"));
                wal.awaitWritten();
                List<WalSegmentStatus> after = wal.segments();
                assertThat(after).hasSize(1);
                assertThat(after.get(0).active()).isTrue();
                assertThat(WalTesting.segmentFiles(dir)).extracting(p -> p.getFileName().toString()).containsExactly(after.get(0).name());
                assertThat(wal.usedBytes()).isEqualTo(after.get(0).bytes());
            }
        }

        @Test
        @DisplayName("holding the release of an entry in an older segment is kept while that segment lives")
        void releaseChainsKeepOrder() throws Exception {
            String body = "y".repeat(300);
            try (WalBuffer wal = open(dir, WalSettings.SEGMENT_BYTES, "1024")) {
                BufferEntry a1 = entry("a1", "a1", body);
                BufferEntry a2 = entry("a2", "a2", body);
                BufferEntry b1 = entry("b1", "b1", body);
                wal.append(a1);
                wal.append(a2);
                wal.append(b1).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(wal.segments()).hasSize(2);
                // The release of a1 lands in segment 2, next to b1.
                wal.release(wal.drain("a1"));
                wal.release(wal.drain("b1"));
                wal.append(entry("c1", "c1", "z".repeat(700))).toCompletableFuture().get(10, TimeUnit.SECONDS);
                wal.awaitWritten();
                List<WalSegmentStatus> segments = wal.segments();
                assertThat(segments).hasSize(3);
                assertThat(segments.get(1).entries()).as("segment 2 is fully released but holds a1's release").isZero();
            }
            try (WalBuffer wal = open(dir)) {
                assertThat(queryIds(wal.recover())).containsExactly("a2", "c1");
            }
        }
    }

    @Nested
    @DisplayName("fsync")
    class Fsync {
        @Test
        @DisplayName("always: one fsync per append")
        void always() throws Exception {
            try (WalBuffer wal = open(dir, WalSettings.FSYNC, "always")) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    acks.add(wal.append(entry("k", "q" + i, "(1)")).toCompletableFuture());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                assertThat(wal.fsyncs()).isEqualTo(20);
            }
        }

        @Test
        @DisplayName("interval: acknowledges after the write and forces when the interval passed on the engine's clock")
        void interval() throws Exception {
            ManualClock clock = new ManualClock();
            try (WalBuffer wal = open(dir, clock, WalSettings.FSYNC, "interval", WalSettings.FSYNC_INTERVAL_MS, "100")) {
                wal.append(entry("k", "q1", "(1)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                wal.append(entry("k", "q2", "(2)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                wal.awaitWritten();
                assertThat(wal.fsyncs()).isZero();
                clock.advanceMillis(100);
                wal.awaitFsyncs(1);
                assertThat(wal.fsyncs()).isEqualTo(1);
            }
            try (WalBuffer wal = open(dir)) {
                assertThat(queryIds(wal.recover())).containsExactly("q1", "q2");
            }
        }
    }

    @Nested
    @DisplayName("the directory")
    class Directory {
        @Test
        @DisplayName("cannot be opened by a second buffer while the first holds it")
        void locked() throws Exception {
            try (WalBuffer first = open(dir)) {
                first.append(entry("k", "q", "(1)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> open(dir)).isInstanceOf(SluiceSqlException.class)
                        .hasMessage("BAD_ARGUMENTS: The WAL directory " + dir.toAbsolutePath().normalize() + " is in use by another Sluice engine"
                                + " (in this JVM): its lock file wal.lock is held. Each engine needs a WAL directory of its own; set"
                                + " async_insert_wal_directory to another directory, or close the other engine first");
                // The refused open must not have disturbed the holder.
                first.append(entry("k", "q2", "(2)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(WalCrashTest.openInChildProcess(dir)).startsWith("REFUSED BAD_ARGUMENTS: The WAL directory")
                        .contains("is in use by another Sluice engine (process " + ProcessHandle.current().pid() + ")");
            }
            try (WalBuffer again = open(dir)) {
                assertThat(queryIds(again.recover())).containsExactly("q", "q2");
            }
        }

        @Test
        @DisplayName("keeps its id across runs and refuses segments without wal.meta")
        void identity() throws Exception {
            String id;
            try (WalBuffer wal = open(dir)) {
                id = wal.walId();
                wal.append(entry("k", "q", "(1)")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            try (WalBuffer wal = open(dir)) {
                assertThat(wal.walId()).isEqualTo(id);
            }
            Files.delete(dir.resolve("wal.meta"));
            assertThatThrownBy(() -> open(dir)).isInstanceOf(SluiceSqlException.class).hasMessageContaining("but no wal.meta");
        }
    }

    @Nested
    @DisplayName("close")
    class Close {
        @Test
        @DisplayName("syncs what is queued, refuses later appends, keeps unreleased entries, and is harmless twice")
        void close() throws Exception {
            WalBuffer wal = open(dir);
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                acks.add(wal.append(entry("k", "q" + i, "(1)")).toCompletableFuture());
            }
            wal.close();
            assertThat(acks).allMatch(ack -> ack.isDone() && !ack.isCompletedExceptionally());
            wal.close();
            assertThatThrownBy(() -> wal.append(entry("k", "late", "(1)"))).isInstanceOf(SluiceSqlException.class)
                    .extracting(e -> ((SluiceSqlException) e).error()).isEqualTo(ErrorCode.ABORTED);
            try (WalBuffer reopened = open(dir)) {
                assertThat(reopened.recover()).hasSize(50);
            }
        }
    }

    @Nested
    @DisplayName("close from a continuation")
    class CloseFromWriter {
        @Test
        @DisplayName("on the writer thread does not deadlock and still releases the directory")
        void closeInsideStage() throws Exception {
            WalBuffer wal = open(dir);
            CompletableFuture<Void> closed = wal.append(entry("k", "q", "(1)")).toCompletableFuture().thenRun(wal::close);
            closed.get(10, TimeUnit.SECONDS);
            wal.awaitWriterDone();
            try (WalBuffer reopened = open(dir)) {
                assertThat(queryIds(reopened.recover())).containsExactly("q");
            }
        }
    }

    static long recordId(String ledgerId) {
        return Long.parseLong(ledgerId.substring(ledgerId.indexOf(':') + 1));
    }
}

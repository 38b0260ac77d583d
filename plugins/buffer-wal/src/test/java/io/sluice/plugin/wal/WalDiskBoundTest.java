package io.sluice.plugin.wal;

import static io.sluice.plugin.wal.WalTesting.entry;
import static io.sluice.plugin.wal.WalTesting.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.SluiceSqlException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WalDiskBoundTest {
    private static final String BODY = "x".repeat(300);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static long recordLength(BufferEntry entry) throws Exception {
        long length = 0;
        for (ByteBuffer chunk : WalCodec.encodeEntry(1, entry)) {
            length += chunk.remaining();
        }
        return length;
    }

    /** Appends in another thread; the returned future completes with the append's outcome. */
    private static CompletableFuture<Void> appendInThread(WalBuffer wal, BufferEntry entry) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                wal.append(entry).whenComplete((v, e) -> {
                    if (e == null) {
                        outcome.complete(null);
                    } else {
                        outcome.completeExceptionally(e);
                    }
                });
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        thread.start();
        return outcome;
    }

    private WalBuffer fill(String maxWaitMillis, String segmentBytes) throws Exception {
        WalBuffer wal = open(dir, clock, WalSettings.SEGMENT_BYTES, segmentBytes, WalSettings.MAX_BYTES, "2048", WalSettings.MAX_WAIT_MS,
                maxWaitMillis);
        for (int i = 0; i < 4; i++) {
            wal.append(entry("k", "q" + i, BODY)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return wal;
    }

    @Test
    @DisplayName("at the bound an append waits the max wait on the engine's clock, then fails naming the bound and the setting")
    void failsAfterMaxWait() throws Exception {
        try (WalBuffer wal = fill("500", "1024")) {
            long used = wal.usedBytes();
            BufferEntry fifth = entry("k", "q4", BODY);
            long length = recordLength(fifth);
            assertThat(used + length).isGreaterThan(2048);
            CountDownLatch waiting = new CountDownLatch(1);
            wal.roomWaitListener = waiting::countDown;
            CompletableFuture<Void> outcome = appendInThread(wal, fifth);
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            clock.advanceMillis(499);
            assertThatThrownBy(() -> outcome.get(100, TimeUnit.MILLISECONDS)).as("not before the max wait").isInstanceOf(TimeoutException.class);
            clock.advanceMillis(1);
            assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SluiceSqlException.class)
                    .hasMessage("MEMORY_LIMIT_EXCEEDED: The INSERT's WAL record of " + length + " bytes does not fit under"
                            + " async_insert_wal_max_bytes = 2048 (" + used + " bytes in the WAL at " + dir.toAbsolutePath().normalize()
                            + "): no room came within async_insert_wal_max_wait_ms = 500, as the entries in it were not released in time;"
                            + " nothing was queued");
            assertThat(wal.heldEntries()).isEqualTo(4);
            assertThat(wal.drain("k")).extracting(BufferEntry::queryId).containsExactly("q0", "q1", "q2", "q3");
            assertThat(wal.usedBytes()).isEqualTo(used);
        }
    }

    @Test
    @DisplayName("with no wait allowed an append at the bound fails at once")
    void noWait() throws Exception {
        try (WalBuffer wal = fill("0", "1024")) {
            assertThatThrownBy(() -> wal.append(entry("k", "q4", BODY))).isInstanceOf(SluiceSqlException.class)
                    .hasMessageContaining("no room came within async_insert_wal_max_wait_ms = 0")
                    .extracting(e -> ((SluiceSqlException) e).error()).isEqualTo(ErrorCode.MEMORY_LIMIT_EXCEEDED);
        }
    }

    @Test
    @DisplayName("an entry larger than the bound fails at once")
    void largerThanBound() throws Exception {
        try (WalBuffer wal = open(dir, clock, WalSettings.SEGMENT_BYTES, "1024", WalSettings.MAX_BYTES, "2048")) {
            assertThatThrownBy(() -> wal.append(entry("k", "big", "y".repeat(3000)))).isInstanceOf(SluiceSqlException.class)
                    .hasMessageContaining("the entry alone is larger than the bound; nothing was queued");
        }
    }

    @Test
    @DisplayName("a waiting append goes through once releases free room, even when everything sat in the active segment")
    void releaseMakesRoom() throws Exception {
        try (WalBuffer wal = fill("10000", "2048")) {
            assertThat(wal.segments()).hasSize(1);
            CountDownLatch waiting = new CountDownLatch(1);
            wal.roomWaitListener = waiting::countDown;
            CompletableFuture<Void> outcome = appendInThread(wal, entry("k", "q4", BODY));
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            wal.release(wal.drain("k"));
            // The clock never moves: only the deletion of the released segment can let it through.
            outcome.get(10, TimeUnit.SECONDS);
            assertThat(wal.drain("k")).extracting(BufferEntry::queryId).containsExactly("q4");
            assertThat(wal.usedBytes()).isLessThanOrEqualTo(2048);
        }
    }

    @Test
    @DisplayName("closing the buffer fails a waiting append with ABORTED")
    void closeWhileWaiting() throws Exception {
        WalBuffer wal = fill("10000", "1024");
        CountDownLatch waiting = new CountDownLatch(1);
        wal.roomWaitListener = waiting::countDown;
        CompletableFuture<Void> outcome = appendInThread(wal, entry("k", "q4", BODY));
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        wal.close();
        assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SluiceSqlException.class)
                .hasMessageStartingWith("ABORTED: The wal buffer at");
    }
}

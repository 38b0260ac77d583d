package io.sluice.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UuidQueryIdsTest {
    private static long[] read(String text) {
        long[] halves = {7, 7};
        assertThat(UuidQueryIds.read(text, halves)).as(text).isTrue();
        return halves;
    }

    @Test
    @DisplayName("a generated id is a version 4 UUID in toString's form, read as its halves on its own thread and on others")
    void generatedIdsReadAsTheirHalves() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            String id = UuidQueryIds.generate();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            long[] expected = {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()};
            // The very string made here, an equal copy of it, and the string read on another thread.
            assertThat(read(id)).containsExactly(expected);
            assertThat(read(new String(id.toCharArray()))).containsExactly(expected);
            assertThat(CompletableFuture.supplyAsync(() -> read(id)).get()).containsExactly(expected);
        }
    }

    @Test
    @DisplayName("the id a thread made last does not stand in for other text: another id, upper case, or null")
    void onlyTheVeryIdIsAnsweredFromItsHalves() {
        String id = UuidQueryIds.generate();
        String other = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L).toString();
        assertThat(read(other)).containsExactly(0x0123456789abcdefL, 0xfedcba9876543210L);
        long[] halves = new long[2];
        assertThat(UuidQueryIds.read(id.toUpperCase(java.util.Locale.ROOT), halves)).isFalse();
        assertThat(UuidQueryIds.read(null, halves)).isFalse();
        assertThat(UuidQueryIds.read("not-a-uuid", halves)).isFalse();
    }
}

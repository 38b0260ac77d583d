package io.sluice.plugin.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.BufferEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A drain takes the key's entries at once but builds them only when its list is read, on the reader's thread. */
class DeferredDrainTest {
    private static BufferEntry entry(String key, long sequence) {
        return new BufferEntry(sequence, key, new UUID(sequence, ~sequence).toString(), 1_767_225_600_000_000L + sequence, "(" + sequence + ")", 0,
                null, 3, "", "");
    }

    @Test
    @DisplayName("a drained list holds exactly the entries appended before the drain, though built after later appends")
    void drainedListIsTheKeysEntriesAtTheDrain() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer();
        List<BufferEntry> before = new ArrayList<>();
        for (long i = 1; i <= 5; i++) {
            before.add(entry("k", i));
            buffer.append(before.get(before.size() - 1));
        }
        buffer.append(entry("other", 6));
        List<BufferEntry> drained = buffer.drain("k");
        assertThat(drained.size()).isEqualTo(5);
        assertThat(((MemoryBuffer.Drained) drained).isBuilt()).isFalse();
        // Appends after the drain go to a new store of the key.
        buffer.append(entry("k", 7));
        buffer.append(entry("k", 8));

        assertThat(drained).containsExactlyElementsOf(before);
        assertThat(((MemoryBuffer.Drained) drained).isBuilt()).isTrue();
        assertThat(drained.get(0)).isSameAs(drained.get(0));
        assertThatThrownBy(() -> drained.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(buffer.drain("k")).containsExactly(entry("k", 7), entry("k", 8));
        assertThat(buffer.drain("other")).containsExactly(entry("other", 6));
        assertThat(buffer.drain("k")).isEmpty();
    }

    @Test
    @DisplayName("a drained list answers the halves of each query id kept as a UUID, and no halves for an entry kept whole")
    void drainedListKnowsUuidQueryIds() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer();
        UUID first = new UUID(-2L, Long.MIN_VALUE + 5);
        buffer.append(new BufferEntry(1, "k", first.toString(), 1_767_225_600_000_000L, "(1)", 0, null, 3, "", ""));
        buffer.append(new BufferEntry(2, "k", "my-own-id", 1_767_225_600_000_001L, "(2)", 0, null, 3, "", ""));
        UUID third = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        buffer.append(new BufferEntry(3, "k", third.toString(), 1_767_225_600_000_002L, null, 0, List.<Object[]>of(new Object[] {3L}), 8, "", ""));
        io.sluice.spi.UuidQueryIds ids = (io.sluice.spi.UuidQueryIds) buffer.drain("k");

        assertThat(ids.hasUuidQueryId(0)).isTrue();
        assertThat(ids.queryIdHigh(0)).isEqualTo(first.getMostSignificantBits());
        assertThat(ids.queryIdLow(0)).isEqualTo(first.getLeastSignificantBits());
        assertThat(ids.hasUuidQueryId(1)).isFalse();
        assertThat(ids.hasUuidQueryId(2)).isTrue();
        assertThat(ids.queryIdHigh(2)).isEqualTo(third.getMostSignificantBits());
        assertThat(ids.queryIdLow(2)).isEqualTo(third.getLeastSignificantBits());
        assertThat(((List<?>) ids).size()).isEqualTo(3);
    }

    @Test
    @DisplayName("inline text comes back equal: Latin-1, other text as UTF-8, and a lone surrogate kept whole")
    void inlineTextComesBackEqual() throws Exception {
        MemoryBuffer buffer = new MemoryBuffer();
        String[] values = {"(1, 'plain')", "(2, 'zürich ÿ')", "(3, '✓ ж 🚀')", "(4, 'lone \uD800 surrogate')", "(5, '" + "é".repeat(8_000) + "')", ""};
        List<BufferEntry> appended = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            appended.add(new BufferEntry(i, "k", new UUID(i, i).toString(), 1_767_225_600_000_000L + i, values[i], 0, null, values[i].length() + i % 2,
                    "", ""));
            buffer.append(appended.get(i));
        }
        List<BufferEntry> drained = buffer.drain("k");
        assertThat(drained).containsExactlyElementsOf(appended);
        assertThat(((io.sluice.spi.UuidQueryIds) drained).hasUuidQueryId(3)).isFalse();
        assertThat(((io.sluice.spi.UuidQueryIds) drained).hasUuidQueryId(2)).isTrue();
    }
}

package io.sluice.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.FlushDecision.FlushTrigger;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FlushRules, the rule every flush policy shares")
class FlushRulesTest {
    private static final long OPENED = -5_000;
    private static final long DUE = 1_000;

    @Nested
    @DisplayName("limitReached")
    class LimitReached {
        @Test
        @DisplayName("names SIZE at the byte limit, before COUNT, and COUNT at the entry limit")
        void sizeThenCount() {
            assertThat(FlushRules.limitReached(view(3, 99))).isEqualTo(FlushTrigger.NONE);
            assertThat(FlushRules.limitReached(view(3, 100))).isEqualTo(FlushTrigger.SIZE);
            assertThat(FlushRules.limitReached(view(10, 100))).isEqualTo(FlushTrigger.SIZE);
            assertThat(FlushRules.limitReached(view(10, 99))).isEqualTo(FlushTrigger.COUNT);
            assertThat(FlushRules.limitReached(view(9, 99))).isEqualTo(FlushTrigger.NONE);
        }

        @Test
        @DisplayName("never names a limit for an empty buffer, even with limits of 0")
        void emptyReachesNoLimit() {
            assertThat(FlushRules.limitReached(new View(0, 0, OPENED, settings(0, 0)))).isEqualTo(FlushTrigger.NONE);
        }
    }

    @Nested
    @DisplayName("flushWhenDue")
    class FlushWhenDue {
        @Test
        @DisplayName("waits until the due time, then flushes with the given trigger")
        void waitsThenFlushes() {
            assertThat(FlushRules.flushWhenDue(view(1, 1), DUE - 1, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE));
            assertThat(FlushRules.flushWhenDue(view(1, 1), DUE, DUE, FlushTrigger.DEADLINE))
                    .isEqualTo(FlushDecision.flushNow(FlushTrigger.DEADLINE));
            assertThat(FlushRules.flushWhenDue(view(1, 1), DUE + 7, DUE, FlushTrigger.POLICY))
                    .isEqualTo(FlushDecision.flushNow(FlushTrigger.POLICY));
        }

        @Test
        @DisplayName("ignores the hard limits: they are limitReached's part")
        void ignoresLimits() {
            assertThat(FlushRules.flushWhenDue(view(10, 100), DUE - 1, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE));
        }

        @Test
        @DisplayName("never flushes an empty buffer, and asks again no earlier than now")
        void emptyWaits() {
            View empty = new View(0, 0, OPENED, settings(100, 10));
            assertThat(FlushRules.flushWhenDue(empty, DUE - 1, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE));
            assertThat(FlushRules.flushWhenDue(empty, DUE, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE));
            assertThat(FlushRules.flushWhenDue(empty, DUE + 5, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE + 5));
        }

        @Test
        @DisplayName("compares times by subtraction, so a due time past Long.MAX_VALUE's wrap still lies ahead")
        void comparesAcrossTheWrap() {
            long now = Long.MAX_VALUE - 10;
            long due = now + 20; // wrapped to a negative number, yet 20 ns after now
            assertThat(FlushRules.flushWhenDue(view(1, 1), now, due, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(due));
            assertThat(FlushRules.flushWhenDue(new View(0, 0, OPENED, settings(100, 10)), now, due, FlushTrigger.DEADLINE))
                    .isEqualTo(FlushDecision.checkAgainAt(due));
            assertThat(FlushRules.flushWhenDue(view(1, 1), due, due, FlushTrigger.DEADLINE))
                    .isEqualTo(FlushDecision.flushNow(FlushTrigger.DEADLINE));
        }
    }

    @Nested
    @DisplayName("limitsOrDue")
    class LimitsOrDue {
        @Test
        @DisplayName("flushes at a hard limit before the due time, with the limit's trigger")
        void limitFirst() {
            assertThat(FlushRules.limitsOrDue(view(3, 100), DUE - 1, DUE, FlushTrigger.POLICY)).isEqualTo(FlushDecision.flushNow(FlushTrigger.SIZE));
            assertThat(FlushRules.limitsOrDue(view(10, 1), DUE + 1, DUE, FlushTrigger.POLICY)).isEqualTo(FlushDecision.flushNow(FlushTrigger.COUNT));
        }

        @Test
        @DisplayName("below the limits, waits for the due time")
        void thenDue() {
            assertThat(FlushRules.limitsOrDue(view(3, 1), DUE - 1, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.checkAgainAt(DUE));
            assertThat(FlushRules.limitsOrDue(view(3, 1), DUE, DUE, FlushTrigger.DEADLINE)).isEqualTo(FlushDecision.flushNow(FlushTrigger.DEADLINE));
        }
    }

    @Test
    @DisplayName("refuses NONE as the due trigger, whatever the buffer holds")
    void refusesNone() {
        for (View buffer : new View[] {view(3, 1), view(10, 100)}) {
            assertThatThrownBy(() -> FlushRules.limitsOrDue(buffer, DUE, DUE, FlushTrigger.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the trigger of a buffer flushed when due must not be NONE");
        }
        assertThatThrownBy(() -> FlushRules.flushWhenDue(view(3, 1), DUE, DUE, FlushTrigger.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("closedLoopReady: every caller inside the key waits on the buffer, unless the setting is 0")
    void closedLoopReady() {
        Map<String, String> on = Map.of(FlushRules.CLOSED_LOOP_FLUSH, "1");
        assertThat(FlushRules.closedLoopReady(new Callers(1, 1, on))).isTrue();
        assertThat(FlushRules.closedLoopReady(new Callers(3, 3, on))).isTrue();
        assertThat(FlushRules.closedLoopReady(new Callers(2, 3, on))).as("one caller may still add").isFalse();
        assertThat(FlushRules.closedLoopReady(new Callers(0, 0, on))).as("nobody waits").isFalse();
        assertThat(FlushRules.closedLoopReady(new Callers(2, 2, Map.of(FlushRules.CLOSED_LOOP_FLUSH, "0")))).isFalse();
        assertThat(FlushRules.closedLoopReady(new Callers(2, 2, Map.of()))).as("a host without the setting: on").isTrue();
        assertThat(FlushRules.closedLoopReady(view(3, 1))).as("an engine that counts no callers").isFalse();
    }

    /** A buffer whose engine counts its callers. */
    private record Callers(int waitingEntries, int activeInserters, Map<String, String> values) implements BufferView {
        @Override
        public String database() {
            return "main";
        }

        @Override
        public String table() {
            return "events";
        }

        @Override
        public String format() {
            return "Values";
        }

        @Override
        public int entries() {
            return waitingEntries;
        }

        @Override
        public long bytes() {
            return waitingEntries;
        }

        @Override
        public long openedAtNanos() {
            return OPENED;
        }

        @Override
        public long previousAppendNanos() {
            return Long.MIN_VALUE;
        }

        @Override
        public SettingsView settings() {
            return values::get;
        }

        @Override
        public StorageFeedback feedback() {
            return StorageFeedback.NONE;
        }
    }

    /** A buffer of {@code entries} and {@code bytes} under limits of 100 bytes and 10 entries. */
    private static View view(int entries, long bytes) {
        return new View(entries, bytes, OPENED, settings(100, 10));
    }

    private static SettingsView settings(long maxBytes, long maxEntries) {
        Map<String, String> values = Map.of(FlushRules.MAX_DATA_SIZE, Long.toString(maxBytes),
                FlushRules.MAX_QUERY_NUMBER, Long.toString(maxEntries));
        return name -> {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no setting " + name);
            }
            return value;
        };
    }

    private record View(int entries, long bytes, long openedAtNanos, SettingsView settings) implements BufferView {
        @Override
        public String database() {
            return "main";
        }

        @Override
        public String table() {
            return "events";
        }

        @Override
        public String format() {
            return "Values";
        }

        @Override
        public long previousAppendNanos() {
            return Long.MIN_VALUE;
        }

        @Override
        public StorageFeedback feedback() {
            throw new UnsupportedOperationException("the flush rules read no feedback");
        }
    }
}

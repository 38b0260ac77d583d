package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static String formatted(long epochMicros) {
        return Times.MICROS.format(Times.instant(epochMicros));
    }

    @Test
    @DisplayName("micros writes what the formatter writes: edges of days, months, leap years, eras and the years it hands over")
    void microsWritesWhatTheFormatterWrites() {
        long[] edges = {0, -1, 1, 999_999, 1_000_000, 86_399_999_999L, 86_400_000_000L, -86_400_000_000L, -86_400_000_001L,
                951_782_400_000_000L, 951_868_799_999_999L, 4_107_542_400_000_000L, 1_709_164_800_000_000L, 1_796_674_207_123_456L,
                -62_135_596_800_000_000L, -62_135_596_800_000_001L, 253_402_300_799_999_999L, 253_402_300_800_000_000L,
                -12_219_292_800_000_000L, Long.MAX_VALUE / 1_000, Long.MIN_VALUE / 1_000};
        for (long edge : edges) {
            assertThat(Times.micros(edge)).as("%d", edge).isEqualTo(formatted(edge));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long micros = random.nextLong(-62_135_596_800_000_000L, 253_402_300_800_000_000L);
            assertThat(Times.micros(micros)).as("%d", micros).isEqualTo(formatted(micros));
        }
    }

    @Test
    @DisplayName("its first 10 and 19 characters are the date's and the second's text")
    void prefixesAreTheDateAndTheSecond() {
        long micros = 1_796_674_207_123_456L;
        assertThat(Times.micros(micros).substring(0, 10)).isEqualTo(Times.DATE.format(Times.instant(micros)));
        assertThat(Times.micros(micros).substring(0, 19)).isEqualTo(Times.SECONDS.format(Times.instant(micros)));
    }
}

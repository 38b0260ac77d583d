package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void theNearestRankIsOneOfTheValues() {
        long[] sorted = Percentiles.sorted(new long[] {50, 10, 40, 20, 30});

        assertThat(sorted).containsExactly(10, 20, 30, 40, 50);
        assertThat(Percentiles.of(sorted, 50)).isEqualTo(30); // rank ceil(2.5) = 3
        assertThat(Percentiles.of(sorted, 20)).isEqualTo(10); // rank 1
        assertThat(Percentiles.of(sorted, 21)).isEqualTo(20); // rank ceil(1.05) = 2
        assertThat(Percentiles.of(sorted, 99)).isEqualTo(50);
        assertThat(Percentiles.of(sorted, 100)).isEqualTo(50);
        assertThat(Percentiles.of(sorted, 0.001)).isEqualTo(10);
    }

    @Test
    void theP99OfAHundredValuesIsTheNinetyNinth() {
        long[] values = new long[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 - i;
        }
        long[] sorted = Percentiles.sorted(values);

        assertThat(Percentiles.of(sorted, 99)).isEqualTo(99);
        assertThat(Percentiles.of(sorted, 90)).isEqualTo(90);
        assertThat(Percentiles.mean(sorted)).isEqualTo(50.5);
    }

    @Test
    void emptyInputAndBadPercentsAreRefused() {
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).hasMessage("no values");
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 0)).hasMessage("a percentile is in (0, 100], not 0.0");
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 101)).hasMessage("a percentile is in (0, 100], not 101.0");
        assertThatThrownBy(() -> Percentiles.mean(new long[0])).hasMessage("no values");
    }

    @Test
    void linearBinsPutTheRestInTheLastBin() {
        long[] bins = Percentiles.linearBins(new long[] {0, 9, 10, 19, 25, 1000}, 10, 3);

        assertThat(bins).containsExactly(2, 2, 2);
    }

    @Test
    void niceWidthsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Percentiles.niceWidth(450, 30)).isEqualTo(20); // 15 → 20
        assertThat(Percentiles.niceWidth(100, 30)).isEqualTo(5);  // 3.3 → 5
        assertThat(Percentiles.niceWidth(1000, 10)).isEqualTo(100);
        assertThat(Percentiles.niceWidth(0, 30)).isEqualTo(1);
        assertThat(Percentiles.niceWidth(7, 30)).isEqualTo(1);
    }
}

package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsAreContiguousAndBoundTheirValues() {
        int previous = -1;
        for (long value : new long[] {0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 1_000, 1_000_000, Long.MAX_VALUE}) {
            int index = LatencyHistogram.index(value);
            assertThat(index).isGreaterThanOrEqualTo(previous);
            assertThat(LatencyHistogram.highestInBucket(index)).isGreaterThanOrEqualTo(value);
            if (index > 0) {
                assertThat(LatencyHistogram.highestInBucket(index - 1)).isLessThan(value);
            }
            previous = index;
        }
    }

    @Test
    void percentilesAreWithinThreePercentAndNeverBelowTheTruth() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(10 + random.nextGaussian() * 2);
            histogram.record(values[i]);
        }
        Arrays.sort(values);

        for (double percent : new double[] {50, 90, 99, 99.9}) {
            long truth = values[(int) Math.ceil(percent / 100 * values.length) - 1];
            assertThat(histogram.percentile(percent)).isBetween(truth, (long) (truth * 1.032));
        }
        assertThat(histogram.percentile(100)).isEqualTo(values[values.length - 1]);
        assertThat(histogram.count()).isEqualTo(values.length);
    }

    @Test
    void histogramsAddUp() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(20);
        b.record(5_000);

        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(5_000);
        assertThat(a.percentile(50)).isEqualTo(20);
    }

    @Test
    void anEmptyHistogramHasNoPercentiles() {
        assertThatThrownBy(() -> new LatencyHistogram().percentile(50)).hasMessage("no values recorded");
    }

    @Test
    void linearBinsCountEveryValueNearItsBin() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long value : new long[] {5, 15, 15, 25, 1_000, 20_000}) {
            histogram.record(value * 1_000_000);
        }

        long[] bins = histogram.linearBins(10_000_000, 4);

        assertThat(bins).containsExactly(1, 2, 1, 2);
        assertThat(java.util.Arrays.stream(bins).sum()).isEqualTo(histogram.count());
    }
}

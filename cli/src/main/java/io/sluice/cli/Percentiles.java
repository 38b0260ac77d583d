package io.sluice.cli;

import java.util.Arrays;

/**
 * Exact percentiles of a small set of values (flush durations, rows per flush), by the nearest-rank
 * method: the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉ (1-based), so it is
 * always one of the values and never below p% of them. Stateless.
 */
final class Percentiles {
    private Percentiles() {}

    /** A sorted copy of {@code values}. */
    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * The nearest-rank percentile of {@code sorted} (ascending).
     *
     * @throws IllegalArgumentException when {@code sorted} is empty or {@code percent} is outside (0, 100]
     */
    static long of(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100], not " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    static double mean(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** {@code values} counted in {@code bins} equal bins of {@code width} from 0; the last bin holds the rest. */
    static long[] linearBins(long[] values, long width, int bins) {
        if (width < 1 || bins < 1) {
            throw new IllegalArgumentException("width and bins must be at least 1, not " + width + " and " + bins);
        }
        long[] result = new long[bins];
        for (long value : values) {
            result[(int) Math.min(bins - 1, Math.max(0, value) / width)]++;
        }
        return result;
    }

    /**
     * A bin width that is 1, 2 or 5 times a power of ten and splits {@code 0 … max} into at most
     * {@code bins} bins.
     */
    static long niceWidth(long max, int bins) {
        double raw = Math.max(1.0, (double) Math.max(1, max) / bins);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= raw) {
                return Math.max(1, (long) Math.ceil(step * magnitude));
            }
        }
        return (long) Math.ceil(10 * magnitude);
    }
}

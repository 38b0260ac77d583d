package io.sluice.cli;

/**
 * Counts latencies in logarithmic buckets, 32 per power of two, so that a percentile is reported within
 * about 3% of the true value (never below it) in constant memory, whatever the number of samples. Values
 * are non-negative longs (nanoseconds here). Not thread-safe: each client thread records into its own
 * histogram, and they are {@linkplain #add added} together at the end.
 */
final class LatencyHistogram {
    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = SUB_BUCKETS + (Long.SIZE - 1 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long value) {
        long v = Math.max(0, value);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /**
     * The smallest bucket bound below which at least {@code percent}% of the values lie (capped at the
     * largest value recorded).
     *
     * @throws IllegalStateException when nothing was recorded
     */
    long percentile(double percent) {
        if (total == 0) {
            throw new IllegalStateException("no values recorded");
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestInBucket(i), max);
            }
        }
        return max;
    }

    /** Receives one non-empty bucket: the largest value it holds and its count. */
    interface BucketConsumer {
        void accept(long highest, long count);
    }

    /** Hands every non-empty bucket to {@code consumer}, smallest values first. */
    void forEachBucket(BucketConsumer consumer) {
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                consumer.accept(Math.min(highestInBucket(i), max), counts[i]);
            }
        }
    }

    /**
     * Counts in {@code bins} equal bins of {@code width} from 0; the last bin also holds every larger value.
     * A bucket is counted in the bin of its largest value, so a value may land one bin above its own when
     * a bucket straddles a bin bound (buckets are about 3% wide).
     */
    long[] linearBins(long width, int bins) {
        if (width < 1 || bins < 1) {
            throw new IllegalArgumentException("width and bins must be at least 1, not " + width + " and " + bins);
        }
        long[] result = new long[bins];
        forEachBucket((highest, count) -> result[(int) Math.min(bins - 1, highest / width)] += count);
        return result;
    }

    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int shift = (Long.SIZE - 1 - Long.numberOfLeadingZeros(value)) - SUB_BUCKET_BITS;
        int sub = (int) (value >>> shift) - SUB_BUCKETS;
        return SUB_BUCKETS + shift * SUB_BUCKETS + sub;
    }

    static long highestInBucket(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index - SUB_BUCKETS) / SUB_BUCKETS;
        long sub = (index - SUB_BUCKETS) % SUB_BUCKETS;
        long lowest = (SUB_BUCKETS + sub) << shift;
        return lowest + (1L << shift) - 1;
    }
}

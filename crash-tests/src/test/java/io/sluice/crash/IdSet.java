package io.sluice.crash;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of row ids, compact for the harness's id scheme: one bit per id in a bit set per range of
 * {@link CrashChild#STRIDE} ids (one thread of one process). Not thread-safe.
 */
final class IdSet {
    private final TreeMap<Long, BitSet> ranges = new TreeMap<>();
    private long size;

    /** Adds an id; answers whether it was new. */
    boolean add(long id) {
        BitSet bits = ranges.computeIfAbsent(id / CrashChild.STRIDE, k -> new BitSet());
        int bit = (int) (id % CrashChild.STRIDE);
        if (bits.get(bit)) {
            return false;
        }
        bits.set(bit);
        size++;
        return true;
    }

    boolean contains(long id) {
        BitSet bits = ranges.get(id / CrashChild.STRIDE);
        return bits != null && bits.get((int) (id % CrashChild.STRIDE));
    }

    long size() {
        return size;
    }

    /** Calls {@code action} for every id of this set, in order, from {@code from} on. */
    void forEachFrom(long from, java.util.function.LongConsumer action) {
        for (Map.Entry<Long, BitSet> range : ranges.tailMap(from / CrashChild.STRIDE, true).entrySet()) {
            long base = range.getKey() * CrashChild.STRIDE;
            BitSet bits = range.getValue();
            for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
                if (base + bit >= from) {
                    action.accept(base + bit);
                }
            }
        }
    }
}

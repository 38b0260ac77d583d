package io.sluice.engine.flush;

import java.util.concurrent.atomic.AtomicLong;

/** Names the parts an engine writes, {@code all_<n>_<n>_0} as in ClickHouse, numbered across the engine. Thread-safe. */
public final class PartNames {
    private final AtomicLong parts = new AtomicLong();

    public String next() {
        long number = parts.incrementAndGet();
        return "all_" + number + "_" + number + "_0";
    }
}

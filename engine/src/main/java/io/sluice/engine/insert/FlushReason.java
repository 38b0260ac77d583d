package io.sluice.engine.insert;

import io.sluice.spi.FlushDecision.FlushTrigger;

/** Why a buffer was flushed. */
public enum FlushReason {
    SIZE, COUNT, DEADLINE, POLICY, MANUAL, SHUTDOWN, RECOVERY,
    /** Another attempt at entries a durable buffer kept after their write failed (the database was unreachable). */
    RETRY;

    static FlushReason of(FlushTrigger trigger) {
        return switch (trigger) {
            case SIZE -> SIZE;
            case COUNT -> COUNT;
            case DEADLINE -> DEADLINE;
            case POLICY, NONE -> POLICY;
        };
    }
}

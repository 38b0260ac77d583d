package io.sluice.engine.insert;

import io.sluice.spi.StorageFeedback;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A lane for the accumulator's tests: keeps every job it is handed, in order, and never runs one itself. */
final class RecordingLane implements Lane {
    final List<FlushJob> jobs = new CopyOnWriteArrayList<>();

    @Override
    public void submit(FlushJob job) {
        jobs.add(job);
    }

    @Override
    public StorageFeedback feedback() {
        return StorageFeedback.NONE;
    }
}

package io.sluice.engine.insert;

import io.sluice.spi.BufferEntry;
import java.util.List;

/** A detached batch and the entries the buffer drained for it: what the insert path hands to a {@link Lane}. */
public record FlushJob(Batch batch, List<BufferEntry> drained) {}

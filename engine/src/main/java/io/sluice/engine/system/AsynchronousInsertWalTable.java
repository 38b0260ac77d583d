package io.sluice.engine.system;

import io.sluice.spi.StoredSegment;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code system.asynchronous_insert_wal}: what a durable buffer keeps on disk, one row per segment; empty for the memory buffer. */
final class AsynchronousInsertWalTable extends LiveTable<StoredSegment> {
    AsynchronousInsertWalTable() {
        super("asynchronous_insert_wal", 5);
    }

    @Override
    List<StoredSegment> rows(LiveSources sources) {
        return sources.engine().storedSegments();
    }

    @Override
    void bind(PreparedStatement insert, StoredSegment segment) throws SQLException {
        insert.setString(1, segment.name());
        insert.setLong(2, segment.entries());
        insert.setLong(3, segment.bytes());
        insert.setString(4, segment.oldestEntryEpochMicros() == 0 ? null : Times.micros(segment.oldestEntryEpochMicros()));
        insert.setInt(5, segment.active() ? 1 : 0);
    }
}

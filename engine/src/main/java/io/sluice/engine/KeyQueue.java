package io.sluice.engine;

import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.parser.format.Format;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.TableInfo;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything that shares one buffer key: target table, column list, format and effective settings. Holds
 * the open {@link Batch}, if any. One lock per key, so inserts of different shapes never contend; the lock
 * is held only to append or detach, never across I/O.
 */
final class KeyQueue {
    final String keyId;
    /** The normalized INSERT of this key, without settings and data, for the system tables. */
    final String query;
    final TableInfo table;
    final List<ColumnInfo> columns;
    final Format format;
    final EffectiveSettings settings;
    final FlushPolicy policy;
    final TableLane lane;
    final ReentrantLock lock = new ReentrantLock();
    /** The batch taking new entries; guarded by {@link #lock}. */
    Batch open;

    KeyQueue(String keyId, String query, TableInfo table, List<ColumnInfo> columns, Format format, EffectiveSettings settings,
            FlushPolicy policy, TableLane lane) {
        this.keyId = keyId;
        this.query = query;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.format = format;
        this.settings = settings;
        this.policy = policy;
        this.lane = lane;
    }
}

package io.sluice.engine.insert;

import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.parser.format.Format;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.TableInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything that shares one buffer key: target table, column list, format and effective settings. Holds
 * the open {@link Batch}, if any. One lock per key, so inserts of different shapes never contend; the lock
 * is held only to append or detach, never across I/O. Only the {@link Accumulator} touches the lock and the
 * open batch; the rest is immutable and read by the flush.
 */
public final class KeyQueue {
    public final BufferKey key;
    /** {@link #key}'s stable text, as the buffer keeps it with each entry. */
    public final String keyId;
    /** The normalized INSERT of this key, without settings and data, for the system tables. */
    public final String query;
    public final TableInfo table;
    public final List<ColumnInfo> columns;
    public final Format format;
    public final EffectiveSettings settings;
    final FlushPolicy policy;
    final TableState tableState;
    final ReentrantLock lock = new ReentrantLock();
    /**
     * Callers inside an INSERT of this key: from the start of their append until they return, waiting or not.
     * Changed outside the lock; read under it for a batch's view.
     */
    final AtomicInteger active = new AtomicInteger();
    /** The hard limits every policy obeys, enforced under the lock so that no batch overfills. */
    final long maxEntries;
    final long maxBytes;
    /** The batch taking new entries; guarded by {@link #lock}. */
    Batch open;

    KeyQueue(BufferKey key, TableInfo table, List<ColumnInfo> columns, EffectiveSettings settings, FlushPolicy policy,
            TableState tableState) {
        this.key = key;
        this.keyId = BufferKeyCodec.encode(key);
        StringBuilder query = new StringBuilder("INSERT INTO ").append(table.database()).append('.').append(table.name()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            query.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        this.query = query.append(") FORMAT ").append(key.format().canonicalName()).toString();
        this.table = table;
        this.columns = List.copyOf(columns);
        this.format = key.format();
        this.settings = settings;
        this.policy = policy;
        this.tableState = tableState;
        this.maxEntries = settings.getLong(io.sluice.engine.settings.Setting.ASYNC_INSERT_MAX_QUERY_NUMBER);
        this.maxBytes = settings.getLong(io.sluice.engine.settings.Setting.ASYNC_INSERT_MAX_DATA_SIZE);
    }

    /** The lane this key's detached batches go to. */
    public Lane lane() {
        return tableState.lane;
    }
}

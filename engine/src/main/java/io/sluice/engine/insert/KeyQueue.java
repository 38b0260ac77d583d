package io.sluice.engine.insert;

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
 * is held only to append or detach, never across I/O. Only the {@link Accumulator} touches the lock and the
 * open batch; the rest is immutable and read by the flush.
 */
public final class KeyQueue {
    public final BufferKey key;
    /** {@link #key}'s stable text, as the buffer keeps it with each entry. */
    public final String keyId;
    /** The normalized INSERT of this key, without settings and data, for the system tables. */
    public final String query;
    /** The table's shape when this key was last resolved: a retype elsewhere replaces it ({@link #reshape}). */
    public volatile TableInfo table;
    /** The key's columns, read against at flush; replaced with the table's shape. */
    public volatile List<ColumnInfo> columns;
    public final Format format;
    public final EffectiveSettings settings;
    final FlushPolicy policy;
    final TableState tableState;
    final ReentrantLock lock = new ReentrantLock();
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
    }

    /** Takes the table's current shape of the key's columns (same names, possibly other types or limits). */
    void reshape(TableInfo table, List<ColumnInfo> columns) {
        if (!this.columns.equals(columns)) {
            this.columns = List.copyOf(columns);
        }
        if (!this.table.equals(table)) {
            this.table = table;
        }
    }

    /** The lane this key's detached batches go to. */
    public Lane lane() {
        return tableState.lane;
    }
}

package io.sluice.engine.insert;

import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.parser.SettingAssignment;
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
    public final TableInfo table;
    public final List<ColumnInfo> columns;
    public final Format format;
    public final EffectiveSettings settings;
    /**
     * {@link #query} with the SETTINGS clause of the first INSERT that named this key, as it wrote it: what
     * ClickHouse shows as a flush's query (its first entry's text). Written once.
     */
    private volatile String queryWithSettings;
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

    /** Remembers the SETTINGS clause of an INSERT of this key for {@link #queryWithSettings()}, if none is yet. */
    public void noteSettingsClause(List<SettingAssignment> settings) {
        if (queryWithSettings != null || settings.isEmpty()) {
            return;
        }
        int format = query.lastIndexOf(" FORMAT ");
        StringBuilder text = new StringBuilder(query.length() + 64).append(query, 0, format);
        for (int i = 0; i < settings.size(); i++) {
            text.append(i == 0 ? " SETTINGS " : ", ").append(settings.get(i).name()).append(" = ").append(settings.get(i).value());
        }
        queryWithSettings = text.append(query, format, query.length()).toString();
    }

    /** The flush's text in the logs: {@link #query} with the SETTINGS clause its first INSERT wrote, if any. */
    public String queryWithSettings() {
        String text = queryWithSettings;
        return text == null ? query : text;
    }

    /** The lane this key's detached batches go to. */
    public Lane lane() {
        return tableState.lane;
    }
}

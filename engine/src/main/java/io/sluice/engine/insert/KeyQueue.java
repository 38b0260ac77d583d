package io.sluice.engine.insert;

import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.parser.SettingAssignment;
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
    /** The table's shape when this key was last resolved: a retype elsewhere replaces it ({@link #reshape}). */
    public volatile TableInfo table;
    /** The key's columns, read against at flush; replaced with the table's shape. */
    public volatile List<ColumnInfo> columns;
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
    /**
     * Callers inside an INSERT of this key: from the start of their append until they return, waiting or not.
     * Changed outside the lock; read under it for a batch's view.
     */
    final AtomicInteger active = new AtomicInteger();
    /** Of the {@link #active} callers, those whose entry is in a closed batch: they add nothing more. Guarded by {@link #lock}. */
    int settled;
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

    /** Remembers the SETTINGS clause of an INSERT of this key for {@link #queryWithSettings()}, if none is yet. */
    public void noteSettingsClause(List<SettingAssignment> settings) {
        if (queryWithSettings != null || settings.isEmpty()) {
            return;
        }
        int format = query.lastIndexOf(" FORMAT ");
        StringBuilder text = new StringBuilder(query.length() + 64).append(query, 0, format);
        boolean first = true;
        for (SettingAssignment setting : settings) {
            // Like ClickHouse, INSERTs that differ only in these share a flush, which shows no one entry's value.
            if (setting.name().equals(Setting.LOG_COMMENT.settingName()) || setting.name().equals(Setting.INSERT_DEDUPLICATION_TOKEN.settingName())) {
                continue;
            }
            text.append(first ? " SETTINGS " : ", ").append(setting.name()).append(" = ").append(literal(setting.value()));
            first = false;
        }
        queryWithSettings = first ? query : text.append(query, format, query.length()).toString();
    }

    /** A setting's value as a SQL literal: numbers and booleans as they are, text quoted. */
    private static String literal(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") || value.matches("[-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The flush's text in the logs: {@link #query} with the SETTINGS clause its first INSERT wrote, if any. */
    public String queryWithSettings() {
        String text = queryWithSettings;
        return text == null ? query : text;
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

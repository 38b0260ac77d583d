package io.sluice.engine.insert;

import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import java.util.List;

/**
 * What makes two INSERTs share a buffer: the table, the column list, the format, and the settings that differ
 * from their defaults (except the per-entry and engine-level ones). A value: equal keys share one
 * {@link KeyQueue}. Its text form, which a durable buffer keeps, is {@link BufferKeyCodec}'s business alone.
 *
 * @param settings the key's settings in the registry's order, each value as a SQL literal (text quoted)
 */
public record BufferKey(String database, String table, List<String> columns, Format format, List<SettingAssignment> settings) {
    public BufferKey {
        columns = List.copyOf(columns);
        settings = List.copyOf(settings);
    }
}

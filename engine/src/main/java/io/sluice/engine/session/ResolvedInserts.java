package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.parser.InsertHead;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A session's INSERT heads resolved against the table and the settings in force, memoized per head instance
 * (the parser hands out one instance per distinct head) until a {@code SET} or a metadata change: on the hot
 * path an INSERT costs one identity lookup here. Used by the session's thread.
 */
final class ResolvedInserts {
    private static final int LIMIT = 1_000;

    /** An INSERT head resolved: everything the hot path needs. */
    record Resolved(KeyQueue queue, EffectiveSettings settings, String logComment, String deduplicationToken, boolean logQueries,
            double logProbability) {}

    private final Engine engine;
    private final Map<InsertHead, Resolved> resolved = new IdentityHashMap<>();
    private long metadataVersion;

    ResolvedInserts(Engine engine) {
        this.engine = engine;
        this.metadataVersion = engine.metadataVersion();
    }

    /**
     * Resolves a head, checking everything ClickHouse checks before queueing: the settings, the table, the
     * columns and the format.
     */
    Resolved resolve(InsertHead head, SettingsStack settingsInForce) throws SQLException {
        long version = engine.metadataVersion();
        if (version != metadataVersion || resolved.size() > LIMIT) {
            resolved.clear();
            metadataVersion = version;
        }
        Resolved r = resolved.get(head);
        if (r != null) {
            return r;
        }
        EffectiveSettings settings = settingsInForce.resolve(head.settings());
        KeyQueue queue = engine.resolve(head, settings);
        queue.noteSettingsClause(head.settings());
        r = new Resolved(queue, settings, settings.get(Setting.LOG_COMMENT), settings.get(Setting.INSERT_DEDUPLICATION_TOKEN),
                settings.getBoolean(Setting.LOG_QUERIES), settings.getDouble(Setting.LOG_QUERIES_PROBABILITY));
        resolved.put(head, r);
        return r;
    }

    /** Forgets every head: the settings in force changed. */
    void clear() {
        resolved.clear();
    }
}

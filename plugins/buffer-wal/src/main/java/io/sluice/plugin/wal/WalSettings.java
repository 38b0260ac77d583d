package io.sluice.plugin.wal;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code wal} buffer's settings: one declarative table ({@link #DEFINITIONS}) that feeds
 * {@code system.settings}, and the validated values read from a {@link PluginConfig}. Immutable.
 *
 * @param directory where the segment files live (absolute, normalized)
 * @param fsync when an append counts as durable
 * @param fsyncIntervalMillis the fsync period of {@link FsyncMode#INTERVAL}
 * @param segmentBytes the size at which the writer starts a new segment file, and to which it fills a new one with zeros
 * @param maxBytes the bound on the WAL's bytes on disk (and queued for it)
 * @param maxWaitMillis how long an append waits for room at the bound before it fails
 */
record WalSettings(Path directory, FsyncMode fsync, long fsyncIntervalMillis, long segmentBytes, long maxBytes, long maxWaitMillis) {
    static final String DIRECTORY = "async_insert_wal_directory";
    static final String FSYNC = "async_insert_wal_fsync";
    static final String FSYNC_INTERVAL_MS = "async_insert_wal_fsync_interval_ms";
    static final String SEGMENT_BYTES = "async_insert_wal_segment_bytes";
    static final String MAX_BYTES = "async_insert_wal_max_bytes";
    static final String MAX_WAIT_MS = "async_insert_wal_max_wait_ms";

    /** The smallest segment size accepted: a header and a few small records. */
    static final long MIN_SEGMENT_BYTES = 1024;

    static final List<SettingDefinition> DEFINITIONS = List.of(
            new SettingDefinition(DIRECTORY, "String", "",
                    "Directory of the wal buffer's segment files, owned by one engine at a time; empty: beside an SQLite target"
                            + " file (the engine supplies it), required for any other target"),
            new SettingDefinition(FSYNC, "String", "group",
                    "When the wal buffer acknowledges an append: always (after an fsync of its own), group (after an fsync"
                            + " shared with the appends that arrived meanwhile) or interval (after the write, with an fsync every"
                            + " async_insert_wal_fsync_interval_ms: survives a process crash, but an OS crash or power loss can"
                            + " lose that window)"),
            new SettingDefinition(FSYNC_INTERVAL_MS, "Milliseconds", "100",
                    "The fsync period of async_insert_wal_fsync = interval; must be greater than 0"),
            new SettingDefinition(SEGMENT_BYTES, "UInt64", "67108864",
                    "Size at which the wal buffer starts a new segment file; each file is filled with zeros to this size"
                            + " before it takes records (so the fsync of an append never grows the file) and cut to the bytes it"
                            + " uses when the writer moves on; a segment is deleted once every entry in it is released; at least "
                            + MIN_SEGMENT_BYTES),
            new SettingDefinition(MAX_BYTES, "UInt64", "1073741824",
                    "Most bytes the wal buffer keeps on disk (and queued for it), counting the bytes segments use: the"
                            + " preallocated zeros of the active segment and of the next one, prepared ahead, take up to two"
                            + " async_insert_wal_segment_bytes more; at the bound INSERTs wait"
                            + " async_insert_wal_max_wait_ms for released segments to be deleted, then fail; at least"
                            + " async_insert_wal_segment_bytes"),
            new SettingDefinition(MAX_WAIT_MS, "Milliseconds", "10000",
                    "How long an INSERT waits for room when the wal buffer holds async_insert_wal_max_bytes, before it fails"
                            + " with MEMORY_LIMIT_EXCEEDED; 0 fails at once"));

    /**
     * Reads and validates the settings.
     *
     * @throws SluiceSqlException {@code INVALID_SETTING_VALUE} naming the setting, its value and the rule
     */
    static WalSettings parse(PluginConfig config, String target) throws SluiceSqlException {
        String directoryText = raw(config, DIRECTORY).trim();
        if (directoryText.isEmpty()) {
            directoryText = besideSqliteFile(target);
        }
        if (directoryText.isEmpty()) {
            throw invalid(DIRECTORY, directoryText, "the wal buffer needs a directory for its segment files; set "
                    + DIRECTORY + " (only an SQLite target file gives a default: <file>.sluice-wal beside it)");
        }
        Path directory;
        try {
            directory = Path.of(directoryText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(DIRECTORY, directoryText, "not a valid path: " + e.getReason());
        }
        String fsyncText = raw(config, FSYNC);
        FsyncMode fsync = FsyncMode.parse(fsyncText.trim().toLowerCase(Locale.ROOT));
        if (fsync == null) {
            throw invalid(FSYNC, fsyncText, "expected always, group or interval");
        }
        long interval = number(config, FSYNC_INTERVAL_MS, 1);
        long segmentBytes = number(config, SEGMENT_BYTES, MIN_SEGMENT_BYTES);
        long maxBytes = number(config, MAX_BYTES, 1);
        if (maxBytes < segmentBytes) {
            throw invalid(MAX_BYTES, raw(config, MAX_BYTES), "must be >= " + SEGMENT_BYTES + " (" + segmentBytes + ")");
        }
        long maxWait = number(config, MAX_WAIT_MS, 0);
        return new WalSettings(directory, fsync, interval, segmentBytes, maxBytes, maxWait);
    }

    /**
     * {@code <file>.sluice-wal} for a target {@code sqlite:<file>[?…]}; empty for any other target and for
     * an in-memory SQLite database.
     */
    static String besideSqliteFile(String target) {
        if (target == null || !target.regionMatches(true, 0, "sqlite:", 0, "sqlite:".length())) {
            return "";
        }
        String file = target.substring("sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.contains("mode=memory")) {
            return "";
        }
        return file + ".sluice-wal";
    }

    private static String raw(PluginConfig config, String name) {
        return config.get(name).orElseGet(() -> defaultOf(name));
    }

    private static String defaultOf(String name) {
        for (SettingDefinition definition : DEFINITIONS) {
            if (definition.name().equals(name)) {
                return definition.defaultValue();
            }
        }
        throw new IllegalArgumentException("not a wal setting: " + name);
    }

    private static long number(PluginConfig config, String name, long minimum) throws SluiceSqlException {
        String text = raw(config, name);
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text, "expected a whole number >= " + minimum);
        }
        if (value < minimum) {
            throw invalid(name, text, minimum == 1 ? "must be greater than 0" : "must be >= " + minimum);
        }
        return value;
    }

    private static SluiceSqlException invalid(String name, String value, String rule) {
        return new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE, "Setting " + name + " = '" + value + "' is invalid: " + rule);
    }
}

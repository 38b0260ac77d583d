package io.sluice.plugin.wal;

/** When an append to the WAL counts as durable ({@code async_insert_wal_fsync}). */
public enum FsyncMode {
    /** Each append gets an fsync of its own before it is acknowledged. Slowest, no shared latency. */
    ALWAYS("always"),
    /**
     * Group commit: the writer writes every append queued since its last fsync, forces the file once, then
     * acknowledges all of them. Durable like {@link #ALWAYS}, at a fraction of the fsyncs. The default.
     */
    GROUP("group"),
    /**
     * Appends are acknowledged once written to the file (the operating system's cache) and the file is
     * forced every {@code async_insert_wal_fsync_interval_ms}. A weaker promise: an acknowledged entry
     * survives the death of the process (SIGKILL, OOM killer) but may be lost with the last interval on
     * an operating-system crash or a power loss.
     */
    INTERVAL("interval");

    private final String settingValue;

    FsyncMode(String settingValue) {
        this.settingValue = settingValue;
    }

    /** The value of {@code async_insert_wal_fsync} that selects this mode. */
    public String settingValue() {
        return settingValue;
    }

    /** The mode a lower-case setting value names, or {@code null}. */
    static FsyncMode parse(String value) {
        for (FsyncMode mode : values()) {
            if (mode.settingValue.equals(value)) {
                return mode;
            }
        }
        return null;
    }
}

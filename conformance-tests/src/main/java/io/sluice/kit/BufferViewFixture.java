package io.sluice.kit;

import io.sluice.spi.BufferView;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StorageFeedback;
import java.util.Map;

/**
 * A {@link BufferView} for tests: immutable, built from {@link #of} and changed with the {@code with}
 * methods, each of which returns a new view. Its {@link #toString()} names every field, so a failed
 * assertion shows the view the policy answered wrongly.
 *
 * @param database the target database
 * @param table the target table
 * @param format the entries' format
 * @param entries how many entries the buffer holds
 * @param bytes how many bytes they hold
 * @param openedAtNanos when the first entry arrived (monotonic)
 * @param previousAppendNanos the table's previous append before the buffer opened, or {@link Long#MIN_VALUE}
 * @param stateAtOpen a stateful policy's table state when the buffer opened
 * @param settings the buffer key's settings
 * @param feedback what the engine saw of the storage lately
 */
public record BufferViewFixture(
        String database,
        String table,
        String format,
        int entries,
        long bytes,
        long openedAtNanos,
        long previousAppendNanos,
        long stateAtOpen,
        SettingsView settings,
        StorageFeedback feedback) implements BufferView {

    /**
     * An empty buffer of table {@code main.kit_table} in format {@code Values}, opened at
     * {@code openedAtNanos}, with no earlier append, state 0 and no storage feedback.
     *
     * @param settings the key's settings, e.g. from {@link KitSettings#view}
     * @param openedAtNanos when the buffer opened
     * @return the view
     */
    public static BufferViewFixture of(SettingsView settings, long openedAtNanos) {
        return new BufferViewFixture("main", "kit_table", "Values", 0, 0, openedAtNanos, Long.MIN_VALUE, 0, settings, StorageFeedback.NONE);
    }

    /**
     * An empty buffer with the built-in default settings; see {@link #of(SettingsView, long)}.
     *
     * @param openedAtNanos when the buffer opened
     * @return the view
     */
    public static BufferViewFixture of(long openedAtNanos) {
        return of(KitSettings.view(null, Map.of()), openedAtNanos);
    }

    /**
     * This view holding {@code entries} entries of {@code bytes} bytes in all.
     *
     * @param entries how many entries
     * @param bytes how many bytes
     * @return a new view
     */
    public BufferViewFixture withContent(int entries, long bytes) {
        return new BufferViewFixture(database, table, format, entries, bytes, openedAtNanos, previousAppendNanos, stateAtOpen, settings, feedback);
    }

    /**
     * This view opened at another time.
     *
     * @param nanos when the first entry arrived
     * @return a new view
     */
    public BufferViewFixture withOpenedAtNanos(long nanos) {
        return new BufferViewFixture(database, table, format, entries, bytes, nanos, previousAppendNanos, stateAtOpen, settings, feedback);
    }

    /**
     * This view with another previous append of its table.
     *
     * @param nanos the previous append, or {@link Long#MIN_VALUE} for none
     * @return a new view
     */
    public BufferViewFixture withPreviousAppendNanos(long nanos) {
        return new BufferViewFixture(database, table, format, entries, bytes, openedAtNanos, nanos, stateAtOpen, settings, feedback);
    }

    /**
     * This view with another policy state at open.
     *
     * @param state the state
     * @return a new view
     */
    public BufferViewFixture withStateAtOpen(long state) {
        return new BufferViewFixture(database, table, format, entries, bytes, openedAtNanos, previousAppendNanos, state, settings, feedback);
    }

    /**
     * This view with other settings.
     *
     * @param newSettings the key's settings
     * @return a new view
     */
    public BufferViewFixture withSettings(SettingsView newSettings) {
        return new BufferViewFixture(database, table, format, entries, bytes, openedAtNanos, previousAppendNanos, stateAtOpen, newSettings, feedback);
    }

    /**
     * This view with other storage feedback.
     *
     * @param newFeedback the feedback
     * @return a new view
     */
    public BufferViewFixture withFeedback(StorageFeedback newFeedback) {
        return new BufferViewFixture(database, table, format, entries, bytes, openedAtNanos, previousAppendNanos, stateAtOpen, settings, newFeedback);
    }

    /**
     * This view of another table.
     *
     * @param newDatabase the database
     * @param newTable the table
     * @return a new view
     */
    public BufferViewFixture withTable(String newDatabase, String newTable) {
        return new BufferViewFixture(newDatabase, newTable, format, entries, bytes, openedAtNanos, previousAppendNanos, stateAtOpen, settings, feedback);
    }
}

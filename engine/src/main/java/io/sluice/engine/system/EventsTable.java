package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.CounterRow;
import java.util.List;

/** {@code system.events}: the engine's counters ({@link Metrics.Event}), which only grow. */
final class EventsTable extends CounterTable {
    EventsTable() {
        super("events");
    }

    @Override
    List<CounterRow> rows(LiveSources sources) {
        return sources.engine().events();
    }
}

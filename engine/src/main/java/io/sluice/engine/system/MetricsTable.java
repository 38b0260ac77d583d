package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.CounterRow;
import java.util.List;

/** {@code system.metrics}: the engine's gauges ({@link Metrics.Gauge}) and the buffer's own. */
final class MetricsTable extends CounterTable {
    MetricsTable() {
        super("metrics");
    }

    @Override
    List<CounterRow> rows(LiveSources sources) {
        return sources.engine().metrics();
    }
}

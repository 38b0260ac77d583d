package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.CounterRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A name/value/description table: {@link EventsTable}, {@link MetricsTable}. */
abstract class CounterTable extends LiveTable<CounterRow> {
    CounterTable(String name) {
        super(name, 3);
    }

    @Override
    final void bind(PreparedStatement insert, CounterRow row) throws SQLException {
        insert.setString(1, row.name());
        insert.setLong(2, row.value());
        insert.setString(3, row.description());
    }
}

package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.PluginRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code system.plugins}: the plugins the engine found at start; written once, as they do not change while it runs. */
final class PluginsTable extends RowsTable<PluginRow> {
    PluginsTable() {
        super("plugins", 5);
    }

    @Override
    void bind(PreparedStatement insert, PluginRow plugin) throws SQLException {
        insert.setString(1, plugin.kind());
        insert.setString(2, plugin.name());
        insert.setString(3, plugin.version());
        insert.setString(4, plugin.source());
        insert.setString(5, plugin.description());
    }
}

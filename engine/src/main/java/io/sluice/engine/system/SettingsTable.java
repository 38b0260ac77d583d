package io.sluice.engine.system;

import io.sluice.engine.system.SystemTables.SettingRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code system.settings}: every setting as the reading session sees it. */
final class SettingsTable extends LiveTable<SettingRow> {
    SettingsTable() {
        super("settings", 6);
    }

    @Override
    List<SettingRow> rows(LiveSources sources) {
        return sources.settings().get();
    }

    @Override
    void bind(PreparedStatement insert, SettingRow row) throws SQLException {
        insert.setString(1, row.name());
        insert.setString(2, row.value());
        insert.setInt(3, row.changed() ? 1 : 0);
        insert.setString(4, row.defaultValue());
        insert.setString(5, row.type());
        insert.setString(6, row.description());
    }
}

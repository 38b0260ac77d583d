package io.sluice.engine.system;

import io.sluice.parser.SystemQueryStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Queries on system tables without an engine, for tests: the rows come back with each row's values joined by '|'. */
final class SystemReads {
    private SystemReads() {}

    static List<String> read(SystemTables system, SystemTables.LiveState live, Supplier<List<SystemTables.SettingRow>> settings, String sql)
            throws SQLException {
        return system.read(new SystemQueryStatement(sql).tables(), live, settings, connection -> {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet set = statement.executeQuery(sql)) {
                int columns = set.getMetaData().getColumnCount();
                while (set.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? "|" : "").append(set.getString(c));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        });
    }

    /** A query on system tables whose live tables are all empty. */
    static List<String> read(SystemTables system, String sql) throws SQLException {
        SystemTables.LiveState live = new SystemTables.LiveState() {
            @Override
            public List<SystemTables.PendingBufferRow> pendingBuffers() {
                return List.of();
            }

            @Override
            public List<io.sluice.spi.StoredSegment> storedSegments() {
                return List.of();
            }

            @Override
            public List<SystemTables.CounterRow> events() {
                return List.of();
            }

            @Override
            public List<SystemTables.CounterRow> metrics() {
                return List.of();
            }
        };
        return read(system, live, List::of, sql);
    }
}

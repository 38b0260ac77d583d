package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.StoredSegment;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A read gathers the live state of the tables it names, and of no other. */
class LiveTablesTest {
    /** How often each source of live state was asked, by name. */
    private final Map<String, Integer> asked = new TreeMap<>();
    private final SystemTables system = open();

    private final SystemTables.LiveState live = new SystemTables.LiveState() {
        @Override
        public List<SystemTables.PendingBufferRow> pendingBuffers() {
            ask("pendingBuffers");
            return List.of(new SystemTables.PendingBufferRow("INSERT INTO main.t (a) FORMAT Values", "main", "t", "Values", 0, 3,
                    List.of("q\"1"), List.of(3L)));
        }

        @Override
        public List<StoredSegment> storedSegments() {
            ask("storedSegments");
            return List.of();
        }

        @Override
        public List<SystemTables.CounterRow> events() {
            ask("events");
            return List.of(new SystemTables.CounterRow("AsyncInsertQuery", 7, "accepted"));
        }

        @Override
        public List<SystemTables.CounterRow> metrics() {
            ask("metrics");
            return List.of(new SystemTables.CounterRow("PendingAsyncInsert", 2, "pending"));
        }
    };

    private static SystemTables open() {
        try {
            return new SystemTables("", 259_200, 1_000, 1_000, 1_000_000, List.of(), evicted -> {});
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        system.close();
    }

    private void ask(String source) {
        asked.merge(source, 1, Integer::sum);
    }

    private List<String> read(String sql) throws SQLException {
        return SystemReads.read(system, live, () -> {
            ask("settings");
            return List.of(new SystemTables.SettingRow("async_insert", "1", true, "0", "Bool", "on"));
        }, sql);
    }

    @Test
    @DisplayName("a query on a log table gathers no live state at all (so it takes no key lock)")
    void logTablesGatherNothing() throws SQLException {
        assertThat(read("SELECT count(*) FROM system.query_log")).containsExactly("0");
        assertThat(read("SELECT count(*) FROM system.asynchronous_insert_log JOIN system.part_log ON 1")).containsExactly("0");
        assertThat(asked).isEmpty();
    }

    @Test
    @DisplayName("system.events asks for the events only, not for the open buffers nor the settings")
    void eventsAskForEventsOnly() throws SQLException {
        assertThat(read("SELECT event, value FROM system.events")).containsExactly("AsyncInsertQuery|7");
        assertThat(asked).containsExactly(Map.entry("events", 1));
    }

    @Test
    @DisplayName("each live table named, quoted or not, in any case, is rebuilt once per read; the others are not")
    void eachNamedTableOnce() throws SQLException {
        assertThat(read("SELECT e.value, m.value FROM System.\"Events\" e, `system`.metrics m")).containsExactly("7|2");
        assertThat(asked).containsExactly(Map.entry("events", 1), Map.entry("metrics", 1));
        asked.clear();
        assertThat(read("SELECT total_bytes, \"entries.query_id\" FROM system.asynchronous_inserts")).containsExactly("3|[\"q\\\"1\"]");
        assertThat(read("SELECT name, value, changed FROM system.settings")).containsExactly("async_insert|1|1");
        assertThat(read("SELECT count(*) FROM system.asynchronous_insert_wal")).containsExactly("0");
        assertThat(asked).containsExactly(Map.entry("pendingBuffers", 1), Map.entry("settings", 1), Map.entry("storedSegments", 1));
    }

    @Test
    @DisplayName("a name inside a string or a comment is not a table the query reads")
    void namesInStringsAndCommentsDoNotCount() throws SQLException {
        assertThat(read("SELECT 'system.events' /* system.metrics */ FROM system.part_log -- system.settings")).isEmpty();
        assertThat(asked).isEmpty();
    }
}

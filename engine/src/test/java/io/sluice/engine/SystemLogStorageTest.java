package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How the system log stores its rows (query ids as integers, repeated text as shapes, multi-row inserts)
 * must never show: every view reads back exactly what was logged.
 */
class SystemLogStorageTest {
    private static final long NOW = 1_800_000_000_000_000L;

    @Nested
    @DisplayName("query ids")
    class QueryIdsTest extends EngineTestBase {
        @Test
        @DisplayName("a generated query id and caller-chosen ones read back exactly, and a filter on one finds its rows")
        void generatedAndCallerChosenIdsReadBackExactly() throws Exception {
            Session session = connect("wait_for_async_insert=0");
            update(session, "CREATE TABLE t (a INTEGER)");
            String generated;
            try (Result result = session.execute("INSERT INTO t VALUES (1)", null, null)) {
                generated = result.queryId();
            }
            List<String> chosen = List.of("nightly-load 'quoted' ü", "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
                    "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "", "12345");
            for (String id : chosen) {
                try (Result ignored = session.execute("INSERT INTO t VALUES (2)", id, null)) {
                    // Only the log matters here.
                }
            }
            update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
            List<String> ids = new ArrayList<>(chosen);
            ids.add(0, generated);
            assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(query(session, "SELECT query_id FROM system.query_log WHERE query_kind = 'Insert'")).containsExactlyElementsOf(ids);
            assertThat(query(session, "SELECT query_id FROM system.asynchronous_insert_log")).containsExactlyElementsOf(ids);
            for (String id : ids) {
                String literal = "'" + id.replace("'", "''") + "'";
                assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query_id = " + literal)).as(id).containsExactly("1");
                assertThat(query(session, "SELECT count(*) FROM system.asynchronous_insert_log WHERE query_id = " + literal)).as(id)
                        .containsExactly("1");
            }
        }

        @Test
        @DisplayName("a UUID whose halves are negative 64-bit numbers, or zero, reads back as it was written")
        void uuidsWithNegativeOrZeroHalvesReadBack() throws Exception {
            Session session = connect("wait_for_async_insert=0");
            update(session, "CREATE TABLE t (a INTEGER)");
            List<String> ids = List.of("ffffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-4000-8000-000000000000",
                    "00000000-0000-0000-0000-000000000000", "fedcba98-7654-4321-8fed-cba987654321", "00000001-0002-0003-0004-000000000005");
            for (String id : ids) {
                try (Result ignored = session.execute("INSERT INTO t VALUES (1)", id, null)) {
                    // Only the log matters here.
                }
            }
            update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
            assertThat(query(session, "SELECT query_id FROM system.query_log WHERE query_kind = 'Insert'")).containsExactlyElementsOf(ids);
            assertThat(query(session, "SELECT query_id FROM system.asynchronous_insert_log")).containsExactlyElementsOf(ids);
        }
    }

    @Nested
    @DisplayName("retention")
    class RetentionTest extends EngineTestBase {
        @Test
        @DisplayName("system_log_max_rows still bounds the logs, and the rows kept read back in full")
        void maxRowsStillBoundsTheLogs() throws Exception {
            Session session = connect("wait_for_async_insert=0&system_log_max_rows=4&log_comment=kept");
            update(session, "CREATE TABLE t (a INTEGER)");
            for (int i = 0; i < 10; i++) {
                try (Result ignored = session.execute("INSERT INTO t VALUES (" + i + ")", "id-" + i, null)) {
                    update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
                }
            }
            clock.advanceMillis(61_000);
            update(session, "SYSTEM FLUSH LOGS");
            // Four kept, plus SYSTEM FLUSH LOGS itself, logged after the trim.
            assertThat(count(session, "system.query_log")).isEqualTo(4 + 1);
            assertThat(query(session, "SELECT query_id, query, status, data_kind, exception, log_comment FROM system.asynchronous_insert_log"))
                    .containsExactly("id-6|INSERT INTO main.t (a) FORMAT Values|Ok|Parsed||kept",
                            "id-7|INSERT INTO main.t (a) FORMAT Values|Ok|Parsed||kept",
                            "id-8|INSERT INTO main.t (a) FORMAT Values|Ok|Parsed||kept",
                            "id-9|INSERT INTO main.t (a) FORMAT Values|Ok|Parsed||kept");
            assertThat(query(session, "SELECT query_id, query, log_comment FROM system.query_log WHERE query_kind = 'Insert'"))
                    .containsExactly("id-9|INSERT INTO t VALUES|kept");
        }
    }
}

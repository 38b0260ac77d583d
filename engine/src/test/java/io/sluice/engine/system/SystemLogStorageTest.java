package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How the system log stores its rows (repeated text as shapes, many log rows per block, times relative to a block)
 * must never show: every view reads back exactly what was logged. The system tables alone, without an engine.
 */
class SystemLogStorageTest {
    private static final long NOW = 1_800_000_000_000_000L;

    @Nested
    @DisplayName("query ids")
    class QueryIdsTest {
        @Test
        @DisplayName("only a lowercase 8-4-4-4-12 UUID is read as two numbers, with the sign bit where it belongs")
        void onlyLowercaseCanonicalUuidsParse() {
            long[] halves = new long[2];
            assertThat(QueryIds.parse("fedcba98-7654-4321-8fed-cba987654321", halves)).isTrue();
            assertThat(halves).containsExactly(0xfedcba9876544321L, 0x8fedcba987654321L);
            assertThat(halves[0]).isNegative();
            for (int i = 0; i < 1_000; i++) {
                String id = QueryIds.newQueryId();
                java.util.UUID uuid = java.util.UUID.fromString(id);
                // The id this thread made last is answered from its halves; an equal text of its own is read.
                assertThat(QueryIds.parse(id, halves)).isTrue();
                assertThat(halves).containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
                halves[0] = halves[1] = 0;
                assertThat(QueryIds.parse(new String(id), halves)).isTrue();
                assertThat(halves).containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            }
            for (String text : new String[] {"FEDCBA98-7654-4321-8FED-CBA987654321", "fedcba98-7654-4321-8fed-cba98765432",
                    "fedcba98-7654-4321-8fed-cba9876543210", "fedcba9807654-4321-8fed-cba98765432", "fedcba98-7654-4321-8fed-cba98765432g",
                    "{edcba98-7654-4321-8fed-cba98765432}", "fedcba98-7654-4321-8fed-cba98765432\u0661", "", null}) {
                assertThat(QueryIds.parse(text, halves)).as(text).isFalse();
            }
        }
    }

    @Nested
    @DisplayName("the system tables alone")
    class Direct {
        @Test
        @DisplayName("rows with and without a shape, in runs around the size of a block, keep their order")
        void mixedRowsKeepTheirOrder() throws Exception {
            try (SystemTables system = open("", 1_000_000)) {
                // Alternate runs with a shape (a successful INSERT) and without (a failed one), shorter, as long as and
                // longer than one block.
                int block = LogBlocks.BLOCK_ROWS;
                int[] runs = {1, 1, 2, 1, block - 1, 2, block, block + 6, block + 1, 1, 2 * block + 2, 3, 5};
                List<String> expected = new ArrayList<>();
                int failures = 0;
                int i = 0;
                for (int run = 0; run < runs.length; run++) {
                    boolean failed = run % 2 == 1;
                    for (int k = 0; k < runs[run]; k++, i++) {
                        String id = i % 3 == 0 ? "caller-" + i : QueryIds.newQueryId();
                        system.logQuery(new SystemTables.QueryLogRow(failed ? "ExceptionWhileProcessing" : "QueryFinish", NOW + i, NOW, "Insert",
                                id, "INSERT INTO t VALUES", true, "main", "t", 1, 5, failed ? 6 : 0, failed ? "failure " + i : "", ""));
                        expected.add(id + "|" + (failed ? "ExceptionWhileProcessing|6|failure " + i : "QueryFinish|0|"));
                        failures += failed ? 1 : 0;
                    }
                }
                system.flushLogs(NOW + i);
                assertThat(read(system, "SELECT query_id, type, exception_code, exception FROM system.query_log"))
                        .containsExactlyElementsOf(expected);
                assertThat(read(system, "SELECT count(*) FROM system.query_log_block_rows WHERE shape IS NULL"))
                        .containsExactly(Integer.toString(failures));
            }
        }

        @Test
        @DisplayName("once the dictionary is full, new text is written with its rows and still reads back")
        void aFullDictionaryFallsBackToRowsWithEveryColumn() throws Exception {
            try (SystemTables system = open("", 1_000_000)) {
                int rows = LogShapes.MAX_SHAPES + 10;
                for (int i = 0; i < rows; i++) {
                    system.logQuery(queryRow(i, "comment " + i));
                }
                system.flushLogs(NOW + rows);
                assertThat(read(system, "SELECT count(*) FROM system.log_shapes")).containsExactly(Integer.toString(LogShapes.MAX_SHAPES));
                assertThat(read(system, "SELECT count(*) FROM system.query_log_block_rows WHERE shape IS NULL")).containsExactly("10");
                assertThat(read(system, "SELECT count(*) FROM system.query_log WHERE log_comment = 'comment ' || substr(query_id, 4)"
                        + " AND query = 'INSERT INTO t VALUES' AND type = 'QueryFinish'")).containsExactly(Integer.toString(rows));
                List<String> last = read(system, "SELECT query_id, type, query_kind, query, databases, tables, log_comment FROM system.query_log"
                        + " WHERE log_comment IN ('comment 0', 'comment " + (rows - 1) + "')");
                assertThat(last).containsExactly("id-0|QueryFinish|Insert|INSERT INTO t VALUES|[\"main\"]|[\"main.t\"]|comment 0",
                        "id-" + (rows - 1) + "|QueryFinish|Insert|INSERT INTO t VALUES|[\"main\"]|[\"main.t\"]|comment " + (rows - 1));
            }
        }

        @Test
        @DisplayName("after retention deletes rows, the shapes no row names go, and text seen before is given a shape again")
        void theDictionaryWorksAfterRetention() throws Exception {
            try (SystemTables system = open("", 10)) {
                int rows = LogShapes.COLLECT_ABOVE + 100;
                for (int i = 0; i < rows; i++) {
                    system.logQuery(queryRow(i, "comment " + i));
                }
                // The first write also trims, to the newest 10 rows, and drops the shapes only older rows named.
                system.flushLogs(NOW + rows);
                assertThat(read(system, "SELECT count(*) FROM system.query_log")).containsExactly("10");
                assertThat(read(system, "SELECT count(*) FROM system.log_shapes")).containsExactly("10");
                // A comment whose shape went, and one whose shape stayed.
                system.logQuery(queryRow(rows, "comment 0"));
                system.logQuery(queryRow(rows + 1, "comment " + (rows - 1)));
                system.flushLogs(NOW + rows + 1);
                assertThat(read(system, "SELECT query_id, query, log_comment FROM system.query_log WHERE query_id IN ('id-" + rows + "', 'id-"
                        + (rows + 1) + "')")).containsExactly("id-" + rows + "|INSERT INTO t VALUES|comment 0",
                                "id-" + (rows + 1) + "|INSERT INTO t VALUES|comment " + (rows - 1));
                assertThat(read(system, "SELECT count(*) FROM system.query_log_block_rows WHERE shape IS NULL")).containsExactly("0");
                assertThat(read(system, "SELECT count(*) FROM system.log_shapes")).containsExactly("11");
            }
        }

        @Test
        @DisplayName("a system database file from before shapes keeps its rows readable and takes new ones")
        void anOlderSystemDatabaseFileIsUpgraded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
            String path = folder.resolve("system.db").toString();
            try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + path); Statement statement = old.createStatement()) {
                statement.execute("CREATE TABLE asynchronous_insert_log_flushes (id INTEGER PRIMARY KEY, flush_query_id TEXT, query TEXT,"
                        + " database TEXT, \"table\" TEXT, format TEXT, flush_us INTEGER, timeout_milliseconds INTEGER)");
                statement.execute("CREATE TABLE asynchronous_insert_log_entries (flush_id INTEGER, event_us INTEGER, query_id TEXT,"
                        + " bytes INTEGER, rows INTEGER, exception TEXT, status TEXT, data_kind TEXT, log_comment TEXT)");
                statement.execute("CREATE TABLE query_log_rows (type TEXT, event_us INTEGER, start_us INTEGER, query_kind TEXT,"
                        + " query_id TEXT, query TEXT, database TEXT, \"table\" TEXT, written_rows INTEGER, written_bytes INTEGER,"
                        + " exception_code INTEGER, exception TEXT, log_comment TEXT)");
                statement.execute("INSERT INTO asynchronous_insert_log_flushes VALUES (1, 'flush-1', 'INSERT INTO main.t (a) FORMAT Values',"
                        + " 'main', 't', 'Values', " + NOW + ", 200)");
                statement.execute("INSERT INTO asynchronous_insert_log_entries VALUES (1, " + NOW + ", 'old-entry', 3, 1, '', 'Ok', 'Parsed', '')");
                statement.execute("INSERT INTO query_log_rows VALUES ('QueryFinish', " + NOW + ", " + NOW + ", 'Insert', 'old-query',"
                        + " 'INSERT INTO t VALUES', 'main', 't', 0, 0, 0, '', '')");
            }
            try (SystemTables system = open(path, 1_000_000)) {
                system.logQuery(queryRow(1, ""));
                List<SystemTables.EntryLogRow> entries = List.of(new SystemTables.EntryLogRow(NOW + 1, "new-entry", 3, 1, "", "Ok", "Parsed", ""));
                system.log(new SystemTables.FlushLogRow("flush-2", "INSERT INTO main.t (a) FORMAT Values", "main", "t", "Values", NOW + 1, 200,
                        entries), List.of(), List.of(), List.of());
                system.flushLogs(NOW + 2);
                assertThat(read(system, "SELECT query_id, type, query, tables, exception, log_comment FROM system.query_log")).containsExactly(
                        "old-query|QueryFinish|INSERT INTO t VALUES|[\"main.t\"]||", "id-1|QueryFinish|INSERT INTO t VALUES|[\"main.t\"]||");
                assertThat(read(system, "SELECT flush_query_id, query_id, status, data_kind, exception FROM system.asynchronous_insert_log"))
                        .containsExactly("flush-1|old-entry|Ok|Parsed|", "flush-2|new-entry|Ok|Parsed|");
            }
            // And once more, now that the file has shapes: they are read back, not given twice.
            try (SystemTables system = open(path, 1_000_000)) {
                system.logQuery(queryRow(2, ""));
                system.flushLogs(NOW + 3);
                assertThat(read(system, "SELECT query_id, log_comment FROM system.query_log")).containsExactly("old-query|", "id-1|", "id-2|");
                assertThat(read(system, "SELECT count(*) FROM system.log_shapes")).containsExactly("2");
            }
        }

        @Test
        @DisplayName("text with quotes, backslashes, control characters and other scripts reads back exactly from a log block")
        void awkwardTextReadsBackExactly() throws Exception {
            String[] texts = {"say \"hi\"", "back\\slash \\\"", "tab\tnew\nline\r\u0000\u001f end", "ünïcødé 日本語 😀", "", "[1, 2]",
                    "null", "'quoted'"};
            try (SystemTables system = open("", 1_000_000)) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < texts.length; i++) {
                    // A failed statement's row holds its own text (no shape), a caller's id is text too.
                    system.logQuery(new SystemTables.QueryLogRow("ExceptionWhileProcessing", NOW + i, NOW, "Insert", texts[i], texts[i], false,
                            texts[i], texts[i], 0, 0, 27, texts[i], texts[i]));
                    expected.add(String.join("|", texts[i], texts[i], texts[i], texts[i], texts[i], texts[i], "27"));
                }
                system.flushLogs(NOW + texts.length);
                assertThat(read(system, "SELECT query_id, query, database, \"table\", exception, log_comment, exception_code"
                        + " FROM system.query_log_block_rows")).containsExactlyElementsOf(expected);
                assertThat(read(system, "SELECT query_id, query, log_comment, exception, exception_code FROM system.query_log"))
                        .containsExactlyElementsOf(java.util.Arrays.stream(texts).map(t -> String.join("|", t, t, t, t, "27")).toList());
                // A lone surrogate is no character: '?', as in the system database's other text columns.
                system.logQuery(new SystemTables.QueryLogRow("ExceptionWhileProcessing", NOW + 99, NOW, "Insert", "lone", "q", false, "main", "t",
                        0, 0, 27, "high \ud800 low \udc00 pair \ud83d\ude00 end \ud83d", ""));
                system.flushLogs(NOW + 100);
                assertThat(read(system, "SELECT exception FROM system.query_log WHERE query_id = 'lone'"))
                        .containsExactly("high ? low ? pair \ud83d\ude00 end ?");
                // Bound as bytes, stored as text: a blob would be read as SQLite's binary JSON.
                assertThat(read(system, "SELECT DISTINCT typeof(data) FROM system.query_log_blocks")).containsExactly("text");
            }
        }

        @Test
        @DisplayName("retention through the middle of a block keeps its newer rows, in order, and the time of each")
        void retentionCutsThroughABlock() throws Exception {
            try (SystemTables system = new SystemTables("", 10, 1_000_000, 1_000, 1_000_000, List.of(), evicted -> {})) {
                // One block: rows 1 s apart over 20 s, logged out of time order in pairs.
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long event = NOW + (i % 2 == 0 ? i + 1 : i - 1) * 1_000_000L;
                    system.logQuery(new SystemTables.QueryLogRow("QueryFinish", event, event, "Insert", "id-" + i, "INSERT INTO t VALUES", true,
                            "main", "t", 1, 5, 0, "", ""));
                    if (event >= NOW + 10_000_000L) {
                        kept.add("id-" + i + "|" + event);
                    }
                }
                // The first write trims too: the rows older than the 10-second TTL go from the block.
                system.flushLogs(NOW + 20_000_000L);
                assertThat(read(system, "SELECT query_id, event_us FROM system.query_log_block_rows")).containsExactlyElementsOf(kept);
                assertThat(read(system, "SELECT rows, min_event_us, max_event_us FROM system.query_log_blocks"))
                        .containsExactly("10|" + (NOW + 10_000_000L) + "|" + (NOW + 19_000_000L));
                assertThat(read(system, "SELECT count(*) FROM system.query_log WHERE event_time_microseconds >= "
                        + "strftime('%Y-%m-%d %H:%M:%S', " + (NOW / 1_000_000 + 10) + ", 'unixepoch')")).containsExactly("10");
            }
        }

        @Test
        @DisplayName("the row bound through the middle of a block keeps exactly the newest rows, across blocks")
        void theRowBoundCutsThroughABlock() throws Exception {
            try (SystemTables system = open("", 7)) {
                for (int batch = 0; batch < 3; batch++) {
                    for (int i = 0; i < 5; i++) {
                        int id = batch * 5 + i;
                        system.logQuery(queryRow(id, ""));
                    }
                    // Each write is a block of 5; the trim runs with the first write and then a minute later.
                    system.flushLogs(NOW + batch * 61_000_000L);
                }
                assertThat(read(system, "SELECT query_id FROM system.query_log"))
                        .containsExactly("id-8", "id-9", "id-10", "id-11", "id-12", "id-13", "id-14");
                assertThat(read(system, "SELECT rows FROM system.query_log_blocks")).containsExactly("2", "5");
            }
        }

        private static SystemTables.QueryLogRow queryRow(int i, String logComment) {
            return new SystemTables.QueryLogRow("QueryFinish", NOW + i, NOW + i, "Insert", "id-" + i, "INSERT INTO t VALUES", true, "main", "t", 1,
                    5, 0, "", logComment);
        }

        private static SystemTables open(String path, long maxRows) throws SQLException {
            return new SystemTables(path, 259_200, maxRows, 1_000, 1_000_000, List.of(), evicted -> {});
        }

        private static List<String> read(SystemTables system, String sql) throws SQLException {
            return SystemReads.read(system, sql);
        }
    }
}

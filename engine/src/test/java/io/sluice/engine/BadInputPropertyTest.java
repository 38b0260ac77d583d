package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.StatementParser;
import io.sluice.parser.format.Format;
import io.sluice.parser.format.ValueConverter;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.Part;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * End-to-end properties of bad input through the engine on a real SQLite file: batches that mix good,
 * mutated and random entries, and hostile identifiers and values. What each entry must come to is decided
 * by the format readers themselves (run here on the same text), so the properties check the engine's
 * isolation, not the readers' opinions: every good entry's rows and nothing of a failed entry reach the
 * table, each failed entry has its own error, and nothing disturbs a neighbour.
 *
 * <p>The normal run makes {@code jqwik.tries.default} tries (see {@code junit-platform.properties}); a long
 * run: {@code -Djqwik.tries.default=5000}.
 */
class BadInputPropertyTest {
    private static final AtomicInteger TRIES = new AtomicInteger();

    /** The table every batch goes to, as the SQLite storage reports it. */
    private static final List<ColumnInfo> COLUMNS = List.of(
            new ColumnInfo("a", "INTEGER", ValueType.INTEGER, false, false, true, -1, Long.MIN_VALUE, Long.MAX_VALUE),
            new ColumnInfo("s", "TEXT", ValueType.TEXT, true, false, true, -1, Long.MIN_VALUE, Long.MAX_VALUE),
            new ColumnInfo("r", "REAL", ValueType.REAL, true, false, true, -1, Long.MIN_VALUE, Long.MAX_VALUE),
            new ColumnInfo("n", "INTEGER", ValueType.INTEGER, true, true, true, -1, Long.MIN_VALUE, Long.MAX_VALUE));

    /** Text that must arrive as data, never as SQL. */
    private static final String[] HOSTILE_VALUES = {
        "'); DROP TABLE t; --", "\"; DROP TABLE victim; --", "`t`; DELETE FROM victim", "a\\'b", "\\", "\\\\N", "\\N", "line\nbreak\r\n",
        "tab\there", "nul\0byte", "' OR '1'='1", "😀 é € \u2028", "", " ", "NULL", "DEFAULT", "?", "--", "/*", "*/", ";", "(1), (2)",
    };

    private static final String[] HOSTILE_PIECES = {
        "'", "\"", "`", "(", ")", "[", "]", "{", "}", ",", ";", ":", "\\", "\n", "\r", "\t", "\0", "--", "/*", "''", "\\'", "NULL", "DEFAULT",
        "9".repeat(30), "1e999", "-", "é", "\uD83D\uDE00", "\uD800", "\uFFFF", "?", "x",
    };

    private Path folder;
    private Session session;
    private final ManualClock clock = new ManualClock();
    private final StatementParser parser = new StatementParser(64);

    /** Whether the engine hands this INSERT to the target as the target's own SQL instead of buffering it. */
    private boolean isTargetSql(String sql) throws SQLException {
        InsertStatement insert = (InsertStatement) parser.parse(sql);
        return insert.head().source() == io.sluice.parser.InsertSource.VALUES && insert.head().settings().isEmpty()
                && !io.sluice.parser.format.ValuesShape.isLiteralTuples(sql, insert.dataStart(), false);
    }

    @BeforeProperty
    void open() throws Exception {
        folder = Files.createTempDirectory("sluice-bad-input");
        Properties properties = new Properties();
        properties.put(Engines.CLOCK_PROPERTY, clock);
        // Nothing flushes by itself: each try's entries share one batch until SYSTEM FLUSH.
        session = Engines.connect("jdbc:sluice:sqlite:" + folder.resolve("fuzz.db") + "?wait_for_async_insert=0"
                + "&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=86400000&async_insert_max_query_number=100000",
                properties);
        update("CREATE TABLE t (a INTEGER NOT NULL, s TEXT, r REAL, n INTEGER DEFAULT 7)");
        update("CREATE TABLE victim (v TEXT)");
        update("INSERT INTO victim SETTINGS async_insert = 0 VALUES ('still here')");
    }

    @AfterProperty
    void close() throws Exception {
        session.close();
        Engines.closeAll();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    // ------------------------------------------------------------------ batches of good and bad entries

    /** One entry of a batch: an INSERT statement, or one execution of a prepared INSERT with typed rows. */
    record Entry(String sql, List<Object[]> typedRows) {
        @Override
        public String toString() {
            return typedRows == null ? preview(sql) : "prepared " + typedRows.stream().map(java.util.Arrays::deepToString).toList();
        }
    }

    /** The entries of one try, all with the same head (so one buffer key and one batch). */
    record Batch(String head, List<String> columns, Format format, List<Entry> entries) {
        @Override
        public String toString() {
            return head + " x" + entries.size() + " " + entries;
        }
    }

    @Provide
    Arbitrary<Batch> batches() {
        return Arbitraries.randomValue(BadInputPropertyTest::batch);
    }

    @Property
    @Label("a batch of good and bad entries writes exactly the good entries' rows; each bad entry fails alone with its own error")
    void badEntriesFailAloneAndGoodEntriesAreWrittenWhole(@ForAll("batches") Batch batch) throws Exception {
        update("DELETE FROM t");
        String prefix = "try" + TRIES.incrementAndGet() + "-";
        List<ColumnInfo> columns = batch.columns() == null ? COLUMNS
                : batch.columns().stream().map(name -> COLUMNS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow()).toList();
        List<String> expectedRows = new ArrayList<>();
        List<String> expectedLog = new ArrayList<>();
        int queued = 0;
        int failed = 0;
        for (int i = 0; i < batch.entries().size(); i++) {
            Entry entry = batch.entries().get(i);
            String queryId = prefix + i;
            if (entry.typedRows() == null && isTargetSql(entry.sql())) {
                // Not Sluice's INSERT: data that is not literal tuples runs on the target as written (PassThroughHandler.isTargetInsert),
                // so it is the target's to accept or refuse; this property is about what Sluice buffers.
                continue;
            }
            Outcome expected = entry.typedRows() == null ? readerOutcome(entry.sql(), columns) : converterOutcome(entry.typedRows(), columns);
            try {
                if (entry.typedRows() == null) {
                    try (Result result = session.execute(entry.sql(), queryId, null)) {
                        assertThat(result.updateCount()).isZero();
                    }
                } else {
                    PreparedInsert prepared = session.prepareInsert(entry.sql());
                    try (Result result = prepared.execute(entry.typedRows(), queryId)) {
                        assertThat(result.updateCount()).isZero();
                    }
                }
            } catch (SQLException e) {
                // Only an INSERT without data fails before it is queued: its head is fine.
                assertThat(expected.immediate()).as("%s failed at once: %s", entry, e.getMessage()).isTrue();
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR.code());
                assertThat(e.getMessage()).contains("has no data after");
                continue;
            }
            assertThat(expected.immediate()).as("%s was queued", entry).isFalse();
            queued++;
            if (expected.error() == null) {
                expectedLog.add(queryId + "|Ok|" + expected.rows().size() + "|");
                for (Object[] row : expected.rows()) {
                    expectedRows.add(render(row, columns));
                }
            } else {
                failed++;
                // The log is an SQLite table too: a lone surrogate in the message reads back as '?'.
                expectedLog.add(queryId + "|ParsingError|0|" + utf8(expected.error()));
            }
        }
        Statistics.label("entries").collect(queued == 0 ? "none queued" : failed == 0 ? "all good" : failed == queued ? "all bad" : "mixed");

        update("SYSTEM FLUSH ASYNC INSERT QUEUE t");

        List<String> log = query("SELECT query_id, status, rows, exception FROM system.asynchronous_insert_log WHERE query_id LIKE '" + prefix
                + "%' ORDER BY event_time_microseconds, query_id");
        assertThat(log).containsExactlyInAnyOrderElementsOf(expectedLog);
        if (queued > 0) {
            assertThat(query("SELECT count(DISTINCT flush_query_id) FROM system.asynchronous_insert_log WHERE query_id LIKE '" + prefix + "%'"))
                    .as("one batch").containsExactly("1");
        }
        assertThat(tableRows()).containsExactlyElementsOf(expectedRows);
        assertThat(query("SELECT v FROM victim")).containsExactly("still here");
        assertThat(query("SELECT count(*) FROM system.asynchronous_inserts")).containsExactly("0");
    }

    /** What the engine must make of one entry. */
    private record Outcome(boolean immediate, List<Object[]> rows, String error) {}

    private Outcome readerOutcome(String sql, List<ColumnInfo> columns) throws SluiceSqlException {
        InsertStatement insert = (InsertStatement) parser.parse(sql);
        if (insert.dataBytes() == 0) {
            return new Outcome(true, List.of(), null);
        }
        Format format = Format.byName(insert.head().format()).orElseThrow();
        List<Object[]> rows = new ArrayList<>();
        try {
            format.reader().read(sql, insert.dataStart(), columns, rows::add);
            return new Outcome(false, rows, null);
        } catch (SQLException e) {
            return new Outcome(false, List.of(), e.getMessage());
        }
    }

    private static Outcome converterOutcome(List<Object[]> typedRows, List<ColumnInfo> columns) {
        List<Object[]> rows = new ArrayList<>();
        int number = 0;
        try {
            for (Object[] values : typedRows) {
                number++;
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = ValueConverter.convert(values[c], columns.get(c), number);
                }
                rows.add(row);
            }
            return new Outcome(false, rows, null);
        } catch (SQLException e) {
            return new Outcome(false, List.of(), e.getMessage());
        }
    }

    /** A row as the table will hold it: every column, those the INSERT leaves out at their defaults. */
    private static String render(Object[] row, List<ColumnInfo> columns) {
        StringBuilder out = new StringBuilder();
        for (ColumnInfo column : COLUMNS) {
            int index = columns.indexOf(column);
            Object value = index < 0 ? Part.DEFAULT : row[index];
            if (value == Part.DEFAULT) {
                value = column.name().equals("n") ? (Object) 7L : null;
            }
            out.append(out.length() == 0 ? "" : "|").append(cell(value));
        }
        return out.toString();
    }

    /**
     * A value compared by what SQLite keeps of it: integers as longs, reals by value (SQLite has no -0.0),
     * text as its UTF-8 (a lone surrogate, which UTF-8 cannot hold, becomes '?').
     */
    private static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number number && !(value instanceof Double)) {
            return "L" + number.longValue();
        }
        if (value instanceof Double d) {
            return "D" + (d == 0 ? 0.0 : d);
        }
        return "S" + utf8(value.toString());
    }

    /** The text as it reads back from UTF-8. */
    private static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private List<String> tableRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Result result = session.execute("SELECT a, s, r, n FROM t ORDER BY rowid", null, null)) {
            ResultSet set = result.resultSet();
            while (set.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= 4; c++) {
                    row.append(c > 1 ? "|" : "").append(cell(set.getObject(c)));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Batch batch(Random random) {
        String[] heads = {
            "INSERT INTO t VALUES", "INSERT INTO t (s, a) VALUES", "INSERT INTO t FORMAT CSV", "INSERT INTO t FORMAT TabSeparated",
            "INSERT INTO t FORMAT JSONEachRow", "INSERT INTO t (n, s, a) FORMAT CSVWithNames", "INSERT INTO t FORMAT TSVWithNames",
            "INSERT INTO `t` (\"a\", `r`) SETTINGS log_comment = 'x'';--' FORMAT CSV",
        };
        String head = heads[random.nextInt(heads.length)];
        List<String> columns = null;
        int open = head.indexOf(" (");
        int format = head.indexOf(" VALUES") >= 0 ? head.indexOf(" VALUES") : head.indexOf(" SETTINGS") >= 0 ? head.indexOf(" SETTINGS") : head.indexOf(" FORMAT");
        if (open >= 0 && open < format) {
            columns = new ArrayList<>();
            for (String name : head.substring(open + 2, head.indexOf(')', open)).split(",")) {
                columns.add(name.trim().replace("\"", "").replace("`", ""));
            }
        }
        Format dataFormat = head.endsWith("VALUES") ? Format.VALUES : Format.byName(head.substring(head.lastIndexOf(' ') + 1)).orElseThrow();
        List<String> names = columns == null ? List.of("a", "s", "r", "n") : columns;
        int count = 1 + random.nextInt(8);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind < 2 && head.equals("INSERT INTO t VALUES")) {
                entries.add(new Entry("INSERT INTO t VALUES (?, ?, ?, ?)", typedRows(random)));
                continue;
            }
            String data = data(random, dataFormat, names);
            if (kind >= 5 && kind < 9) {
                data = mutate(random, data);
            } else if (kind == 9) {
                data = garbage(random);
            }
            String separator = dataFormat == Format.VALUES ? " " : "\n";
            entries.add(new Entry(head + separator + data, null));
        }
        return new Batch(head, columns, dataFormat, entries);
    }

    private static List<Object[]> typedRows(Random random) {
        List<Object[]> rows = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int r = 0; r < count; r++) {
            Object a = switch (random.nextInt(6)) {
                case 0 -> "abc";
                case 1 -> new BigDecimal(java.math.BigInteger.ONE, -999_999_999);
                case 2 -> null;
                default -> random.nextLong();
            };
            Object s = random.nextInt(4) == 0 ? null : hostileText(random);
            Object rValue = random.nextInt(5) == 0 ? (Object) Double.NaN : random.nextInt(4) == 0 ? null : (Object) random.nextGaussian();
            Object n = random.nextInt(4) == 0 ? Part.DEFAULT : (long) random.nextInt(1000);
            rows.add(new Object[] {a, s, rValue, n});
        }
        return rows;
    }

    /** Mostly valid data for the columns in the format; a few values are bad on purpose. */
    private static String data(Random random, Format format, List<String> names) {
        StringBuilder out = new StringBuilder();
        if (format == Format.CSV_WITH_NAMES) {
            out.append(String.join(",", names)).append('\n');
        } else if (format == Format.TAB_SEPARATED_WITH_NAMES) {
            out.append(String.join("\t", names)).append('\n');
        }
        int rows = 1 + random.nextInt(4);
        for (int r = 0; r < rows; r++) {
            List<String> fields = new ArrayList<>();
            for (String name : names) {
                fields.add(field(random, format, name));
            }
            switch (format) {
                case VALUES -> out.append(r > 0 ? ", " : "").append('(').append(String.join(", ", fields)).append(')');
                case CSV, CSV_WITH_NAMES -> out.append(String.join(",", fields)).append('\n');
                case TAB_SEPARATED, TAB_SEPARATED_WITH_NAMES -> out.append(String.join("\t", fields)).append('\n');
                default -> {
                    out.append('{');
                    for (int c = 0; c < names.size(); c++) {
                        out.append(c > 0 ? ", " : "").append('"').append(names.get(c)).append("\": ").append(fields.get(c));
                    }
                    out.append("}\n");
                }
            }
        }
        return out.toString();
    }

    private static String field(Random random, Format format, String name) {
        boolean bad = random.nextInt(25) == 0;
        boolean nullValue = !name.equals("a") && random.nextInt(6) == 0;
        if (bad) {
            return switch (format) {
                case JSON_EACH_ROW -> name.equals("s") ? "12" : "\"x\"";
                case VALUES -> name.equals("a") ? "NULL" : name.equals("s") ? "'unterminated" : "'1.5.5'";
                default -> name.equals("s") ? "\"unterminated" : "1e999";
            };
        }
        if (nullValue) {
            return switch (format) {
                case VALUES -> "NULL";
                case JSON_EACH_ROW -> "null";
                default -> "\\N";
            };
        }
        String text = switch (name) {
            case "a", "n" -> Long.toString(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(100));
            case "r" -> Double.toString(random.nextInt(3) == 0 ? random.nextInt(100) / 4.0 : random.nextGaussian() * 1e6);
            default -> hostileText(random);
        };
        if (!name.equals("s")) {
            return text;
        }
        return switch (format) {
            case VALUES -> "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case CSV, CSV_WITH_NAMES -> "\"" + text.replace("\"", "\"\"") + "\"";
            case TAB_SEPARATED, TAB_SEPARATED_WITH_NAMES -> text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
            default -> json(text);
        };
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A hostile value, or random text of valid Unicode. */
    private static String hostileText(Random random) {
        if (random.nextBoolean()) {
            return HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)];
        }
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int codePoint = random.nextInt(4) == 0 ? random.nextInt(0x110000) : 0x20 + random.nextInt(0x5F);
            if (Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
                codePoint = 'x';
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    private static String mutate(Random random, String data) {
        String out = data;
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length() + 1);
            int end = Math.min(out.length(), at + 1 + random.nextInt(6));
            String piece = HOSTILE_PIECES[random.nextInt(HOSTILE_PIECES.length)];
            out = switch (random.nextInt(5)) {
                case 0 -> out.substring(0, at) + piece + out.substring(at);
                case 1 -> out.substring(0, at) + out.substring(end);
                case 2 -> out.substring(0, at) + piece + out.substring(end);
                case 3 -> out.substring(0, at);
                default -> out.substring(0, end) + out.substring(at, end) + out.substring(end);
            };
        }
        return out;
    }

    private static String garbage(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            out.append(random.nextBoolean() ? HOSTILE_PIECES[random.nextInt(HOSTILE_PIECES.length)] : String.valueOf((char) random.nextInt(0x10000)));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ hostile identifiers and values

    /** A table and column names of hostile text, and a value to write into it. */
    record Hostile(String table, String intColumn, String textColumn, String value, int quoting, Format format) {
        @Override
        public String toString() {
            return "table=" + preview(table) + " columns=" + preview(intColumn) + "," + preview(textColumn) + " value=" + preview(value)
                    + " quoting=" + quoting + " format=" + format;
        }
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        return Arbitraries.randomValue(random -> {
            String table = identifier(random);
            String intColumn = identifier(random);
            String textColumn = identifier(random);
            while (textColumn.equalsIgnoreCase(intColumn)) {
                textColumn = textColumn + "2";
            }
            Format[] formats = {Format.VALUES, Format.CSV, Format.TAB_SEPARATED, Format.JSON_EACH_ROW, Format.CSV_WITH_NAMES};
            return new Hostile(table, intColumn, textColumn, hostileText(random), random.nextInt(2), formats[random.nextInt(formats.length)]);
        });
    }

    private static String identifier(Random random) {
        StringBuilder out = new StringBuilder();
        int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; i++) {
            String piece = random.nextBoolean() ? HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)] : hostileText(random);
            out.append(piece.replace("\0", ""));
        }
        // SQLite reserves names starting with sqlite_; a unique prefix keeps tables apart.
        return "x" + TRIES.incrementAndGet() + out;
    }

    @Property
    @Label("hostile table names, column names and values never reach SQLite as SQL: the table and its neighbours survive, values round-trip")
    void hostileIdentifiersAndValuesStayData(@ForAll("hostile") Hostile hostile) throws Exception {
        String table = sqliteQuote(hostile.table());
        update("CREATE TABLE " + table + " (" + sqliteQuote(hostile.intColumn()) + " INTEGER NOT NULL, " + sqliteQuote(hostile.textColumn()) + " TEXT)");
        List<String> tablesBefore = query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        String quotedTable = sluiceQuote(hostile.table(), hostile.quoting());
        String list = "(" + sluiceQuote(hostile.intColumn(), hostile.quoting()) + ", " + sluiceQuote(hostile.textColumn(), 1 - hostile.quoting()) + ")";
        String value = hostile.value();
        String sql = switch (hostile.format()) {
            case VALUES -> "INSERT INTO " + quotedTable + " " + list + " VALUES (1, '" + value.replace("\\", "\\\\").replace("'", "''") + "')";
            case CSV -> "INSERT INTO " + quotedTable + " " + list + " FORMAT CSV\n1,\"" + value.replace("\"", "\"\"") + "\"\n";
            case TAB_SEPARATED -> "INSERT INTO " + quotedTable + " " + list + " FORMAT TSV\n1\t"
                    + value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "\n";
            case JSON_EACH_ROW -> "INSERT INTO " + quotedTable + " FORMAT JSONEachRow {" + json(hostile.intColumn()) + ": 1, "
                    + json(hostile.textColumn()) + ": " + json(value) + "}";
            default -> "INSERT INTO " + quotedTable + " FORMAT CSVWithNames\n\"" + hostile.textColumn().replace("\"", "\"\"") + "\",\""
                    + hostile.intColumn().replace("\"", "\"\"") + "\"\n\"" + value.replace("\"", "\"\"") + "\",1\n";
        };
        String queryId = "hostile-" + TRIES.incrementAndGet();

        try (Result result = session.execute(sql, queryId, null)) {
            assertThat(result.updateCount()).isZero();
        }
        // Flushed by its hostile name, and once more for everything.
        update("SYSTEM FLUSH ASYNC INSERT QUEUE " + quotedTable);
        update("SYSTEM FLUSH ASYNC INSERT QUEUE");

        assertThat(query("SELECT status, rows, exception FROM system.asynchronous_insert_log WHERE query_id = '" + queryId + "'"))
                .containsExactly("Ok|1|");
        List<String> stored = new ArrayList<>();
        try (Result result = session.execute("SELECT " + sqliteQuote(hostile.intColumn()) + ", " + sqliteQuote(hostile.textColumn()) + " FROM " + table,
                null, null)) {
            ResultSet set = result.resultSet();
            while (set.next()) {
                stored.add(set.getLong(1) + "|" + set.getString(2));
            }
        }
        assertThat(stored).containsExactly("1|" + value);
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).isEqualTo(tablesBefore);
        assertThat(query("SELECT v FROM victim")).containsExactly("still here");
        assertThat(query("SELECT count(*) FROM t")).hasSize(1);
        update("DROP TABLE " + table);
    }

    private static String sqliteQuote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** An identifier in Sluice's syntax: "double-quoted" or `backquoted`, the quote doubled inside. */
    private static String sluiceQuote(String identifier, int quoting) {
        return quoting == 0 ? sqliteQuote(identifier) : '`' + identifier.replace("`", "``") + '`';
    }

    // ------------------------------------------------------------------ helpers

    private void update(String sql) throws SQLException {
        try (Result ignored = session.execute(sql, null, null)) {
            // Run for its effect.
        }
    }

    private List<String> query(String sql) throws SQLException {
        return EngineTestBase.query(session, sql);
    }

    private static String preview(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), 400); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || Character.isSurrogate(c) ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}

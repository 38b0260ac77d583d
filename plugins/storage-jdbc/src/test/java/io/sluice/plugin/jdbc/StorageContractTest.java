package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import io.sluice.spi.ManualClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every dialect of the {@code jdbc} storage must do against a real server: round-trip every value
 * type, leave DEFAULT columns to the database, write parts atomically, keep the ledger, refuse injection,
 * and classify errors. A subclass names the server, its DDL and its quoting (written independently of the
 * dialect under test). Each test creates uniquely named tables and drops them afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageContractTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A column of the all-types table: its DDL on this server and the value domain it must map to. */
    record TypedColumn(String name, String ddl, ValueType type) {}

    protected JdbcStorage storage;
    protected Connection admin;
    private final List<String> createdTables = new ArrayList<>();
    private final List<Storage> extraStorages = new ArrayList<>();

    /** The server this test runs against. */
    abstract TestServers.Server server();

    void requireServer() {
        server().require();
    }

    String target() {
        return server().target();
    }

    Properties properties() {
        return server().properties();
    }

    /** Settings for the storage under test. */
    Map<String, String> settings() {
        return Map.of();
    }

    /** The test's own quoting of an identifier for this server. */
    String quote(String identifier) {
        return server().quote(identifier);
    }

    /** A column definition {@code id} that the database numbers itself. */
    String autoIdColumn() {
        return server().autoIdColumn();
    }

    /** Columns of every value type this server round-trips. */
    abstract List<TypedColumn> typedColumns();

    /** The dialect the storage must have chosen. */
    abstract String expectedDialect();

    @BeforeAll
    void start() throws SQLException {
        requireServer();
        storage = create(settings());
        admin = DriverManager.getConnection("jdbc:" + target(), properties());
    }

    @AfterAll
    void stop() throws SQLException {
        if (storage != null) {
            storage.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @AfterEach
    void dropTables() throws SQLException {
        for (Storage extra : extraStorages) {
            extra.close();
        }
        extraStorages.clear();
        admin.setAutoCommit(true);
        try (Statement statement = admin.createStatement()) {
            for (String table : createdTables) {
                statement.execute("DROP TABLE IF EXISTS " + quote(table));
            }
        }
        // The ledger is shared with every other user of this database: forget only this test's ids.
        String ledger = quote(storage.defaultDatabase()) + "." + quote("sluice_ledger");
        try (var forget = admin.prepareStatement("DELETE FROM " + ledger + " WHERE table_name IN (?, ?)")) {
            for (String table : createdTables) {
                forget.setString(1, storage.defaultDatabase() + "." + table);
                forget.setString(2, "identity:" + storage.defaultDatabase() + "." + table);
                forget.executeUpdate();
            }
        } catch (SQLException noLedgerYet) {
            // Nothing was recorded.
        }
        createdTables.clear();
    }

    JdbcStorage create(Map<String, String> settings) throws SQLException {
        JdbcStorage created = (JdbcStorage) new JdbcStoragePlugin.Factory().create(PluginConfig.of(settings),
                new PluginContext(new ManualClock(), target(), properties()));
        if (storage != null) {
            extraStorages.add(created);
        }
        return created;
    }

    /** Whether the dialect tells a table apart from one of the same name created after it was dropped. */
    boolean knowsTableIdentity() {
        return true;
    }

    /** A fresh table name, with a random part so that runs on a shared server never collide. */
    String uniqueName(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet() + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    /** Creates a table {@code name (columns…)} and drops it after the test. */
    String createTable(String name, String columns) throws SQLException {
        createdTables.add(name);
        execute("CREATE TABLE " + quote(name) + " (" + columns + ")");
        return name;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String table) throws SQLException {
        try (Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    TableInfo table(String name) throws SQLException {
        return storage.table(null, name).orElseThrow(() -> new AssertionError("table " + name + " not found"));
    }

    static Part part(TableInfo table, List<ColumnInfo> columns, List<Object[]> rows) {
        return new Part(table.database(), table.name(), columns, rows, "part-" + NAMES.incrementAndGet(), "flush-1");
    }

    static Part ledgerPart(TableInfo table, List<ColumnInfo> columns, List<Object[]> rows, List<Part.Block> blocks, int window) {
        return new Part(table.database(), table.name(), columns, rows, "part-" + NAMES.incrementAndGet(), "flush-1", blocks, window);
    }

    /** Every row of {@code table} ordered by {@code orderBy}, each value read back in the form the storage was given. */
    List<List<Object>> select(String table, List<ColumnInfo> columns, String orderBy) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        }
        sql.append(" FROM ").append(quote(table)).append(" ORDER BY ").append(orderBy);
        List<List<Object>> result = new ArrayList<>();
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(sql.toString())) {
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.add(read(rows, i + 1, columns.get(i)));
                }
                result.add(row);
            }
        }
        return result;
    }

    private static Object read(ResultSet rows, int index, ColumnInfo column) throws SQLException {
        Object value = switch (column.type()) {
            case INTEGER -> rows.getLong(index);
            case REAL -> rows.getDouble(index);
            case NUMERIC -> rows.getBigDecimal(index) == null ? null : rows.getBigDecimal(index).stripTrailingZeros();
            case BOOLEAN -> rows.getBoolean(index) ? 1L : 0L;
            case BLOB -> rows.getBytes(index) == null ? null : new Bytes(rows.getBytes(index));
            case DATE -> rows.getObject(index, LocalDate.class);
            case TIMESTAMP -> column.declaredType().toLowerCase().contains("tz")
                    ? atLocalZone(rows.getObject(index, OffsetDateTime.class))
                    : rows.getObject(index, LocalDateTime.class);
            default -> rows.getString(index);
        };
        return rows.wasNull() ? null : value;
    }

    private static LocalDateTime atLocalZone(OffsetDateTime value) {
        return value == null ? null : value.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }

    /** A value as {@link #select} reads it back. */
    static Object expected(Object value, ColumnInfo column) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case NUMERIC -> (value instanceof BigDecimal decimal ? decimal
                    : value instanceof Double number ? BigDecimal.valueOf(number) : BigDecimal.valueOf((Long) value)).stripTrailingZeros();
            case BLOB -> new Bytes((byte[]) value);
            case DATE -> LocalDate.parse((String) value);
            case TIMESTAMP -> LocalDateTime.parse(((String) value).replace(' ', 'T'));
            default -> value;
        };
    }

    static List<List<Object>> expectedRows(List<Object[]> rows, List<ColumnInfo> columns) {
        List<List<Object>> expected = new ArrayList<>();
        for (Object[] row : rows) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                values.add(expected(row[i], columns.get(i)));
            }
            expected.add(values);
        }
        return expected;
    }

    /** byte[] with value equality, for comparing rows. */
    record Bytes(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "bytes" + Arrays.toString(bytes);
        }
    }

    /** Values that break naive encodings, per value type; rows cycle through them. */
    static List<Object> trickyValues(ValueType type) {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        List<Object> values = new ArrayList<>();
        values.add(null);
        switch (type) {
            case INTEGER -> values.addAll(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 42L));
            case REAL -> values.addAll(List.of(0.0, 3.141592653589793, -2.5e10, 1.0e-300, 1.7976931348623157e308));
            case NUMERIC -> values.addAll(List.of(0L, new BigDecimal("12345678901234567890.0123456789"), new BigDecimal("-0.0000000001"),
                    0.1, Long.MAX_VALUE));
            case BOOLEAN -> values.addAll(List.of(1L, 0L, 1L));
            case TEXT -> values.addAll(List.of("", "tab\there\tand there", "line\nbreak\r\nand cr\r", "back\\slash \\N \\. \\\\",
                    "quotes ' \" ` ''", "unicode héllo ✓ 𝄞 日本語", "x\"); DROP TABLE t; --", "x`); DROP TABLE t; -- ?", "a".repeat(5000)));
            case BLOB -> values.addAll(List.of(new byte[0], allBytes, "\\N".getBytes(), new byte[] {0}, new byte[] {'\t', '\n', '\\'}));
            case DATE -> values.addAll(List.of("2024-02-29", "1970-01-01", "9999-12-31", "1000-01-01"));
            case TIMESTAMP -> values.addAll(List.of("2024-02-29 23:59:59.123456", "1970-01-02 00:00:00", "2038-01-19 03:14:07",
                    "2000-06-15 12:30:45.5"));
            case UUID -> values.addAll(List.of("123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff"));
            case JSON -> values.addAll(List.of("{}", "{\"a\": [1, \"x\\ty\", null]}", "\"str\\n\\\\\"", "[]", "{\"k\": \"é ✓\"}"));
            default -> values.add("plain");
        }
        return values;
    }

    @Test
    @DisplayName("The storage picks the target's dialect and reports its default database")
    void picksDialect() {
        assertThat(storage.dialect().name()).isEqualTo(expectedDialect());
        assertThat(storage.defaultDatabase()).isNotEmpty();
        assertThat(storage.supportsLedger()).isTrue();
    }

    @Test
    @DisplayName("Every value type round-trips exactly: NULLs, empty strings, escapes, unicode, extremes, blobs")
    void everyTypeRoundTrips() throws SQLException {
        assertTypesRoundTrip(part -> assertThat(storage.writePart(part)).isEmpty());
    }

    /** Writes one part. */
    interface PartWriter {
        void write(Part part) throws SQLException;
    }

    /** Writes rows of every value type with {@code writer} and reads them back. */
    void assertTypesRoundTrip(PartWriter writer) throws SQLException {
        List<TypedColumn> typed = typedColumns();
        StringBuilder ddl = new StringBuilder("seq INTEGER NOT NULL PRIMARY KEY");
        for (TypedColumn column : typed) {
            ddl.append(", ").append(quote(column.name())).append(' ').append(column.ddl());
        }
        String name = createTable(uniqueName("types"), ddl.toString());
        TableInfo info = table(name);
        for (TypedColumn column : typed) {
            assertThat(info.column(column.name()).orElseThrow().type()).as(column.name() + " " + column.ddl()).isEqualTo(column.type());
        }
        int rowCount = 0;
        for (TypedColumn column : typed) {
            rowCount = Math.max(rowCount, trickyValues(column.type()).size());
        }
        // Twice through the values, so that every value also follows a different neighbour.
        rowCount *= 2;
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            Object[] row = new Object[typed.size() + 1];
            row[0] = (long) r;
            for (int c = 0; c < typed.size(); c++) {
                List<Object> values = trickyValues(typed.get(c).type());
                row[c + 1] = values.get((r + c) % values.size());
            }
            rows.add(row);
        }
        List<ColumnInfo> columns = info.columns();
        writer.write(part(info, columns, rows));
        assertThat(select(name, columns, quote("seq"))).isEqualTo(expectedRows(rows, columns));
    }

    @Test
    @DisplayName("Many rows stream in several chunks and all arrive")
    void manyRows() throws SQLException {
        String name = createTable(uniqueName("many"), "n BIGINT NOT NULL, s VARCHAR(100)");
        TableInfo info = table(name);
        List<Object[]> rows = new ArrayList<>();
        long sum = 0;
        for (long i = 0; i < 12_000; i++) {
            rows.add(new Object[] {i, "row " + i + " with some text\tand a tab"});
            sum += i;
        }
        storage.writePart(part(info, info.columns(), rows));
        try (Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT COUNT(*), SUM(n) FROM " + quote(name) + " WHERE s LIKE '%\tand a tab'")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(12_000);
            assertThat(result.getLong(2)).isEqualTo(sum);
        }
    }

    @Test
    @DisplayName("DEFAULT values leave their column to the database, row by row, also when every column is defaulted")
    void defaults() throws SQLException {
        String name = createTable(uniqueName("defaults"),
                autoIdColumn() + ", a INTEGER DEFAULT 7, b VARCHAR(20) DEFAULT 'dflt', c VARCHAR(20)");
        TableInfo info = table(name);
        assertThat(info.column("id").orElseThrow().hasDefault()).isTrue();
        assertThat(info.column("a").orElseThrow().hasDefault()).isTrue();
        List<ColumnInfo> columns = List.of(info.column("a").orElseThrow(), info.column("b").orElseThrow(), info.column("c").orElseThrow());
        Object d = Part.DEFAULT;
        List<Object[]> rows = List.of(
                new Object[] {1L, "x", "r1"},
                new Object[] {d, "y", "r2"},
                new Object[] {d, "z", "r3"},
                new Object[] {2L, d, "r4"},
                new Object[] {d, d, d},
                new Object[] {d, d, d},
                new Object[] {3L, null, "r7"},
                new Object[] {d, d, "r8"});
        storage.writePart(part(info, columns, rows));
        assertThat(select(name, columns, quote("id"))).containsExactly(
                List.of(1L, "x", "r1"),
                List.of(7L, "y", "r2"),
                List.of(7L, "z", "r3"),
                List.of(2L, "dflt", "r4"),
                Arrays.asList(7L, "dflt", null),
                Arrays.asList(7L, "dflt", null),
                Arrays.asList(3L, null, "r7"),
                List.of(7L, "dflt", "r8"));
    }

    @Test
    @DisplayName("A constraint violation writes nothing of the part and is a DATA error")
    void constraintViolation() throws SQLException {
        String name = createTable(uniqueName("unique"), "id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(10) NOT NULL");
        TableInfo info = table(name);
        List<Object[]> rows = List.<Object[]>of(new Object[] {1L, "a"}, new Object[] {2L, "b"}, new Object[] {1L, "dup"});
        SQLException error = catchThrowableOfType(SQLException.class, () -> storage.writePart(part(info, info.columns(), rows)));
        assertThat((Object) error).isNotNull();
        assertThat(storage.classify(error)).isEqualTo(ErrorKind.DATA);
        assertThat(count(name)).isZero();

        List<Object[]> tooLong = List.<Object[]>of(new Object[] {3L, "ok"}, new Object[] {4L, "eleven char"});
        SQLException lengthError = catchThrowableOfType(SQLException.class, () -> storage.writePart(part(info, info.columns(), tooLong)));
        assertThat((Object) lengthError).isNotNull();
        assertThat(storage.classify(lengthError)).isEqualTo(ErrorKind.DATA);
        assertThat(count(name)).isZero();

        storage.writePart(part(info, info.columns(), List.<Object[]>of(new Object[] {5L, "fine"})));
        assertThat(count(name)).isOne();
    }

    @Test
    @DisplayName("writeParts commits every part or none")
    void writePartsIsAtomic() throws SQLException {
        String name = createTable(uniqueName("atomic"), "id INTEGER NOT NULL PRIMARY KEY");
        TableInfo info = table(name);
        Part first = part(info, info.columns(), List.<Object[]>of(new Object[] {1L}, new Object[] {2L}));
        Part failing = part(info, info.columns(), List.<Object[]>of(new Object[] {3L}, new Object[] {1L}));
        assertThatThrownBy(() -> storage.writeParts(List.of(first, failing))).isInstanceOf(SQLException.class);
        assertThat(count(name)).isZero();

        Part second = part(info, info.columns(), List.<Object[]>of(new Object[] {3L}));
        storage.writeParts(List.of(first, second));
        assertThat(count(name)).isEqualTo(3);
    }

    @Test
    @DisplayName("The ledger skips blocks it holds, records the others in the same transaction, and survives a new storage")
    void ledgerSkipsKnownBlocks() throws SQLException {
        String name = createTable(uniqueName("ledger"), "v VARCHAR(20) NOT NULL");
        TableInfo info = table(name);
        List<Object[]> rows = List.<Object[]>of(new Object[] {"a1"}, new Object[] {"a2"}, new Object[] {"b1"}, new Object[] {"loose"});
        List<Part.Block> blocks = List.of(new Part.Block("A", 0, 2), new Part.Block("B", 2, 1));
        assertThat(storage.writePart(ledgerPart(info, info.columns(), rows, blocks, 100))).isEmpty();
        assertThat(count(name)).isEqualTo(4);

        // The same blocks again: skipped; the row outside any block is written.
        assertThat(storage.writePart(ledgerPart(info, info.columns(), rows, blocks, 100))).containsExactlyInAnyOrder("A", "B");
        assertThat(count(name)).isEqualTo(5);

        // Ids are case-sensitive, and a block without rows records its id too.
        List<Object[]> more = List.<Object[]>of(new Object[] {"c1"}, new Object[] {"a-again"});
        List<Part.Block> mixed = List.of(new Part.Block("a", 0, 1), new Part.Block("E", 1, 0), new Part.Block("A", 1, 1));
        assertThat(storage.writePart(ledgerPart(info, info.columns(), more, mixed, 100))).containsExactly("A");
        assertThat(count(name)).isEqualTo(6);

        try (JdbcStorage fresh = create(settings())) {
            assertThat(fresh.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"b-again"}),
                    List.of(new Part.Block("B", 0, 1)), 100))).containsExactly("B");
            assertThat(fresh.writePart(ledgerPart(info, info.columns(), List.of(), List.of(new Part.Block("E", 0, 0)), 100)))
                    .containsExactly("E");
        }
        assertThat(count(name)).isEqualTo(6);
    }

    @Test
    @DisplayName("The ledger forgets a table's ids when the table is dropped and created again elsewhere, and keeps them otherwise")
    void ledgerFollowsTheTable() throws SQLException {
        String name = createTable(uniqueName("recreated"), "v VARCHAR(20) NOT NULL");
        String neighbour = createTable(uniqueName("neighbour"), "v VARCHAR(20) NOT NULL");
        TableInfo info = table(name);
        TableInfo other = table(neighbour);
        assertThat(storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"first"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100))).isEmpty();
        assertThat(storage.writePart(ledgerPart(other, other.columns(), List.<Object[]>of(new Object[] {"first"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100))).isEmpty();
        // Rows deleted, the table kept: still the same table.
        execute("DELETE FROM " + quote(name));
        assertThat(storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"again"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100))).containsExactly("token:load-1");
        assertThat(count(name)).isZero();

        // Dropped and created again by another connection, at once and with the same text.
        execute("DROP TABLE " + quote(name));
        execute("CREATE TABLE " + quote(name) + " (v VARCHAR(20) NOT NULL)");
        TableInfo recreated = table(name);
        Set<String> skipped = storage.writePart(ledgerPart(recreated, recreated.columns(), List.<Object[]>of(new Object[] {"second"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100));
        if (!knowsTableIdentity()) {
            // A database the dialect cannot ask for a table's identity: the ids stay with the name.
            assertThat(skipped).containsExactly("token:load-1");
            return;
        }
        assertThat(skipped).isEmpty();
        assertThat(count(name)).isEqualTo(1);
        // The new table's own ids hold from now on, and the neighbour kept its ids.
        assertThat(storage.writePart(ledgerPart(recreated, recreated.columns(), List.<Object[]>of(new Object[] {"third"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100))).containsExactly("token:load-1");
        assertThat(storage.writePart(ledgerPart(other, other.columns(), List.<Object[]>of(new Object[] {"second"}),
                List.of(new Part.Block("token:load-1", 0, 1)), 100))).containsExactly("token:load-1");
        assertThat(count(name)).isEqualTo(1);
        assertThat(count(neighbour)).isEqualTo(1);
    }

    @Test
    @DisplayName("The ledger keeps only the window's newest ids per table, and a rolled-back part records none")
    void ledgerWindow() throws SQLException {
        String name = createTable(uniqueName("window"), "v VARCHAR(300) NOT NULL PRIMARY KEY");
        TableInfo info = table(name);
        String longId = "L".repeat(400);
        for (String id : List.of("x1", "x2", longId)) {
            storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {id.substring(0, 2) + "-first"}),
                    List.of(new Part.Block(id, 0, 1)), 2));
        }
        // x1 fell out of the window of 2: written again. The long id is still known.
        assertThat(storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"x1-second"}),
                List.of(new Part.Block("x1", 0, 1)), 2))).isEmpty();
        assertThat(storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"LL-second"}),
                List.of(new Part.Block(longId, 0, 1)), 2))).containsExactly(longId);
        assertThat(count(name)).isEqualTo(4);

        // A failing part (duplicate key) rolls its ledger ids back with its rows.
        assertThatThrownBy(() -> storage.writePart(ledgerPart(info, info.columns(),
                List.<Object[]>of(new Object[] {"fresh"}, new Object[] {"x1-first"}), List.of(new Part.Block("y", 0, 2)), 10)))
                .isInstanceOf(SQLException.class);
        assertThat(storage.writePart(ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"fresh"}),
                List.of(new Part.Block("y", 0, 1)), 10))).isEmpty();
        assertThat(count(name)).isEqualTo(5);
    }

    @Test
    @DisplayName("A part's own run ids are recorded without a lookup; writing the same part again skips their rows")
    void ownRunIdsWrittenTwice() throws SQLException {
        String name = createTable(uniqueName("own"), "v VARCHAR(20) NOT NULL");
        TableInfo info = table(name);
        String partName = "part-" + NAMES.incrementAndGet();
        String first = Part.runId("flush-own", partName, 0);
        String second = Part.runId("flush-own", partName, 1);
        Part part = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {"a"}, new Object[] {"b"},
                new Object[] {"c"}), partName, "flush-own", List.of(new Part.Block(first, 0, 2), new Part.Block(second, 2, 1)), 100);
        assertThat(part.ownsId(first)).isTrue();
        assertThat(part.ownsId(Part.runId("flush-other", partName, 0))).isFalse();
        assertThat(storage.writePart(part)).isEmpty();
        assertThat(count(name)).isEqualTo(3);
        assertThat(storage.writePart(part)).as("a second write of the part, as after a lost COMMIT answer").containsExactlyInAnyOrder(first, second);
        assertThat(count(name)).isEqualTo(3);
        assertThat(storage.committedBlocks(part)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    @DisplayName("A part of its own run ids whose row breaks the table's key fails with the table's DATA error and records no id")
    void ownRunIdsWithAConstraintViolation() throws SQLException {
        String name = createTable(uniqueName("ownkey"), "id INTEGER NOT NULL PRIMARY KEY");
        TableInfo info = table(name);
        String partName = "part-" + NAMES.incrementAndGet();
        String run = Part.runId("flush-own", partName, 0);
        Part part = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {1L}, new Object[] {1L}), partName,
                "flush-own", List.of(new Part.Block(run, 0, 2)), 100);
        SQLException error = catchThrowableOfType(SQLException.class, () -> storage.writePart(part));
        assertThat((Object) error).isNotNull().isNotInstanceOf(LedgerConflictException.class);
        assertThat(storage.classify(error)).isEqualTo(ErrorKind.DATA);
        assertThat(count(name)).isZero();
        assertThat(storage.committedBlocks(part)).isEmpty();

        Part fixed = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {1L}, new Object[] {2L}), partName,
                "flush-own", List.of(new Part.Block(run, 0, 2)), 100);
        assertThat(storage.writePart(fixed)).isEmpty();
        assertThat(count(name)).isEqualTo(2);
        assertThat(storage.committedBlocks(fixed)).containsExactly(run);
    }

    @Test
    @DisplayName("Two writers recording the same block at once: the later one fails TRANSIENT, and its retry skips the block")
    void concurrentLedgerConflict() throws Exception {
        String name = createTable(uniqueName("race"), "v VARCHAR(20) NOT NULL");
        TableInfo info = table(name);
        // Make sure the ledger table exists, then hold an uncommitted id "Z" of this table in another transaction.
        storage.writePart(ledgerPart(info, info.columns(), List.of(), List.of(new Part.Block("warm-up", 0, 0)), 100));
        String ledger = quote(storage.defaultDatabase()) + "." + quote("sluice_ledger");
        try (Connection other = DriverManager.getConnection("jdbc:" + target(), properties())) {
            other.setAutoCommit(false);
            try (var insert = other.prepareStatement("INSERT INTO " + ledger + " (table_name, block_id, part_name) VALUES (?, ?, ?)")) {
                insert.setString(1, info.database() + "." + info.name());
                insert.setString(2, "Z");
                insert.setString(3, "other-engine");
                insert.executeUpdate();
            }
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<Set<String>> write = executor.submit(() -> storage.writePart(ledgerPart(info, info.columns(),
                        List.<Object[]>of(new Object[] {"z"}), List.of(new Part.Block("Z", 0, 1)), 100)));
                awaitLockWait(other, info.database() + "." + info.name(), write);
                other.commit();
                Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                        () -> write.get(30, TimeUnit.SECONDS)).getCause();
                assertThat(failure).isInstanceOf(SQLException.class);
                assertThat(storage.classify((SQLException) failure)).isEqualTo(ErrorKind.TRANSIENT);
            } finally {
                executor.shutdownNow();
            }
        }
        assertThat(count(name)).isZero();
        Part retry = ledgerPart(info, info.columns(), List.<Object[]>of(new Object[] {"z"}), List.of(new Part.Block("Z", 0, 1)), 100);
        assertThat(storage.writePart(retry)).containsExactly("Z");
        assertThat(count(name)).isZero();
    }

    /**
     * Waits (polling the server, no sleeps) until the storage's ledger INSERT for {@code tableKey} waits for
     * the lock {@code other} holds, and fails when the write ends first or never gets there.
     */
    abstract void awaitLockWait(Connection other, String tableKey, Future<?> write) throws Exception;

    /**
     * Runs {@code waiting}, a query of the server's sessions that counts the write's session once it waits,
     * until it counts one; fails when the write ends first or 20 s pass.
     */
    static void pollUntilWaiting(PreparedStatement waiting, Future<?> write) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!write.isDone() && System.nanoTime() < deadline) {
            try (ResultSet rows = waiting.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
        }
        throw new AssertionError("The write never waited for the other transaction's ledger id (done: " + write.isDone() + ")");
    }

    @Test
    @DisplayName("Hostile table names, column names and values cannot inject SQL and round-trip exactly")
    void injection() throws SQLException {
        String victim = createTable(uniqueName("victim"), "x INTEGER");
        String hostileTable = "x\"); DROP TABLE " + victim + "; -- `'\\?";
        String hostileColumn = "c\"`); DELETE FROM " + victim + "; --'\\?";
        createTable(hostileTable, quote(hostileColumn) + " VARCHAR(200), " + quote("%_wild") + " VARCHAR(200)");
        TableInfo info = table(hostileTable);
        assertThat(info.name()).isEqualTo(hostileTable);
        assertThat(info.columns()).extracting(ColumnInfo::name).containsExactly(hostileColumn, "%_wild");
        execute("INSERT INTO " + quote(victim) + " VALUES (1)");
        List<Object[]> rows = List.of(
                new Object[] {"'); DROP TABLE " + victim + "; --", "\"); DROP TABLE " + victim + "; --"},
                new Object[] {"`); DROP TABLE " + victim + "; --\n\\", "?\t\\N\r\n\\."},
                new Object[] {Part.DEFAULT, "'"});
        storage.writePart(part(info, info.columns(), rows));
        assertThat(select(hostileTable, info.columns(), quote("%_wild"))).containsExactlyInAnyOrder(
                Arrays.asList(rows.get(0)), Arrays.asList(rows.get(1)), Arrays.asList(null, "'"));
        assertThat(count(victim)).isOne();
    }

    @Test
    @DisplayName("Metadata: names match ignoring case, an unknown table is empty, an unknown database is UNKNOWN_DATABASE")
    void tableLookup() throws SQLException {
        String name = createTable(uniqueName("lookup"), "v VARCHAR(10) NOT NULL, n SMALLINT, t TEXT");
        TableInfo info = storage.table(null, name.toUpperCase()).orElseThrow();
        assertThat(info.name()).isEqualTo(name);
        assertThat(info.database()).isEqualTo(storage.defaultDatabase());
        assertThat(storage.table(storage.defaultDatabase(), name)).isPresent();
        ColumnInfo v = info.column("V").orElseThrow();
        assertThat(v.type()).isEqualTo(ValueType.TEXT);
        assertThat(v.maxLength()).isEqualTo(10);
        assertThat(v.nullable()).isFalse();
        assertThat(v.insertable()).isTrue();
        ColumnInfo n = info.column("n").orElseThrow();
        assertThat(n.type()).isEqualTo(ValueType.INTEGER);
        assertThat(n.minValue()).isEqualTo(-32768);
        assertThat(n.maxValue()).isEqualTo(32767);
        assertThat(n.nullable()).isTrue();
        assertThat(info.column("t").orElseThrow().maxLength()).isEqualTo(-1);

        assertThat(storage.table(null, name + "_missing")).isEmpty();
        assertThatThrownBy(() -> storage.table("no_such_database_x", name))
                .isInstanceOf(SluiceSqlException.class)
                .hasMessage("UNKNOWN_DATABASE: Database no_such_database_x does not exist")
                .satisfies(e -> assertThat(((SluiceSqlException) e).error()).isEqualTo(ErrorCode.UNKNOWN_DATABASE));
    }

    @Test
    @DisplayName("writeRows writes through the caller's connection inside its transaction; openConnection is unpooled and autocommit")
    void writeRowsInUserTransaction() throws SQLException {
        String name = createTable(uniqueName("usertx"), "id INTEGER NOT NULL, s VARCHAR(20) DEFAULT 'd'");
        TableInfo info = table(name);
        List<Object[]> rows = List.<Object[]>of(new Object[] {1L, "one"}, new Object[] {2L, Part.DEFAULT});
        try (Connection connection = storage.openConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            connection.setAutoCommit(false);
            storage.writeRows(connection, part(info, info.columns(), rows));
            connection.rollback();
            assertThat(count(name)).isZero();
            storage.writeRows(connection, part(info, info.columns(), rows));
            connection.commit();
        }
        assertThat(select(name, info.columns(), quote("id"))).containsExactly(List.of(1L, "one"), List.of(2L, "d"));
    }

    @Test
    @DisplayName("Generated columns are not insertable; a missing column is a FATAL error")
    void generatedAndFatal() throws SQLException {
        String name = createTable(uniqueName("gen"), "a INTEGER, " + generatedColumn("b", "a * 2"));
        TableInfo info = table(name);
        assertThat(info.column("b").orElseThrow().insertable()).isFalse();
        assertThat(info.insertableColumns()).extracting(ColumnInfo::name).containsExactly("a");
        storage.writePart(part(info, info.insertableColumns(), List.<Object[]>of(new Object[] {21L})));
        try (Statement statement = admin.createStatement(); ResultSet result = statement.executeQuery("SELECT b FROM " + quote(name))) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(42);
        }
        ColumnInfo ghost = ColumnInfo.of("ghost", "INTEGER", ValueType.INTEGER, true, false);
        Part ghostPart = part(info, List.of(ghost), List.<Object[]>of(new Object[] {1L}));
        SQLException error = catchThrowableOfType(SQLException.class, () -> storage.writePart(ghostPart));
        assertThat(storage.classify(error)).isEqualTo(ErrorKind.FATAL);
    }

    /** DDL of a stored column computed from {@code expression}. */
    String generatedColumn(String name, String expression) {
        return server().generatedColumn(name, expression);
    }

    @Test
    @DisplayName("close() twice is harmless, and a closed storage refuses work")
    void closeTwice() throws SQLException {
        JdbcStorage extra = create(settings());
        extra.close();
        extra.close();
        assertThatThrownBy(() -> extra.table(null, "x")).isInstanceOf(SluiceSqlException.class).hasMessageContaining("ABORTED: ");
        assertThatThrownBy(extra::openConnection).isInstanceOf(SluiceSqlException.class);
    }
}

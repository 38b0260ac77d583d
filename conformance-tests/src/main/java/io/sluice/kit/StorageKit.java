package io.sluice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginContext;
import io.sluice.spi.Storage;
import io.sluice.spi.StorageFactory;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Storage}, as abstract JUnit 5 tests. A storage author extends this class and
 * supplies the factory, a target the tests may create tables in, and the storage's capabilities:
 *
 * <pre>{@code
 * class SqliteStorageKitTest extends StorageKit {
 *     @TempDir Path directory;
 *
 *     @Override protected StorageFactory factory() { return KitPlugins.storage("sqlite"); }
 *     @Override protected String target() { return "sqlite:" + directory.resolve("kit.db"); }
 *     @Override protected Set<Capability> capabilities() { return Set.of(Capability.MULTI_PART_TRANSACTION, Capability.LEDGER); }
 * }
 * }</pre>
 *
 * <p>Every test works on tables of its own, named {@code kit_<random>_<n>}, created through
 * {@link Storage#openConnection()} by {@link #createTable} and dropped after the test, so a target
 * database shared with other data is left as it was. The tables have one shape:
 * <pre>
 * id     INTEGER NOT NULL PRIMARY KEY
 * name   VARCHAR(100)                       -- nullable, no default
 * amount REAL                               -- nullable, no default
 * status VARCHAR(20) DEFAULT 'new' NOT NULL -- a default the database fills in
 * </pre>
 */
public abstract class StorageKit extends PluginKit<StorageFactory, Storage> {
    /** What a storage can do beyond the contract every storage honours. */
    public enum Capability {
        /**
         * {@link Storage#writeParts} writes several parts in one transaction. Without it, it refuses more
         * than one part with {@link SQLFeatureNotSupportedException}, writing nothing.
         */
        MULTI_PART_TRANSACTION,
        /**
         * The storage keeps a ledger of block ids ({@link Storage#supportsLedger()} is true): blocks whose
         * id it holds are skipped, in the part's own transaction.
         */
        LEDGER,
        /**
         * With {@link #LEDGER}: {@link Storage#committedBlocks} tells which blocks a part's own write recorded, so
         * that the engine can resolve a write whose COMMIT answer was lost instead of writing it again. Without it,
         * the default refuses with {@link SQLFeatureNotSupportedException}.
         */
        LOST_WRITE_RESOLUTION
    }

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final String tablePrefix = "kit_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + "_";
    private final List<String> createdTables = new ArrayList<>();
    private final AtomicInteger parts = new AtomicInteger();
    private Storage storage;

    /**
     * The target the storage writes to, as the engine passes it in {@link PluginContext#target()}:
     * the downstream JDBC URL without its {@code jdbc:} prefix. Tests create and drop tables in it.
     *
     * @return the target, e.g. {@code sqlite:/tmp/kit/kit.db}
     */
    protected abstract String target();

    /**
     * Properties of the target's own driver (user, password…), as the engine passes them.
     *
     * @return the properties; none by default
     */
    protected Properties targetProperties() {
        return new Properties();
    }

    /**
     * What the storage under test can do; the kit tests each capability listed, and the correct refusal
     * or absence of each one not listed.
     *
     * @return the capabilities; none by default
     */
    protected Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * Creates a table of the kit's shape (see the class comment). The default issues portable DDL; a
     * storage whose database spells it differently overrides this.
     *
     * @param connection a connection from {@link Storage#openConnection()}, in auto-commit mode
     * @param table the table's name, lower case, unquoted
     * @throws SQLException when the table cannot be created
     */
    protected void createTable(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100), amount REAL,"
                    + " status VARCHAR(20) DEFAULT 'new' NOT NULL)");
        }
    }

    /**
     * Drops a table the kit created.
     *
     * @param connection a connection from {@link Storage#openConnection()}, in auto-commit mode
     * @param table the table's name
     * @throws SQLException when the table cannot be dropped
     */
    protected void dropTable(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + table);
        }
    }

    @Override
    protected PluginContext context() {
        return new PluginContext(clock, target(), targetProperties());
    }

    @Override
    final List<StorageFactory> registeredFactories() {
        return registered(Plugin::getStorageFactories);
    }

    /** Builds the storage under test from {@link #config()} before each test. */
    @BeforeEach
    final void buildStorage() throws SQLException {
        storage = build(config());
    }

    /**
     * Drops the tables the test created, through the test's storage while it is still open, or through
     * a new one when the test closed it.
     */
    @AfterEach
    final void dropCreatedTables() throws SQLException {
        if (createdTables.isEmpty()) {
            return;
        }
        Storage own = null;
        Storage cleaner = storage;
        try {
            storage.table(null, createdTables.get(0));
        } catch (SQLException closedByTheTest) {
            own = factory().create(config(), context());
            cleaner = own;
        }
        try (Connection connection = cleaner.openConnection()) {
            for (String table : createdTables) {
                if (cleaner.table(null, table).isPresent()) {
                    dropTable(connection, table);
                }
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /**
     * The storage the kit tests, built once per test.
     *
     * @return the storage
     */
    protected final Storage storage() {
        return storage;
    }

    /**
     * Creates a new table of the kit's shape and reads it back through {@link Storage#table}.
     *
     * @return the table as the storage reports it
     * @throws SQLException when it cannot be created
     */
    protected final TableInfo newTable() throws SQLException {
        String name = tablePrefix + TABLES.incrementAndGet();
        try (Connection connection = storage.openConnection()) {
            createTable(connection, name);
        }
        createdTables.add(name);
        return storage.table(null, name).orElseThrow(() -> new AssertionError("table(null, " + name + ") is empty right after CREATE TABLE"));
    }

    /**
     * A row of the kit's table.
     *
     * @param id the key
     * @param name a text or {@code null}
     * @param amount a number or {@code null}
     * @param status a text, {@code null} (which the table refuses) or {@link Part#DEFAULT}
     * @return the row, in column order
     */
    protected static Object[] row(long id, String name, Double amount, Object status) {
        return new Object[] {id, name, amount, status};
    }

    /**
     * A part of {@code rows} for {@code table}, without ledger blocks.
     *
     * @param table the table
     * @param rows rows made with {@link #row}
     * @return the part
     */
    protected final Part part(TableInfo table, Object[]... rows) {
        return new Part(table.database(), table.name(), table.columns(), List.of(rows), "kit-part-" + parts.incrementAndGet(), "kit-flush");
    }

    /**
     * A part of {@code rows} for {@code table}, with ledger blocks.
     *
     * @param table the table
     * @param blocks the blocks
     * @param window the ledger window
     * @param rows rows made with {@link #row}
     * @return the part
     */
    protected final Part part(TableInfo table, List<Part.Block> blocks, int window, Object[]... rows) {
        return new Part(table.database(), table.name(), table.columns(), List.of(rows), "kit-part-" + parts.incrementAndGet(), "kit-flush",
                blocks, window);
    }

    /**
     * The rows of a kit table, ordered by id, as {@code id|name|amount|status} with {@code NULL} for SQL
     * NULL, read through a connection of the storage.
     *
     * @param table the table
     * @return one line per row
     * @throws SQLException when the table cannot be read
     */
    protected final List<String> rowsOf(TableInfo table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = storage.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, name, amount, status FROM " + table.name() + " ORDER BY id")) {
            while (result.next()) {
                long id = result.getLong(1);
                String name = result.getString(2);
                double amount = result.getDouble(3);
                String amountText = result.wasNull() ? "NULL" : Double.toString(amount);
                String status = result.getString(4);
                rows.add(id + "|" + (name == null ? "NULL" : name) + "|" + amountText + "|" + (status == null ? "NULL" : status));
            }
        }
        return rows;
    }

    private boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /** Runs {@code write}, expects an {@link SQLException} the storage classifies as {@link ErrorKind#DATA}. */
    private void assertFailsWithDataError(ThrowingWrite write) {
        SQLException error = catchThrowableOfType(SQLException.class, write::run);
        assertThat((Throwable) error).as("the write's exception").isNotNull();
        assertThat(storage.classify(error)).as("classify(%s)", error).isEqualTo(ErrorKind.DATA);
    }

    @FunctionalInterface
    private interface ThrowingWrite {
        void run() throws SQLException;
    }

    // ---------------------------------------------------------------- the contract

    @Nested
    @DisplayName("Table metadata")
    class Metadata {
        @Test
        @DisplayName("table() reports every column in declaration order, with its type, nullability and default")
        void columns() throws SQLException {
            TableInfo table = newTable();
            assertThat(table.columns()).extracting(column -> column.name().toLowerCase(Locale.ROOT))
                    .containsExactly("id", "name", "amount", "status");
            assertThat(table.columns()).extracting(ColumnInfo::type)
                    .containsExactly(ValueType.INTEGER, ValueType.TEXT, ValueType.REAL, ValueType.TEXT);
            assertThat(table.columns()).allSatisfy(column -> assertThat(column.insertable()).as("%s insertable", column.name()).isTrue());
            ColumnInfo id = table.column("id").orElseThrow();
            assertThat(!id.nullable() || id.hasDefault()).as("id is NOT NULL, unless the database assigns it when omitted: %s", id).isTrue();
            assertThat(table.column("name").orElseThrow()).extracting(ColumnInfo::nullable, ColumnInfo::hasDefault).containsExactly(true, false);
            assertThat(table.column("amount").orElseThrow()).extracting(ColumnInfo::nullable, ColumnInfo::hasDefault).containsExactly(true, false);
            assertThat(table.column("status").orElseThrow()).extracting(ColumnInfo::nullable, ColumnInfo::hasDefault).containsExactly(false, true);
        }

        @Test
        @DisplayName("a table is found in the default database, by its name in any letter case")
        void foundByName() throws SQLException {
            TableInfo table = newTable();
            assertThat(table.database()).isEqualToIgnoringCase(storage.defaultDatabase());
            assertThat(storage.table(storage.defaultDatabase(), table.name())).hasValueSatisfying(
                    found -> assertThat(found.name()).isEqualTo(table.name()));
            assertThat(storage.table(null, table.name().toUpperCase(Locale.ROOT))).hasValueSatisfying(
                    found -> assertThat(found.name()).isEqualToIgnoringCase(table.name()));
        }

        @Test
        @DisplayName("a table that does not exist is empty, not an error")
        void unknownTable() throws SQLException {
            newTable();
            assertThat(storage.table(null, tablePrefix + "no_such_table")).isEmpty();
        }
    }

    @Nested
    @DisplayName("Writing a part")
    class Writing {
        @Test
        @DisplayName("writePart writes every row, each value as given")
        void writesEveryRow() throws SQLException {
            TableInfo table = newTable();
            Set<String> skipped = storage.writePart(part(table, row(1, "zürich ✓", 12.5, "a"), row(2, null, null, "b"), row(3, "", -0.25, "c")));
            assertThat(skipped).isEmpty();
            assertThat(rowsOf(table)).containsExactly("1|zürich ✓|12.5|a", "2|NULL|NULL|b", "3||-0.25|c");
        }

        @Test
        @DisplayName("Part.DEFAULT lets the database fill in the column's default, row by row")
        void defaults() throws SQLException {
            TableInfo table = newTable();
            storage.writePart(part(table, row(1, "a", 1.5, Part.DEFAULT), row(2, "b", 2.5, "set"), row(3, "c", 3.5, Part.DEFAULT),
                    new Object[] {4L, Part.DEFAULT, Part.DEFAULT, Part.DEFAULT}));
            assertThat(rowsOf(table)).containsExactly("1|a|1.5|new", "2|b|2.5|set", "3|c|3.5|new", "4|NULL|NULL|new");
        }

        @Test
        @DisplayName("a part whose rows clash with each other writes nothing, and classify() says DATA")
        void clashWithinThePart() throws SQLException {
            TableInfo table = newTable();
            assertFailsWithDataError(() -> storage.writePart(part(table, row(1, "a", 1.0, "x"), row(2, "b", 2.0, "x"), row(1, "c", 3.0, "x"))));
            assertThat(rowsOf(table)).isEmpty();
        }

        @Test
        @DisplayName("a part with NULL in a NOT NULL column writes nothing, and classify() says DATA")
        void nullInNotNullColumn() throws SQLException {
            TableInfo table = newTable();
            assertFailsWithDataError(() -> storage.writePart(part(table, row(1, "a", 1.0, "x"), row(2, "b", 2.0, null))));
            assertThat(rowsOf(table)).isEmpty();
        }

        @Test
        @DisplayName("a part clashing with a committed row writes nothing, and the committed row stays")
        void clashWithCommittedRow() throws SQLException {
            TableInfo table = newTable();
            storage.writePart(part(table, row(1, "first", 1.0, "x")));
            assertFailsWithDataError(() -> storage.writePart(part(table, row(2, "b", 2.0, "x"), row(1, "again", 3.0, "x"))));
            assertThat(rowsOf(table)).containsExactly("1|first|1.0|x");
            storage.writePart(part(table, row(2, "b", 2.0, "x")));
            assertThat(rowsOf(table)).containsExactly("1|first|1.0|x", "2|b|2.0|x");
        }

        @Test
        @DisplayName("a write to a table dropped behind the storage's back fails, and classify() says FATAL")
        void droppedTable() throws SQLException {
            TableInfo table = newTable();
            try (Connection connection = storage.openConnection()) {
                dropTable(connection, table.name());
            }
            SQLException error = catchThrowableOfType(SQLException.class, () -> storage.writePart(part(table, row(1, "a", 1.0, "x"))));
            assertThat((Throwable) error).isNotNull();
            assertThat(storage.classify(error)).as("classify(%s)", error).isEqualTo(ErrorKind.FATAL);
        }

        @Test
        @DisplayName("classify() answers FATAL for an exception it does not recognise")
        void unknownErrorIsFatal() {
            assertThat(storage.classify(new SQLException("made up by the plugin kit"))).isEqualTo(ErrorKind.FATAL);
            assertThat(storage.classify(new SQLException("made up by the plugin kit", "XX999", 123456))).isEqualTo(ErrorKind.FATAL);
        }

        @Test
        @DisplayName("writeRows writes inside the caller's transaction: nothing stays after a rollback, every row after a commit")
        void writeRowsInCallersTransaction() throws SQLException {
            TableInfo table = newTable();
            try (Connection connection = storage.openConnection()) {
                connection.setAutoCommit(false);
                storage.writeRows(connection, part(table, row(1, "a", 1.0, Part.DEFAULT)));
                connection.rollback();
                assertThat(rowsOf(table)).as("after rollback").isEmpty();
                storage.writeRows(connection, part(table, row(2, "b", 2.0, "x"), row(3, "c", 3.0, Part.DEFAULT)));
                connection.commit();
            }
            assertThat(rowsOf(table)).containsExactly("2|b|2.0|x", "3|c|3.0|new");
        }
    }

    @Nested
    @DisplayName("Several parts in one transaction")
    class SeveralParts {
        @Test
        @DisplayName("writeParts of one part writes it")
        void onePart() throws SQLException {
            TableInfo table = newTable();
            assertThat(storage.writeParts(List.of(part(table, row(1, "a", 1.0, "x"))))).isEmpty();
            assertThat(rowsOf(table)).containsExactly("1|a|1.0|x");
        }

        @Test
        @DisplayName("MULTI_PART_TRANSACTION: writeParts commits every part together")
        void allParts() throws SQLException {
            assumeCapability(Capability.MULTI_PART_TRANSACTION);
            TableInfo table = newTable();
            storage.writeParts(List.of(part(table, row(1, "a", 1.0, "x"), row(2, "b", 2.0, "x")), part(table, row(3, "c", 3.0, Part.DEFAULT))));
            assertThat(rowsOf(table)).containsExactly("1|a|1.0|x", "2|b|2.0|x", "3|c|3.0|new");
        }

        @Test
        @DisplayName("MULTI_PART_TRANSACTION: writeParts writes nothing of any part when one fails, and classify() says DATA")
        void noneWhenOneFails() throws SQLException {
            assumeCapability(Capability.MULTI_PART_TRANSACTION);
            TableInfo table = newTable();
            assertFailsWithDataError(() -> storage.writeParts(List.of(part(table, row(1, "a", 1.0, "x")),
                    part(table, row(2, "b", 2.0, "x"), row(2, "again", 3.0, "x")))));
            assertThat(rowsOf(table)).isEmpty();
        }

        @Test
        @DisplayName("without MULTI_PART_TRANSACTION: writeParts refuses two parts with SQLFeatureNotSupportedException, writing nothing")
        void refusedWithoutTheCapability() throws SQLException {
            Assumptions.assumeFalse(has(Capability.MULTI_PART_TRANSACTION), "the storage declares MULTI_PART_TRANSACTION");
            TableInfo table = newTable();
            assertThatThrownBy(() -> storage.writeParts(List.of(part(table, row(1, "a", 1.0, "x")), part(table, row(2, "b", 2.0, "x")))))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThat(rowsOf(table)).isEmpty();
        }
    }

    @Nested
    @DisplayName("The ledger")
    class Ledger {
        private static final int WINDOW = 100;

        @Test
        @DisplayName("supportsLedger() agrees with the declared LEDGER capability")
        void declared() {
            assertThat(storage.supportsLedger()).as("supportsLedger()").isEqualTo(has(Capability.LEDGER));
        }

        @Test
        @DisplayName("LEDGER: a block whose id was written before is skipped and its id returned; the other blocks are written")
        void skipsKnownBlocks() throws SQLException {
            assumeCapability(Capability.LEDGER);
            TableInfo table = newTable();
            Set<String> first = storage.writePart(part(table, List.of(new Part.Block("a", 0, 2), new Part.Block("b", 2, 1)), WINDOW,
                    row(1, "a1", 1.0, "x"), row(2, "a2", 2.0, "x"), row(3, "b1", 3.0, "x")));
            assertThat(first).isEmpty();
            Set<String> second = storage.writePart(part(table, List.of(new Part.Block("c", 0, 1), new Part.Block("a", 1, 2)), WINDOW,
                    row(4, "c1", 4.0, "x"), row(5, "a1 again", 5.0, "x"), row(6, "a2 again", 6.0, "x")));
            assertThat(second).containsExactly("a");
            assertThat(rowsOf(table)).containsExactly("1|a1|1.0|x", "2|a2|2.0|x", "3|b1|3.0|x", "4|c1|4.0|x");
        }

        @Test
        @DisplayName("LEDGER: ids are kept per table")
        void perTable() throws SQLException {
            assumeCapability(Capability.LEDGER);
            TableInfo one = newTable();
            TableInfo other = newTable();
            storage.writePart(part(one, List.of(new Part.Block("same id", 0, 1)), WINDOW, row(1, "one", 1.0, "x")));
            assertThat(storage.writePart(part(other, List.of(new Part.Block("same id", 0, 1)), WINDOW, row(1, "other", 1.0, "x")))).isEmpty();
            assertThat(rowsOf(other)).containsExactly("1|other|1.0|x");
        }

        @Test
        @DisplayName("LEDGER: a part that fails records none of its ids: they are written in the rows' transaction")
        void failedPartRecordsNothing() throws SQLException {
            assumeCapability(Capability.LEDGER);
            TableInfo table = newTable();
            assertFailsWithDataError(() -> storage.writePart(part(table, List.of(new Part.Block("e", 0, 2)), WINDOW,
                    row(1, "e1", 1.0, "x"), row(1, "e1 clash", 2.0, "x"))));
            assertThat(storage.writePart(part(table, List.of(new Part.Block("e", 0, 1)), WINDOW, row(1, "e1", 1.0, "x")))).isEmpty();
            assertThat(rowsOf(table)).containsExactly("1|e1|1.0|x");
        }

        @Test
        @DisplayName("LEDGER: a block without rows records its id")
        void emptyBlock() throws SQLException {
            assumeCapability(Capability.LEDGER);
            TableInfo table = newTable();
            assertThat(storage.writePart(part(table, List.of(new Part.Block("no rows", 0, 0)), WINDOW))).isEmpty();
            assertThat(storage.writePart(part(table, List.of(new Part.Block("no rows", 0, 0)), WINDOW))).containsExactly("no rows");
            assertThat(rowsOf(table)).isEmpty();
        }

        @Test
        @DisplayName("LEDGER: the window keeps the newest ids of a table and forgets older ones")
        void window() throws SQLException {
            assumeCapability(Capability.LEDGER);
            TableInfo table = newTable();
            for (int i = 1; i <= 3; i++) {
                storage.writePart(part(table, List.of(new Part.Block("w" + i, 0, 1)), 2, row(i, "w" + i, (double) i, "x")));
            }
            Set<String> skipped = storage.writePart(part(table, List.of(new Part.Block("w1", 0, 1), new Part.Block("w3", 1, 1)), 2,
                    row(11, "w1 again", 11.0, "x"), row(13, "w3 again", 13.0, "x")));
            assertThat(skipped).as("w1 fell out of a window of 2; w3 is in it").containsExactly("w3");
            assertThat(rowsOf(table)).containsExactly("1|w1|1.0|x", "2|w2|2.0|x", "3|w3|3.0|x", "11|w1 again|11.0|x");
        }

        @Test
        @DisplayName("LEDGER and MULTI_PART_TRANSACTION: a block repeated in a later part of one writeParts is skipped")
        void acrossPartsOfOneTransaction() throws SQLException {
            assumeCapability(Capability.LEDGER);
            assumeCapability(Capability.MULTI_PART_TRANSACTION);
            TableInfo table = newTable();
            Set<String> skipped = storage.writeParts(List.of(
                    part(table, List.of(new Part.Block("g", 0, 1)), WINDOW, row(1, "g", 1.0, "x")),
                    part(table, List.of(new Part.Block("g", 0, 1), new Part.Block("h", 1, 1)), WINDOW, row(2, "g again", 2.0, "x"),
                            row(3, "h", 3.0, "x"))));
            assertThat(skipped).containsExactly("g");
            assertThat(rowsOf(table)).containsExactly("1|g|1.0|x", "3|h|3.0|x");
        }
    }

    @Nested
    @DisplayName("Resolving a write whose outcome is unknown")
    class LostWrites {
        private static final int WINDOW = 100;

        @Test
        @DisplayName("LOST_WRITE_RESOLUTION: committedBlocks answers the blocks the part's own write recorded, not those it skipped")
        void ownBlocksOnly() throws SQLException {
            assumeCapability(Capability.LOST_WRITE_RESOLUTION);
            TableInfo table = newTable();
            storage.writePart(part(table, List.of(new Part.Block("earlier", 0, 1)), WINDOW, row(1, "earlier", 1.0, "x")));
            Part part = part(table, List.of(new Part.Block("earlier", 0, 1), new Part.Block("mine", 1, 1), new Part.Block("empty", 2, 0)), WINDOW,
                    row(2, "earlier again", 2.0, "x"), row(3, "mine", 3.0, "x"));
            assertThat(storage.committedBlocks(part)).as("before the write").isEmpty();
            assertThat(storage.writePart(part)).containsExactly("earlier");
            assertThat(storage.committedBlocks(part)).as("after the write").containsExactlyInAnyOrder("mine", "empty");
            assertThat(storage.committedBlocks(part)).as("asking does not change the answer").containsExactlyInAnyOrder("mine", "empty");
        }

        @Test
        @DisplayName("LOST_WRITE_RESOLUTION: a part that failed, or another part with the same name from another flush, committed nothing")
        void othersWritesAreNotOurs() throws SQLException {
            assumeCapability(Capability.LOST_WRITE_RESOLUTION);
            TableInfo table = newTable();
            Part failed = part(table, List.of(new Part.Block("f", 0, 2)), WINDOW, row(1, "f1", 1.0, "x"), row(1, "f1 clash", 2.0, "x"));
            assertFailsWithDataError(() -> storage.writePart(failed));
            assertThat(storage.committedBlocks(failed)).as("a failed write").isEmpty();

            Part first = new Part(table.database(), table.name(), table.columns(), List.<Object[]>of(row(2, "first", 2.0, "x")), "same-name",
                    "flush-1", List.of(new Part.Block("shared", 0, 1)), WINDOW);
            Part second = new Part(table.database(), table.name(), table.columns(), List.<Object[]>of(row(3, "second", 3.0, "x")), "same-name",
                    "flush-2", List.of(new Part.Block("shared", 0, 1)), WINDOW);
            storage.writePart(first);
            assertThat(storage.committedBlocks(second)).as("the same id and part name, recorded by another flush").isEmpty();
            assertThat(storage.committedBlocks(first)).containsExactly("shared");
        }

        @Test
        @DisplayName("LOST_WRITE_RESOLUTION and MULTI_PART_TRANSACTION: each part of one writeParts answers its own blocks")
        void eachPartOfOneTransaction() throws SQLException {
            assumeCapability(Capability.LOST_WRITE_RESOLUTION);
            assumeCapability(Capability.MULTI_PART_TRANSACTION);
            TableInfo table = newTable();
            Part one = part(table, List.of(new Part.Block("g", 0, 1)), WINDOW, row(1, "g", 1.0, "x"));
            Part two = part(table, List.of(new Part.Block("g", 0, 1), new Part.Block("h", 1, 1)), WINDOW, row(2, "g again", 2.0, "x"),
                    row(3, "h", 3.0, "x"));
            storage.writeParts(List.of(one, two));
            assertThat(storage.committedBlocks(one)).containsExactly("g");
            assertThat(storage.committedBlocks(two)).containsExactly("h");
        }

        @Test
        @DisplayName("without LOST_WRITE_RESOLUTION: committedBlocks refuses with SQLFeatureNotSupportedException")
        void refusedWithoutTheCapability() throws SQLException {
            Assumptions.assumeFalse(has(Capability.LOST_WRITE_RESOLUTION), "the storage declares LOST_WRITE_RESOLUTION");
            TableInfo table = newTable();
            assertThatThrownBy(() -> storage.committedBlocks(part(table, List.of(new Part.Block("a", 0, 1)), WINDOW, row(1, "a", 1.0, "x"))))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }

    @Nested
    @DisplayName("Closing")
    class Closing {
        @Test
        @DisplayName("closing twice is harmless")
        void closeTwice() throws SQLException {
            TableInfo table = newTable();
            storage.writePart(part(table, row(1, "a", 1.0, "x")));
            storage.close();
            assertThatCode(storage::close).doesNotThrowAnyException();
        }

        @Test
        @DisplayName("after close, writePart and table() fail with an SQLException")
        void closedRefuses() throws SQLException {
            TableInfo table = newTable();
            storage.close();
            assertThatThrownBy(() -> storage.writePart(part(table, row(1, "a", 1.0, "x")))).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> storage.table(null, table.name())).isInstanceOf(SQLException.class);
        }
    }

    private void assumeCapability(Capability capability) {
        Assumptions.assumeTrue(has(capability), "the storage does not declare " + capability);
    }
}

package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The storage against MariaDB with its own dialect: multi-row INSERTs sized under max_allowed_packet. */
class MariaDbStorageTest extends StorageContractTest {
    @Override
    TestServers.Server server() {
        return TestServers.Server.MARIADB;
    }

    @Override
    String expectedDialect() {
        return "mariadb";
    }

    @Override
    List<TypedColumn> typedColumns() {
        return List.of(
                new TypedColumn("i", "BIGINT", ValueType.INTEGER),
                new TypedColumn("r", "DOUBLE", ValueType.REAL),
                new TypedColumn("n", "DECIMAL(30,10)", ValueType.NUMERIC),
                new TypedColumn("f", "BOOLEAN", ValueType.BOOLEAN),
                new TypedColumn("t", "LONGTEXT", ValueType.TEXT),
                new TypedColumn("v", "VARCHAR(6000)", ValueType.TEXT),
                new TypedColumn("bl", "LONGBLOB", ValueType.BLOB),
                new TypedColumn("d", "DATE", ValueType.DATE),
                new TypedColumn("ts", "DATETIME(6)", ValueType.TIMESTAMP),
                new TypedColumn("u", "UUID", ValueType.UUID));
    }

    /**
     * Polls the process list for the storage's ledger INSERT of this table's key, which can only be waiting for
     * the other transaction's uncommitted id. (INNODB_TRX would be simpler, but MariaDB refreshes that table
     * only after 100 ms without readers, which polling never allows.)
     */
    @Override
    void awaitLockWait(Connection other, String tableKey, Future<?> write) throws Exception {
        try (PreparedStatement statement = admin.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND = 'Query' AND INFO LIKE CONCAT('INSERT INTO %sluice_ledger%', ?, '%')")) {
            statement.setString(1, tableKey);
            pollUntilWaiting(statement, write);
        }
    }

    @Test
    @DisplayName("MariaDB types map to value domains with their limits, UNSIGNED ranges included; a nullable column without default has none")
    void metadataMapping() throws SQLException {
        String name = createTable(uniqueName("mymeta"), "a BIGINT AUTO_INCREMENT PRIMARY KEY, b INT UNSIGNED, c TINYINT,"
                + " d TINYINT UNSIGNED,"
                + " e TINYINT(1), f BIT(1), g SMALLINT UNSIGNED, h MEDIUMINT, i VARCHAR(10) NOT NULL DEFAULT 'x', j DECIMAL(10,2),"
                + " k JSON, l BLOB, m TINYBLOB, n VARBINARY(20), o DATETIME(6), p TIMESTAMP NULL, q DATE, r INT AS (b * 2) VIRTUAL,"
                + " s DOUBLE, t FLOAT, u UUID, v ENUM('a','b'), w TEXT, x CHAR(3), y YEAR, aa BIGINT UNSIGNED, ab MEDIUMINT UNSIGNED,"
                + " ac SMALLINT, ad INT NOT NULL, ae VARCHAR(5) DEFAULT 'NULL', af INT DEFAULT NULL");
        TableInfo info = table(name);
        assertThat(info.database()).isEqualTo("test");
        assertColumn(info, "a", ValueType.INTEGER, "BIGINT", false, true, true, -1, Long.MIN_VALUE, Long.MAX_VALUE);
        assertColumn(info, "b", ValueType.INTEGER, "INT UNSIGNED", true, false, true, -1, 0, 4_294_967_295L);
        assertColumn(info, "c", ValueType.INTEGER, "TINYINT", true, false, true, -1, -128, 127);
        assertColumn(info, "d", ValueType.INTEGER, "TINYINT UNSIGNED", true, false, true, -1, 0, 255);
        assertThat(info.column("e").orElseThrow().type()).isEqualTo(ValueType.BOOLEAN);
        assertThat(info.column("f").orElseThrow().type()).isEqualTo(ValueType.BOOLEAN);
        assertColumn(info, "g", ValueType.INTEGER, "SMALLINT UNSIGNED", true, false, true, -1, 0, 65535);
        assertColumn(info, "h", ValueType.INTEGER, "MEDIUMINT", true, false, true, -1, -8_388_608, 8_388_607);
        assertColumn(info, "i", ValueType.TEXT, "VARCHAR(10)", false, true, true, 10, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(info.column("j").orElseThrow()).as("strict mode, MariaDB's default: with precision and scale")
                .isEqualTo(new ColumnInfo("j", "DECIMAL(10,2)", ValueType.NUMERIC, true, false, true, -1, Long.MIN_VALUE, Long.MAX_VALUE, 10, 2));
        assertThat(info.column("k").orElseThrow().type()).as("JSON is LONGTEXT in MariaDB").isEqualTo(ValueType.TEXT);
        assertThat(info.column("l").orElseThrow().type()).isEqualTo(ValueType.BLOB);
        assertThat(info.column("l").orElseThrow().maxLength()).isEqualTo(65535);
        assertThat(info.column("m").orElseThrow().maxLength()).isEqualTo(255);
        assertColumn(info, "n", ValueType.BLOB, "VARBINARY(20)", true, false, true, 20, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(info.column("o").orElseThrow().type()).isEqualTo(ValueType.TIMESTAMP);
        assertThat(info.column("p").orElseThrow().type()).isEqualTo(ValueType.TIMESTAMP);
        assertThat(info.column("q").orElseThrow().type()).isEqualTo(ValueType.DATE);
        assertThat(info.column("r").orElseThrow().insertable()).isFalse();
        assertThat(info.column("s").orElseThrow().type()).isEqualTo(ValueType.REAL);
        assertThat(info.column("t").orElseThrow().type()).isEqualTo(ValueType.REAL);
        assertThat(info.column("u").orElseThrow().type()).isEqualTo(ValueType.UUID);
        assertColumn(info, "v", ValueType.ANY, "ENUM", true, false, true, -1, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(info.column("w").orElseThrow().type()).isEqualTo(ValueType.TEXT);
        assertThat(info.column("x").orElseThrow().maxLength()).isEqualTo(3);
        assertThat(info.column("y").orElseThrow().type()).as("YEAR is reported as DATE by the driver").isEqualTo(ValueType.ANY);
        assertColumn(info, "aa", ValueType.INTEGER, "BIGINT UNSIGNED", true, false, true, -1, 0, Long.MAX_VALUE);
        assertColumn(info, "ab", ValueType.INTEGER, "MEDIUMINT UNSIGNED", true, false, true, -1, 0, 16_777_215);
        assertColumn(info, "ac", ValueType.INTEGER, "SMALLINT", true, false, true, -1, -32768, 32767);
        assertColumn(info, "ad", ValueType.INTEGER, "INT", false, false, true, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(info.column("ae").orElseThrow().hasDefault()).as("the string 'NULL' is a default").isTrue();
        assertThat(info.column("af").orElseThrow().hasDefault()).as("DEFAULT NULL is what a nullable column has anyway").isFalse();
    }

    @Test
    @DisplayName("DECIMAL precision and scale are read in strict mode, with UNSIGNED refusing negatives")
    void decimalPrecision() throws SQLException {
        String name = createTable(uniqueName("mydecimal"), "a DECIMAL(5,2), b DECIMAL, c DECIMAL(65,30) UNSIGNED");
        TableInfo info = table(name);
        assertThat(info.column("a").orElseThrow()).extracting(ColumnInfo::precision, ColumnInfo::scale, ColumnInfo::minValue)
                .containsExactly(5, 2, Long.MIN_VALUE);
        assertThat(info.column("b").orElseThrow()).extracting(ColumnInfo::precision, ColumnInfo::scale).containsExactly(10, 0);
        assertThat(info.column("c").orElseThrow()).extracting(ColumnInfo::precision, ColumnInfo::scale, ColumnInfo::minValue)
                .containsExactly(65, 30, 0L);
    }

    @Test
    @DisplayName("Statements are cut under a small statement size, and every row arrives")
    void smallStatements() throws SQLException {
        String name = createTable(uniqueName("small"), "n BIGINT NOT NULL, s VARCHAR(200)");
        TableInfo info = table(name);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 3000; i++) {
            rows.add(new Object[] {i, "value " + i + " 'quoted' \\ and padded " + "x".repeat(60)});
        }
        try (JdbcStorage small = create(Map.of(JdbcSettings.MAX_STATEMENT_BYTES, "4096"))) {
            MariaDbDialect dialect = (MariaDbDialect) small.dialect();
            assertThat(dialect.maxStatementBytes()).isEqualTo(4096);
            small.writePart(part(info, info.columns(), rows));
            // The same rows through the sizing path directly, counting statements: ~100 bytes a row, 4 KiB a statement.
            admin.setAutoCommit(false);
            int statements = MultiRowInsert.sized(admin, dialect, part(info, info.columns(), rows), new int[] {0, 1}, 0, rows.size(),
                    dialect.maxStatementBytes(), Long.MAX_VALUE, MariaDbDialect::literalBytes);
            admin.commit();
            assertThat(statements).isBetween(60, 120);
        } finally {
            admin.setAutoCommit(true);
        }
        try (Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT n), SUM(n) FROM " + quote(name))) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(6000);
            assertThat(result.getLong(2)).isEqualTo(3000);
            assertThat(result.getLong(3)).isEqualTo(2 * (2999L * 3000 / 2));
        }
    }

    @Test
    @DisplayName("On MariaDB Connector/J a part goes as one prepared row in bulk batches of 10,000, and stores what the plain driver stores")
    void partsGoInBulkBatches() throws Exception {
        String columns = "n BIGINT NOT NULL, s VARCHAR(40), d DOUBLE, m DECIMAL(12,3), t DATETIME(3)";
        String name = createTable(uniqueName("bulk"), columns);
        String plain = createTable(uniqueName("bulkplain"), columns);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 25_000; i++) {
            rows.add(new Object[] {i, i % 7 == 0 ? null : "row " + i + " 'q' \\", i * 0.25, new java.math.BigDecimal(i).movePointLeft(3),
                    java.time.LocalDateTime.of(2026, 12, 7, 10, 0).plusNanos(i * 1_000_000L)});
        }
        java.util.Properties properties = properties();
        RecordingDataSource source = new RecordingDataSource(target(), properties, connection -> true);
        JdbcStorage bulk = (JdbcStorage) new JdbcStoragePlugin.Factory().create(io.sluice.spi.PluginConfig.of(Map.of()),
                new io.sluice.spi.PluginContext(new io.sluice.spi.ManualClock(), target(), properties, source));
        try {
            TableInfo info = bulk.table(null, name).orElseThrow();
            source.clear();
            bulk.writePart(part(info, info.columns(), rows));
            List<String> calls = source.calls();
            assertThat(calls.stream().filter(call -> call.startsWith("prepareStatement INSERT INTO")))
                    .containsExactly("prepareStatement INSERT INTO `" + info.database() + "`.`" + name + "` (`n`, `s`, `d`, `m`, `t`) VALUES (?, ?, ?, ?, ?)");
            assertThat(calls.stream().filter(call -> call.equals("executeBatch"))).hasSize(3);
        } finally {
            bulk.close();
        }
        try (java.sql.PreparedStatement insert = admin.prepareStatement("INSERT INTO " + quote(plain) + " VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*), (SELECT COUNT(*) FROM " + quote(name) + " a JOIN " + quote(plain)
                        + " b ON a.n = b.n AND a.s <=> b.s AND a.d = b.d AND a.m = b.m AND a.t = b.t) FROM " + quote(name))) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(25_000);
            assertThat(result.getLong(2)).as("rows equal to the plain driver's in every column").isEqualTo(25_000);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:" + target(), properties)) {
            java.util.Properties none = new java.util.Properties();
            assertThat(MariaDbDialect.sendsBatchesInBulk(connection, "jdbc:mariadb://h/db?useBulkStmts=true", none)).isTrue();
            assertThat(MariaDbDialect.sendsBatchesInBulk(connection, "jdbc:mariadb://h/db?user=u&useBulkStmts=false", none)).isFalse();
            java.util.Properties off = new java.util.Properties();
            off.setProperty("useBulkStmtsForInserts", "false");
            assertThat(MariaDbDialect.sendsBatchesInBulk(connection, "jdbc:mariadb://h/db", off)).isFalse();
        }
    }

    private long maxAllowedPacket() throws SQLException {
        try (Statement statement = admin.createStatement(); ResultSet result = statement.executeQuery("SELECT @@max_allowed_packet")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    @DisplayName("A part larger than max_allowed_packet is split into statements the server accepts")
    void partLargerThanPacket() throws SQLException {
        long packet = maxAllowedPacket();
        assertThat(((MariaDbDialect) storage.dialect()).maxStatementBytes()).isLessThan(packet);
        String name = createTable(uniqueName("big"), "n INTEGER NOT NULL, s LONGTEXT");
        TableInfo info = table(name);
        String chunk = "0123456789abcdef".repeat(32 * 1024);
        int rowsNeeded = (int) (packet * 3 / 2 / chunk.length()) + 1;
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < rowsNeeded; i++) {
            rows.add(new Object[] {i, chunk});
        }
        storage.writePart(part(info, info.columns(), rows));
        try (Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*), SUM(LENGTH(s)) FROM " + quote(name))) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(rowsNeeded);
            assertThat(result.getLong(2)).isEqualTo((long) rowsNeeded * chunk.length());
        }
    }

    @Test
    @DisplayName("One row larger than max_allowed_packet fails as a DATA error, not a transient one")
    void rowLargerThanPacket() throws SQLException {
        long packet = maxAllowedPacket();
        String name = createTable(uniqueName("huge"), "s LONGBLOB");
        TableInfo info = table(name);
        byte[] huge = new byte[(int) packet + 1024];
        Part tooLarge = part(info, info.columns(), List.<Object[]>of(new Object[] {huge}));
        SQLException error = catchThrowableOfType(SQLException.class, () -> storage.writePart(tooLarge));
        assertThat((Object) error).isNotNull();
        assertThat(storage.classify(error)).as(error.toString()).isEqualTo(ErrorKind.DATA);
        assertThat(count(name)).isZero();
        storage.writePart(part(info, info.columns(), List.<Object[]>of(new Object[] {new byte[] {1}})));
        assertThat(count(name)).isOne();
    }

    @Test
    @DisplayName("Booleans (1/0) go into BOOLEAN, BIT(1) and JSON-checked columns as the server expects")
    void booleansAndJson() throws SQLException {
        String name = createTable(uniqueName("bits"), "seq INT NOT NULL, b BOOLEAN, f BIT(1), j JSON");
        TableInfo info = table(name);
        storage.writePart(part(info, info.columns(), List.<Object[]>of(new Object[] {1L, 1L, 1L, "{\"a\": 1}"},
                new Object[] {2L, 0L, 0L, "[]"}, new Object[] {3L, null, null, null})));
        try (Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT b, f + 0, j FROM " + quote(name) + " ORDER BY seq")) {
            List<String> seen = new ArrayList<>();
            while (rows.next()) {
                seen.add(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3));
            }
            assertThat(seen).containsExactly("1/1/{\"a\": 1}", "0/0/[]", "null/null/null");
        }
        // MariaDB checks JSON itself (its JSON is LONGTEXT with a json_valid constraint): a DATA error.
        SQLException error = catchThrowableOfType(SQLException.class,
                () -> storage.writePart(part(info, info.columns(), List.<Object[]>of(new Object[] {4L, 1L, 1L, "{not json"}))));
        assertThat(storage.classify(error)).as(String.valueOf(error)).isEqualTo(ErrorKind.DATA);
    }

    @Test
    @DisplayName("All-default rows use INSERT … () VALUES ()")
    void allDefaultRows() throws SQLException {
        String name = createTable(uniqueName("alldef"), "id BIGINT AUTO_INCREMENT PRIMARY KEY, a INT DEFAULT 5");
        TableInfo info = table(name);
        ColumnInfo a = info.column("a").orElseThrow();
        storage.writePart(part(info, List.of(a), List.<Object[]>of(new Object[] {Part.DEFAULT}, new Object[] {Part.DEFAULT})));
        assertThat(select(name, List.of(a), "id")).containsExactly(List.of(5L), List.of(5L));
    }

    static void assertColumn(TableInfo info, String name, ValueType type, String declared, boolean nullable, boolean hasDefault,
            boolean insertable, int maxLength, long min, long max) {
        PostgresStorageTest.assertColumn(info, name, type, declared, nullable, hasDefault, insertable, maxLength, min, max);
    }

    @Test
    @DisplayName("Sluice's own write pool runs multi-statements: a small part's ids, rows and COMMIT go in one round trip")
    void ownPoolRunsMultiStatements() {
        assertThat(storage.dialect().oneTrip()).isEqualTo(Dialect.OneTrip.MULTI_STATEMENT);
        java.util.Properties given = new java.util.Properties();
        given.setProperty("user", "u");
        assertThat(JdbcStorage.writeProperties("jdbc:mariadb://h/d", given)).containsEntry("allowMultiQueries", "true").containsEntry("user", "u");
        assertThat(given).as("the target's properties, as pass-through connections get them").doesNotContainKey("allowMultiQueries");
        given.setProperty("allowMultiQueries", "false");
        assertThat(JdbcStorage.writeProperties("jdbc:mariadb://h/d", given)).as("the target's own choice").containsEntry("allowMultiQueries", "false");
        assertThat(JdbcStorage.writeProperties("jdbc:postgresql://h/d", new java.util.Properties())).isEmpty();
    }

    @Test
    @DisplayName("A small part of its own run ids records them, inserts its rows and commits in one multi-statement: one round trip;"
            + " a second write of it finds its ids")
    void smallPartOfItsOwnRunIdsIsOneRoundTrip() throws Exception {
        String name = createTable(uniqueName("alone"), "a BIGINT, b VARCHAR(10)");
        java.util.Properties properties = properties();
        properties.setProperty("allowMultiQueries", "true");
        RecordingDataSource source = new RecordingDataSource(target(), properties, connection -> {
            try (Statement statement = connection.createStatement(); ResultSet open = statement.executeQuery("SELECT @@in_transaction")) {
                open.next();
                return open.getInt(1) != 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        JdbcStorage alone = (JdbcStorage) new JdbcStoragePlugin.Factory().create(io.sluice.spi.PluginConfig.of(Map.of()),
                new io.sluice.spi.PluginContext(new io.sluice.spi.ManualClock(), target(), properties, source));
        try {
            assertThat(alone.dialect().oneTrip()).isEqualTo(Dialect.OneTrip.MULTI_STATEMENT);
            TableInfo info = alone.table(null, name).orElseThrow();
            String partName = "part-alone-" + Integer.toHexString(System.identityHashCode(this));
            Part part = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {1L, "x"}, new Object[] {2L, null}),
                    partName, "flush-alone", List.of(new Part.Block(Part.runId("flush-alone", partName, 0), 0, 2)), 100);
            alone.writePart(part);
            source.clear();

            String nextRun = Part.runId("flush-alone", partName + "-2", 0);
            Part next = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {3L, "it's"}), partName + "-2",
                    "flush-alone", List.of(new Part.Block(nextRun, 0, 1)), 100);
            assertThat(alone.writePart(next)).isEmpty();
            List<String> calls = source.callsWhileLent();
            assertThat(calls).as("the write's calls").hasSize(3);
            assertThat(calls.get(0)).startsWith("prepareStatement INSERT INTO `" + info.database() + "`.`sluice_ledger`")
                    .contains("; INSERT INTO `" + info.database() + "`.`" + name + "`").endsWith("; COMMIT");
            assertThat(calls.subList(1, 3)).as("the COMMIT ran in the statement: the driver's commit sends nothing")
                    .containsExactly("executeUpdate", "commit (none open)");
            assertThat(count(name)).isEqualTo(3);
            assertThat(alone.committedBlocks(next)).containsExactly(nextRun);

            // Written again, as after a lost answer: the ids are found (in a transaction, with lookups) and the rows skipped.
            assertThat(alone.writePart(next)).containsExactly(nextRun);
            assertThat(count(name)).isEqualTo(3);
        } finally {
            alone.close();
        }
    }

    @Test
    @DisplayName("A small part whose row fails in the multi-statement commits neither its ids nor its rows")
    void failedRowOfAOneRoundTripPartLeavesNoId() throws Exception {
        String name = createTable(uniqueName("alonebad"), "a BIGINT NOT NULL, b VARCHAR(3)");
        TableInfo info = table(name);
        String partName = "part-bad-" + Integer.toHexString(System.identityHashCode(this));
        String run = Part.runId("flush-bad", partName, 0);
        Part bad = new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {1L, "x"}, new Object[] {2L, "too long"}),
                partName, "flush-bad", List.of(new Part.Block(run, 0, 2)), 100);
        assertThat(storage.ledgerRecordsWithRows(bad)).as("written in one round trip").isTrue();
        SQLException refused = catchThrowableOfType(SQLException.class, () -> storage.writePart(bad));
        assertThat((Throwable) refused).isNotNull();
        assertThat(storage.classify(refused)).isEqualTo(ErrorKind.DATA);
        assertThat(count(name)).isZero();
        assertThat(storage.committedBlocks(bad)).as("the ids recorded before the failing INSERT were rolled back").isEmpty();
        // The connection is usable again: the next write of the table commits.
        storage.writePart(new Part(info.database(), info.name(), info.columns(), List.<Object[]>of(new Object[] {3L, "ok"}), partName + "-2",
                "flush-bad", List.of(new Part.Block(Part.runId("flush-bad", partName + "-2", 0), 0, 1)), 100));
        assertThat(count(name)).isOne();
    }
}

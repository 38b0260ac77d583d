package io.sluice.plugin.jdbc;

import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * MariaDB and MySQL: identifiers in backticks, databases are catalogs, rows go through multi-row INSERTs
 * cut so that each statement stays under the server's {@code max_allowed_packet} (read once when the
 * storage starts) and the protocol's 65535-placeholder limit.
 *
 * <p>Statement sizes are estimated from above for the text protocol MariaDB Connector/J and MySQL
 * Connector/J use by default (client-side prepared statements: every value inlined as an escaped literal);
 * server-side prepared statements send less, so the estimate holds for them too.
 */
final class MariaDbDialect extends Dialect {
    /** The protocol's limit on placeholders in one (server-side) prepared statement. */
    static final int MAX_PARAMETERS = 65535;
    /** Left free in every packet for the protocol's own bytes. */
    static final int PACKET_MARGIN = 1024;

    // MariaDB/MySQL server error numbers.
    static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    static final int ER_LOCK_DEADLOCK = 1213;
    static final int ER_CON_COUNT_ERROR = 1040;
    static final int ER_NET_PACKET_TOO_LARGE = 1153;
    static final int ER_QUERY_INTERRUPTED = 1317;
    static final int ER_CONNECTION_KILLED = 1927;

    /** Rows per {@code INSERT … () VALUES (), ()…} of rows that take every default. */
    private static final int DEFAULT_ROWS_PER_STATEMENT = 10_000;

    private final long maxStatementBytes;
    private final long maxAllowedPacket;
    /** Whether the write connections run several statements sent as one ({@code allowMultiQueries}). */
    private final boolean multiStatements;
    /** Whether a part's rows go as one prepared row in JDBC batches, which MariaDB Connector/J sends in bulk. */
    private final boolean bulkBatches;

    /**
     * @param maxStatementBytes the largest statement to build: the smaller of {@code jdbc_max_statement_bytes}
     *     and the server's {@code max_allowed_packet} less a margin
     * @param maxAllowedPacket the server's {@code max_allowed_packet}: a single row beyond it is refused
     *     before it is sent, since the server answers it by closing the connection
     */
    MariaDbDialect(long maxStatementBytes, long maxAllowedPacket) {
        this(maxStatementBytes, maxAllowedPacket, false);
    }

    /**
     * @param multiStatements whether the write connections run several statements sent as one: a small part's
     *     ledger ids, rows and COMMIT then go in one round trip ({@link OneTrip#MULTI_STATEMENT})
     */
    MariaDbDialect(long maxStatementBytes, long maxAllowedPacket, boolean multiStatements) {
        this(maxStatementBytes, maxAllowedPacket, multiStatements, false);
    }

    /**
     * @param bulkBatches whether to write a part's rows as one prepared single-row INSERT in JDBC batches: true
     *     only for MariaDB Connector/J on a MariaDB server with its bulk protocol on ({@link #sendsBatchesInBulk}),
     *     which sends a batch as one {@code COM_STMT_BULK_EXECUTE}; otherwise multi-row INSERTs
     */
    MariaDbDialect(long maxStatementBytes, long maxAllowedPacket, boolean multiStatements, boolean bulkBatches) {
        this.maxStatementBytes = maxStatementBytes;
        this.maxAllowedPacket = maxAllowedPacket;
        this.multiStatements = multiStatements;
        this.bulkBatches = bulkBatches;
    }

    /**
     * Whether JDBC batches on {@code connection} go to the server in bulk: MariaDB Connector/J talking to a
     * MariaDB server, unless the URL or the connection properties turn the driver's bulk protocol off
     * ({@code useBulkStmts=false} or {@code useBulkStmtsForInserts=false}, with
     * which each row of a batch would be a round trip of its own). MySQL servers and MySQL Connector/J get
     * multi-row INSERTs.
     */
    static boolean sendsBatchesInBulk(Connection connection, String url, java.util.Properties properties) throws SQLException {
        java.sql.DatabaseMetaData meta = connection.getMetaData();
        String driver = String.valueOf(meta.getDriverName()).toLowerCase(Locale.ROOT);
        String product = String.valueOf(meta.getDatabaseProductName()).toLowerCase(Locale.ROOT);
        return driver.contains("mariadb") && product.contains("mariadb") && !turnedOff(url, properties, "useBulkStmts")
                && !turnedOff(url, properties, "useBulkStmtsForInserts");
    }

    /** Whether the driver option {@code name} is set to false, as a connection property or in the URL's query. */
    private static boolean turnedOff(String url, java.util.Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null) {
            int query = url.indexOf('?');
            for (String pair : query < 0 ? new String[0] : url.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).equalsIgnoreCase(name)) {
                    value = pair.substring(equals + 1);
                }
            }
        }
        return "false".equalsIgnoreCase(value);
    }

    /**
     * Whether {@code connection} runs several statements sent as one: MariaDB Connector/J and MySQL Connector/J
     * do with {@code allowMultiQueries=true} (which Sluice's own write pool sets), and the server refuses them
     * otherwise. The probe runs with the connection's autocommit as it is and changes no data.
     */
    static boolean runsMultiStatements(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DO 1; DO 2");
            while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                // Every result read, so that the connection is ready for the next statement.
            }
            return true;
        } catch (SQLException refused) {
            if (ErrorClassifier.sessionLost(refused)) {
                throw refused;
            }
            return false;
        }
    }

    /** With multi-statements on: ledger ids, rows and COMMIT in one round trip. */
    @Override
    OneTrip oneTrip() {
        return multiStatements ? OneTrip.MULTI_STATEMENT : null;
    }

    /** The rows, the ledger's ids and the statements' own text stay within {@link #maxStatementBytes}. */
    @Override
    boolean fitsOneTrip(Part part) {
        long bytes = PACKET_MARGIN;
        for (Object[] row : part.rows()) {
            for (int c = 0; c < part.columns().size(); c++) {
                bytes += literalBytes(row[c]) + 2;
            }
        }
        // Each block: three keys of at most MAX_KEY_LENGTH characters, escaped and quoted.
        bytes += (long) part.blocks().size() * 3 * (2 + 2L * 4 * JdbcLedger.MAX_KEY_LENGTH);
        return bytes <= maxStatementBytes;
    }

    /** The statement bound for a server whose {@code max_allowed_packet} is {@code packet}. */
    static long statementBytes(long configured, long packet) {
        long usable = packet > 2L * PACKET_MARGIN ? packet - PACKET_MARGIN : packet / 2;
        return Math.max(1, Math.min(configured, usable));
    }

    long maxStatementBytes() {
        return maxStatementBytes;
    }

    @Override
    String name() {
        return "mariadb";
    }

    /** Where InnoDB lists its tables' ids: MariaDB's view, MySQL 8's; -1 once neither could be read. */
    private volatile int innodbTables;
    private static final String[] INNODB_TABLES = {"information_schema.INNODB_SYS_TABLES", "information_schema.INNODB_TABLES"};

    /**
     * {@code created=<CREATE_TIME>;id=<InnoDB table id>}. The creation time has whole seconds only, so the InnoDB
     * table id, new for every table InnoDB creates, tells apart a table dropped and created again within the
     * second; it needs the PROCESS privilege, and without it the creation time alone decides. InnoDB gives a
     * table a new id when TRUNCATE or an ALTER that copies the table recreates it: its ids are forgotten then too.
     */
    @Override
    String tableIdentity(Connection connection, String database, String table) throws SQLException {
        String created;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT CREATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet found = statement.executeQuery()) {
                if (!found.next()) {
                    return null;
                }
                created = found.getString(1);
            }
        }
        String id = innodbTableId(connection, database, table);
        return "created=" + created + (id == null ? "" : ";id=" + id);
    }

    private String innodbTableId(Connection connection, String database, String table) throws SQLException {
        // InnoDB names a table database/table in the file-name encoding: plain names only, the others go without.
        if (innodbTables < 0 || !database.matches("[A-Za-z0-9_]+") || !table.matches("[A-Za-z0-9_]+")) {
            return null;
        }
        for (int i = Math.max(innodbTables, 0); i < INNODB_TABLES.length; i++) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT TABLE_ID FROM " + INNODB_TABLES[i] + " WHERE NAME = ?")) {
                statement.setString(1, database + "/" + table);
                try (ResultSet found = statement.executeQuery()) {
                    innodbTables = i;
                    return found.next() ? found.getString(1) : null;
                }
            } catch (SQLException unreadable) {
                if (ErrorClassifier.sessionLost(unreadable)) {
                    // The connection died, which says nothing about the view: the write fails and is retried.
                    throw unreadable;
                }
                // Not this server's view, or no PROCESS privilege: a failed query leaves MariaDB's transaction open.
            }
        }
        innodbTables = -1;
        return null;
    }

    /** The same table when created at the same time and, where both know it, with the same InnoDB id. */
    @Override
    boolean sameTable(String remembered, String current) {
        String[] was = remembered.split(";id=", 2);
        String[] is = current.split(";id=", 2);
        return was[0].equals(is[0]) && (was.length < 2 || is.length < 2 || was[1].equals(is[1]));
    }

    @Override
    boolean databaseIsCatalog() {
        return true;
    }

    @Override
    boolean mysqlFamily() {
        return true;
    }

    /**
     * In strict mode ({@code STRICT_TRANS_TABLES} or {@code STRICT_ALL_TABLES} in the connection's
     * {@code sql_mode}, the default) MariaDB refuses a DECIMAL(p, s) value whose integer digits exceed p - s
     * ("Out of range value", 1264) and rounds excess fraction digits half away from zero with a note. Without
     * strict mode it clamps an out-of-range value to the column's limit with a warning instead: no rule, as the
     * write does not fail.
     */
    @Override
    int[] decimalLimits(Connection connection, int columnSize, int decimalDigits) throws SQLException {
        if (columnSize <= 0 || decimalDigits < 0 || !strict(connection)) {
            return null;
        }
        return new int[] {columnSize, decimalDigits};
    }

    private static boolean strict(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT @@SESSION.sql_mode")) {
            String mode = rows.next() ? rows.getString(1) : null;
            return mode != null && mode.toUpperCase(Locale.ROOT).contains("STRICT_");
        }
    }

    @Override
    char quoteCharacter() {
        return '`';
    }

    @Override
    int maxParameters() {
        return MAX_PARAMETERS;
    }

    /**
     * {@code INSERT INTO t () VALUES (), ()…} as plain statements: they carry no values, and Connector/J's
     * batch protocol refuses a prepared statement without parameters.
     */
    @Override
    void insertDefaultRows(Connection connection, String qualifiedTable, int count) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (int done = 0; done < count; done += DEFAULT_ROWS_PER_STATEMENT) {
                int rows = Math.min(DEFAULT_ROWS_PER_STATEMENT, count - done);
                StringBuilder sql = new StringBuilder(qualifiedTable.length() + 24 + 4 * rows)
                        .append("INSERT INTO ").append(qualifiedTable).append(" () VALUES ()");
                for (int row = 1; row < rows; row++) {
                    sql.append(", ()");
                }
                statement.executeUpdate(sql.toString());
            }
        }
    }

    @Override
    void insert(Connection connection, Part part, int[] written, int from, int to) throws SQLException {
        if (bulkBatches && written.length > 0 && to - from > 1 && !floatingIntoOtherType(part, written, from, to)) {
            MultiRowInsert.bulk(connection, this, part, written, from, to, maxAllowedPacket, MariaDbDialect::literalBytes);
            return;
        }
        MultiRowInsert.sized(connection, this, part, written, from, to, maxStatementBytes, maxAllowedPacket,
                MariaDbDialect::literalBytes);
    }

    /**
     * Whether a float or double value goes into a column that is not floating-point. The bulk protocol sends it
     * as a binary double, which the server converts otherwise than the number literal Connector/J sends for a
     * single INSERT ({@code -0.0} into a TEXT column: {@code 0} against {@code 0.0}); such a part is written as
     * multi-row INSERTs so that it stores what the application's own driver stores.
     */
    static boolean floatingIntoOtherType(Part part, int[] written, int from, int to) {
        List<io.sluice.spi.ColumnInfo> columns = part.columns();
        List<Object[]> rows = part.rows();
        for (int column : written) {
            if (columns.get(column).type() == io.sluice.spi.ValueType.REAL) {
                continue;
            }
            for (int r = from; r < to; r++) {
                Object value = rows.get(r)[column];
                if (value instanceof Double || value instanceof Float) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The most bytes a value takes as an escaped literal in the text protocol. */
    static long literalBytes(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return 2 + escapedUtf8Length(text);
        }
        if (value instanceof byte[] bytes) {
            long length = 10; // _binary '…'
            for (byte b : bytes) {
                length += needsEscape(b) ? 2 : 1;
            }
            return length;
        }
        if (value instanceof BigDecimal number) {
            return number.precision() + (long) Math.abs(number.scale()) + 3;
        }
        // Long (at most 20 characters), Double (at most 24), Boolean.
        return 25;
    }

    private static long escapedUtf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += needsEscape((byte) c) ? 2 : 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                // A surrogate pair is 4 bytes for 2 chars.
                length += 2;
            } else {
                length += 3;
            }
        }
        return length;
    }

    private static boolean needsEscape(byte b) {
        return b == '\'' || b == '"' || b == '\\' || b == 0 || b == '\n' || b == '\r' || b == 26;
    }

    @Override
    ErrorKind classifyVendor(SQLException error) {
        return switch (error.getErrorCode()) {
            case ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK, ER_CON_COUNT_ERROR, ER_QUERY_INTERRUPTED, ER_CONNECTION_KILLED ->
                    ErrorKind.TRANSIENT;
            // Reported with SQLState 08S01 like a lost connection, but caused by a row too large to send: retrying
            // fails again, writing fewer rows may not.
            case ER_NET_PACKET_TOO_LARGE -> ErrorKind.DATA;
            default -> null;
        };
    }

    @Override
    List<String> ledgerDdl(String database) {
        // Binary collation: ids are compared exactly (the default collations ignore case). 255 characters of
        // utf8mb4 keep the two-column unique key within InnoDB's 3072-byte limit.
        String text = " VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL";
        return List.of("CREATE TABLE IF NOT EXISTS " + qualify(database, LEDGER_TABLE) + " (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " table_name" + text + ", block_id" + text + ", part_name" + text + ","
                + " UNIQUE KEY " + LEDGER_UNIQUE_KEY + " (table_name, block_id), KEY " + LEDGER_TABLE + "_by_table (table_name, seq))"
                + " ENGINE=InnoDB");
    }
}

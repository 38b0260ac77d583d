package io.sluice.plugin.sqlite;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Writes parts into an SQLite database file. SQLite has one writer at a time, so parts are written
 * through one dedicated connection under a lock, each in a {@code BEGIN IMMEDIATE} transaction; readers
 * and pass-through statements use connections of their own. Thread-safe.
 */
final class SqliteStorage implements Storage {
    private final String url;
    private final Properties properties;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final SqliteLedger ledger = new SqliteLedger();
    private boolean closed;

    SqliteStorage(String target, Properties targetProperties, String journalMode, String synchronous, long busyTimeoutMillis)
            throws SQLException {
        this.url = "jdbc:" + target;
        this.properties = new Properties();
        this.properties.putAll(targetProperties);
        this.properties.putIfAbsent("busy_timeout", Long.toString(busyTimeoutMillis));
        this.writer = openConnection();
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA journal_mode=" + journalMode);
            statement.execute("PRAGMA synchronous=" + synchronous);
        } catch (SQLException e) {
            writer.close();
            throw e;
        }
    }

    @Override
    public String defaultDatabase() {
        return "main";
    }

    @Override
    public Connection openConnection() throws SQLException {
        Connection connection = new org.sqlite.JDBC().connect(url, properties);
        if (connection == null) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Not an SQLite URL: " + url);
        }
        return connection;
    }

    @Override
    public Optional<TableInfo> table(String database, String table) throws SQLException {
        String schema = database == null ? defaultDatabase() : database;
        writeLock.lock();
        try {
            checkOpen();
            if (!schemaExists(schema)) {
                throw new SluiceSqlException(ErrorCode.UNKNOWN_DATABASE, "Database " + schema + " does not exist");
            }
            String name;
            try (PreparedStatement statement = writer.prepareStatement(
                    "SELECT name FROM " + quote(schema) + ".sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    name = rows.getString(1);
                }
            }
            List<ColumnInfo> columns = new ArrayList<>();
            int primaryKeyColumns = 0;
            int integerKey = -1;
            try (Statement statement = writer.createStatement();
                    ResultSet rows = statement.executeQuery("PRAGMA " + quote(schema) + ".table_xinfo(" + quote(name) + ")")) {
                while (rows.next()) {
                    String declared = rows.getString("type") == null ? "" : rows.getString("type");
                    if (rows.getInt("pk") != 0) {
                        primaryKeyColumns++;
                        if (declared.trim().equalsIgnoreCase("INTEGER")) {
                            integerKey = columns.size();
                        }
                    }
                    columns.add(new ColumnInfo(rows.getString("name"), declared, SqliteTypes.valueType(declared),
                            rows.getInt("notnull") == 0, rows.getString("dflt_value") != null, rows.getInt("hidden") == 0,
                            -1, Long.MIN_VALUE, Long.MAX_VALUE));
                }
            }
            if (primaryKeyColumns == 1 && integerKey >= 0) {
                // A lone INTEGER PRIMARY KEY aliases the rowid: SQLite assigns it when the value is NULL or omitted.
                ColumnInfo key = columns.get(integerKey);
                columns.set(integerKey, new ColumnInfo(key.name(), key.declaredType(), key.type(), true, true,
                        key.insertable(), key.maxLength(), key.minValue(), key.maxValue()));
            }
            return Optional.of(new TableInfo(schema, name, columns));
        } finally {
            writeLock.unlock();
        }
    }

    private boolean schemaExists(String schema) throws SQLException {
        try (Statement statement = writer.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA database_list")) {
            while (rows.next()) {
                if (rows.getString("name").equalsIgnoreCase(schema)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public Set<String> writePart(Part part) throws SQLException {
        return writeParts(List.of(part));
    }

    @Override
    public boolean supportsLedger() {
        return true;
    }

    @Override
    public Set<String> writeParts(List<Part> parts) throws SQLException {
        writeLock.lock();
        try {
            checkOpen();
            if (parts.stream().anyMatch(part -> !part.blocks().isEmpty())) {
                // The ledger's DDL runs before the write transaction: a rolled-back part must not drop the ledger table.
                ledger.prepare(writer);
            }
            try (Statement statement = writer.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
            boolean committed = false;
            Set<String> skipped = Set.of();
            try {
                for (Part part : parts) {
                    if (part.blocks().isEmpty()) {
                        insertRows(writer, part, true);
                    } else {
                        if (skipped.isEmpty()) {
                            skipped = new HashSet<>();
                        }
                        insertRows(writer, ledger.filter(writer, part, skipped), true);
                    }
                }
                try (Statement statement = writer.createStatement()) {
                    statement.execute("COMMIT");
                }
                committed = true;
            } finally {
                if (!committed) {
                    rollbackQuietly();
                }
            }
            return skipped;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * SQLite's COMMIT runs in this process and either returns or fails, leaving the transaction to be rolled
     * back here: a failed write never committed.
     */
    @Override
    public boolean writeOutcomeCanBeUnknown() {
        return false;
    }

    /**
     * Reads the ledger through the writer connection, under the write lock and outside any transaction. An SQLite
     * write's outcome is never unknown ({@link #writeOutcomeCanBeUnknown()}); this answers for engines that ask
     * anyway.
     */
    @Override
    public Set<String> committedBlocks(Part part) throws SQLException {
        if (part.blocks().isEmpty()) {
            return Set.of();
        }
        writeLock.lock();
        try {
            checkOpen();
            return ledger.recordedBy(writer, part);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void writeRows(Connection connection, Part part) throws SQLException {
        insertRows(connection, part, false);
    }

    /**
     * Inserts the rows in order. Rows that leave different columns to their defaults need different
     * INSERT column lists, so consecutive rows with the same defaulted columns share one batch.
     */
    private void insertRows(Connection connection, Part part, boolean cacheStatements) throws SQLException {
        List<ColumnInfo> columns = part.columns();
        List<Object[]> rows = part.rows();
        int start = 0;
        while (start < rows.size()) {
            String mask = defaultMask(rows.get(start));
            int end = start + 1;
            while (end < rows.size() && mask.equals(defaultMask(rows.get(end)))) {
                end++;
            }
            String sql = insertSql(part, columns, mask);
            PreparedStatement statement = cacheStatements ? statements.get(sql) : null;
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                if (cacheStatements) {
                    statements.put(sql, statement);
                }
            }
            try {
                for (int r = start; r < end; r++) {
                    Object[] row = rows.get(r);
                    int parameter = 1;
                    for (int c = 0; c < row.length; c++) {
                        if (row[c] != Part.DEFAULT) {
                            bind(statement, parameter++, row[c]);
                        }
                    }
                    statement.addBatch();
                }
                // sqlite-jdbc's executeBatch is executeLargeBatch plus a stream copying its counts into an int[].
                statement.executeLargeBatch();
            } catch (SQLException e) {
                statement.clearBatch();
                throw e;
            } finally {
                if (!cacheStatements) {
                    statement.close();
                }
            }
            start = end;
        }
    }

    /** Which columns of a row are left to their default: "" for none, the common case. */
    private static String defaultMask(Object[] row) {
        StringBuilder mask = null;
        for (int c = 0; c < row.length; c++) {
            if (row[c] == Part.DEFAULT) {
                if (mask == null) {
                    mask = new StringBuilder();
                }
                mask.append(c).append(',');
            }
        }
        return mask == null ? "" : mask.toString();
    }

    private static String insertSql(Part part, List<ColumnInfo> columns, String mask) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(part.database())).append('.').append(quote(part.table()));
        StringBuilder values = new StringBuilder();
        String[] defaulted = mask.isEmpty() ? new String[0] : mask.split(",");
        int written = 0;
        sql.append(" (");
        for (int c = 0; c < columns.size(); c++) {
            if (isDefaulted(defaulted, c)) {
                continue;
            }
            if (written++ > 0) {
                sql.append(", ");
                values.append(", ");
            }
            sql.append(quote(columns.get(c).name()));
            values.append('?');
        }
        if (written == 0) {
            return "INSERT INTO " + quote(part.database()) + "." + quote(part.table()) + " DEFAULT VALUES";
        }
        return sql.append(") VALUES (").append(values).append(')').toString();
    }

    private static boolean isDefaulted(String[] defaulted, int column) {
        for (String index : defaulted) {
            if (Integer.parseInt(index) == column) {
                return true;
            }
        }
        return false;
    }

    private static void bind(PreparedStatement statement, int parameter, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(parameter, Types.NULL);
        } else if (value instanceof Long || value instanceof Double) {
            // sqlite-jdbc keeps a bound number as an object: setLong and setDouble box the value anew, setObject
            // keeps the row's own Long or Double.
            statement.setObject(parameter, value);
        } else if (value instanceof String s) {
            statement.setString(parameter, s);
        } else if (value instanceof BigDecimal b) {
            statement.setString(parameter, b.toPlainString());
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(parameter, bytes);
        } else {
            statement.setObject(parameter, value);
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public ErrorKind classify(SQLException error) {
        if (error instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
                return ErrorKind.TRANSIENT;
            }
            if (primary == SQLiteErrorCode.SQLITE_CONSTRAINT.code || primary == SQLiteErrorCode.SQLITE_MISMATCH.code
                    || primary == SQLiteErrorCode.SQLITE_TOOBIG.code) {
                return ErrorKind.DATA;
            }
        }
        return ErrorKind.FATAL;
    }

    private void rollbackQuietly() {
        try (Statement statement = writer.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction left to roll back: SQLite already rolled it back after the error.
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The SQLite storage for " + url + " is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // Closing the connection below releases it anyway.
                }
            }
            statements.clear();
            ledger.close();
            try {
                writer.close();
            } catch (SQLException ignored) {
                // Nothing to do: the connection is unusable either way.
            }
        } finally {
            writeLock.unlock();
        }
    }
}

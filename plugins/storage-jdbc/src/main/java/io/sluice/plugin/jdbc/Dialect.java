package io.sluice.plugin.jdbc;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Set;

/**
 * What differs between databases: how identifiers are quoted, how values are bound, which bulk path writes
 * rows fastest, how the ledger table is declared, and which vendor error codes mean what. One instance per
 * storage, immutable and thread-safe; every method works on a connection the caller owns.
 *
 * <p>Identifiers always go through {@link #quote}; values are always bound as parameters or encoded by
 * the protocol (COPY), never written into SQL text.
 */
abstract class Dialect {
    /** The ledger's table name, in the storage's default database. */
    static final String LEDGER_TABLE = "sluice_ledger";
    /** The name of the ledger's unique key on (table_name, block_id), which database errors quote. */
    static final String LEDGER_UNIQUE_KEY = LEDGER_TABLE + "_block";

    /** The name {@code jdbc_dialect} selects this dialect by. */
    abstract String name();

    /** Whether a Sluice "database" is a JDBC catalog (MariaDB, MySQL) rather than a schema. */
    abstract boolean databaseIsCatalog();

    /**
     * How one round trip records a small part's ledger ids and inserts its rows ({@link #ledgerWithRows}), and how
     * that round trip also commits them ({@link #commitWithRows}); {@code null} when the dialect has no such
     * statement and writes the ids and the rows with a statement each.
     */
    enum OneTrip {
        /**
         * One statement ({@code WITH ids AS (INSERT INTO ledger …) INSERT INTO t …}): the ids and the rows in the
         * same snapshot. It commits alone when run with autocommit on: a single statement is atomic by itself.
         */
        STATEMENT_AUTOCOMMIT,
        /**
         * A multi-statement ({@code INSERT INTO ledger …; INSERT INTO t …}) of the connection's transaction, which
         * commits by ending with {@code ; COMMIT}. The server stops at the first statement that fails, before the
         * COMMIT: the caller rolls back what ran.
         */
        MULTI_STATEMENT
    }

    /** This dialect's {@link OneTrip}, or {@code null}. */
    OneTrip oneTrip() {
        return null;
    }

    /** Whether one round trip can record ledger ids and insert rows together: a small part then costs one round trip instead of two. */
    final boolean insertsWithLedger() {
        return oneTrip() != null;
    }

    /**
     * The SQL of one round trip that runs {@code ledgerInsert} and then {@code rowsInsert} (each with its
     * placeholders, in that order), and when {@code commit}, commits them: only for a dialect with a
     * {@link #oneTrip()}. With {@link OneTrip#STATEMENT_AUTOCOMMIT} the text is the same either way (the caller
     * commits by running it with autocommit on).
     */
    String ledgerWithRows(String ledgerInsert, String rowsInsert, boolean commit) {
        return switch (oneTrip()) {
            case STATEMENT_AUTOCOMMIT -> "WITH sluice_recorded AS (" + ledgerInsert + ") " + rowsInsert;
            case MULTI_STATEMENT -> ledgerInsert + "; " + rowsInsert + (commit ? "; COMMIT" : "");
        };
    }

    /**
     * Whether {@code part}'s rows fit in the one round trip of {@link #ledgerWithRows} (besides the parameter
     * limit, which the caller checks). The default: always.
     */
    boolean fitsOneTrip(Part part) {
        return true;
    }

    /** Whether the database is MariaDB or MySQL, whose type names mean MySQL types. */
    boolean mysqlFamily() {
        return false;
    }

    /**
     * The {@code (precision, scale)} a DECIMAL/NUMERIC column holds values to, when the database refuses a value
     * with more integer digits than they allow and rounds excess fraction digits (so Sluice refuses and rounds
     * the same way before writing), or {@code null} when the database applies no such rule or another one. The
     * default knows no rule.
     *
     * @param columnSize {@code COLUMN_SIZE} from {@code getColumns}
     * @param decimalDigits {@code DECIMAL_DIGITS} from {@code getColumns}
     */
    int[] decimalLimits(Connection connection, int columnSize, int decimalDigits) throws SQLException {
        return null;
    }

    /** The quote character around identifiers. */
    char quoteCharacter() {
        return '"';
    }

    /** An identifier quoted, with embedded quote characters doubled, so that any name is taken literally. */
    final String quote(String identifier) {
        char quote = quoteCharacter();
        StringBuilder out = new StringBuilder(identifier.length() + 2).append(quote);
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (c == quote) {
                out.append(quote);
            }
            out.append(c);
        }
        return out.append(quote).toString();
    }

    /** {@code database.table}, both quoted; just the table when {@code database} is empty. */
    final String qualify(String database, String table) {
        if (database == null || database.isEmpty()) {
            return quote(table);
        }
        return quote(database) + '.' + quote(table);
    }

    /** The database a connection starts in, or {@code null} when it has none. */
    String defaultDatabase(Connection connection) throws SQLException {
        return databaseIsCatalog() ? connection.getCatalog() : schema(connection);
    }

    /** The connection's current schema, or {@code null} when it has none or the driver predates JDBC 4.1. */
    static String schema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Writes rows {@code from} to {@code to - 1} of {@code part} through {@code connection}, in its current
     * transaction. Only the columns at the positions in {@code written} are written; the others are left to
     * their defaults (every row of the run has {@link Part#DEFAULT} exactly there).
     */
    abstract void insert(Connection connection, Part part, int[] written, int from, int to) throws SQLException;

    /**
     * Binds one value (never {@link Part#DEFAULT}) in the Java type {@link ValueType} lists. Decimals, bytes,
     * and a floating-point number for a {@link ValueType#NUMERIC} column (bound exactly, as a decimal) go the
     * same way to every database; how NULLs, integers, text and other floating-point numbers are bound is the
     * dialect's ({@link #bindNull}, {@link #bindLong}, {@link #bindText}, {@link #bindDouble}).
     */
    final void bind(PreparedStatement statement, int parameter, Object value, ColumnInfo column) throws SQLException {
        ValueType type = column.type();
        if (value == null) {
            bindNull(statement, parameter, type);
        } else if (value instanceof Long number) {
            bindLong(statement, parameter, number, type);
        } else if (value instanceof String text) {
            bindText(statement, parameter, text, type);
        } else if (value instanceof Double number) {
            if (type == ValueType.NUMERIC) {
                statement.setBigDecimal(parameter, BigDecimal.valueOf(number));
            } else {
                bindDouble(statement, parameter, number, type);
            }
        } else if (value instanceof BigDecimal number) {
            statement.setBigDecimal(parameter, number);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(parameter, bytes);
        } else {
            statement.setObject(parameter, value);
        }
    }

    /** Binds NULL for a column of {@code type}; untyped unless the dialect knows better. */
    void bindNull(PreparedStatement statement, int parameter, ValueType type) throws SQLException {
        statement.setNull(parameter, Types.NULL);
    }

    /** Binds an integer for a column of {@code type}. */
    void bindLong(PreparedStatement statement, int parameter, long number, ValueType type) throws SQLException {
        statement.setLong(parameter, number);
    }

    /** Binds text for a column of {@code type}. */
    void bindText(PreparedStatement statement, int parameter, String text, ValueType type) throws SQLException {
        statement.setString(parameter, text);
    }

    /** Binds a floating-point number for a column of {@code type}, never {@link ValueType#NUMERIC}. */
    void bindDouble(PreparedStatement statement, int parameter, double number, ValueType type) throws SQLException {
        statement.setDouble(parameter, number);
    }

    /**
     * Inserts {@code count} rows that leave every column to its default: one {@code DEFAULT VALUES} statement
     * repeated in a JDBC batch.
     */
    void insertDefaultRows(Connection connection, String qualifiedTable, int count) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + qualifiedTable + " DEFAULT VALUES")) {
            for (int row = 0; row < count; row++) {
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Columns the database refuses in an INSERT although {@link java.sql.DatabaseMetaData} does not mark them
     * generated, e.g. PostgreSQL's {@code GENERATED ALWAYS AS IDENTITY}.
     */
    Set<String> alwaysGeneratedColumns(Connection connection, String database, String table) throws SQLException {
        return Set.of();
    }

    /** What a vendor error code means, or {@code null} to decide by SQLState. */
    ErrorKind classifyVendor(SQLException error) {
        return null;
    }

    /**
     * What tells this table apart from another of the same name created after it was dropped, or {@code null}
     * when the database cannot say (the ledger then keeps the ids it recorded under the name). Runs in the
     * write transaction and must not fail it.
     */
    String tableIdentity(Connection connection, String database, String table) throws SQLException {
        return null;
    }

    /** Whether two identities {@link #tableIdentity} answered are the same table. */
    boolean sameTable(String remembered, String current) {
        return remembered.equals(current);
    }

    /** The statements that create the ledger table if it is missing (see {@link JdbcLedger}). */
    abstract List<String> ledgerDdl(String database);

    /**
     * The ledger in standard SQL: an identity key, a unique constraint on (table_name, block_id) and an index
     * on (table_name, seq).
     *
     * @param ifNotExists whether the database understands {@code IF NOT EXISTS} in CREATE TABLE and CREATE
     *     INDEX; without it, {@link #createLedger} must check first
     */
    final List<String> standardLedgerDdl(String database, boolean ifNotExists) {
        String ledger = qualify(database, LEDGER_TABLE);
        String missing = ifNotExists ? "IF NOT EXISTS " : "";
        return List.of(
                "CREATE TABLE " + missing + ledger + " (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " table_name VARCHAR(255) NOT NULL, block_id VARCHAR(255) NOT NULL, part_name VARCHAR(255) NOT NULL,"
                        + " CONSTRAINT " + LEDGER_UNIQUE_KEY + " UNIQUE (table_name, block_id))",
                "CREATE INDEX " + missing + LEDGER_TABLE + "_by_table ON " + ledger + " (table_name, seq)");
    }

    /**
     * Creates the ledger table when it is missing. Runs with autocommit on, outside any write transaction:
     * DDL commits implicitly on MariaDB. Two engines creating it at once is harmless.
     */
    void createLedger(Connection connection, String database) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : ledgerDdl(database)) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            // Another engine may have created it between our check and our CREATE (PostgreSQL reports that race
            // as a unique violation on its catalog): the table existing is all that matters.
            if (!ledgerExists(connection, database)) {
                throw e;
            }
        }
    }

    /** Whether the ledger table exists and can be read. */
    final boolean ledgerExists(Connection connection, String database) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT seq FROM " + qualify(database, LEDGER_TABLE) + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException missing) {
            return false;
        }
    }

    /**
     * A query over {@code orderedSelect} (a SELECT ending in ORDER BY) that returns only the row after
     * skipping as many rows as its one parameter says.
     */
    String rowAtOffset(String orderedSelect) {
        return orderedSelect + " LIMIT 1 OFFSET ?";
    }

    /** The most parameters one statement may carry. */
    abstract int maxParameters();

    /** The column list and placeholders of an INSERT into {@code part}'s table for the {@code written} columns. */
    final String insertHead(Part part, int[] written) {
        StringBuilder sql = new StringBuilder(64).append("INSERT INTO ").append(qualify(part.database(), part.table())).append(" (");
        List<ColumnInfo> columns = part.columns();
        for (int i = 0; i < written.length; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(quote(columns.get(written[i]).name()));
        }
        return sql.append(") VALUES ").toString();
    }
}

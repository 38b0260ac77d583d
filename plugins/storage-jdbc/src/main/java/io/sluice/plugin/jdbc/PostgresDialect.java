package io.sluice.plugin.jdbc;

import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL (and databases that speak its protocol through pgjdbc): rows go through {@code COPY … FROM
 * STDIN}; when the connection is not pgjdbc's, through multi-row INSERTs where every value the server must
 * parse (dates, timestamps, UUID, JSON, unknown types) is bound untyped ({@link Types#OTHER}) so that the
 * target column's type decides, as it does in COPY.
 */
final class PostgresDialect extends Dialect {
    /** pgjdbc accepts up to 65535 bind parameters; half keeps statements moderate. */
    private static final int MAX_PARAMETERS = 32767;
    private static final int MAX_ROWS_PER_STATEMENT = 10_000;

    private final boolean copy;
    private final boolean identityColumns;

    /**
     * @param copy whether connections are pgjdbc's, so that COPY can be used
     * @param serverMajorVersion the server's major version ({@code attidentity} exists from 10)
     */
    PostgresDialect(boolean copy, int serverMajorVersion) {
        this.copy = copy;
        this.identityColumns = serverMajorVersion >= 10;
    }

    @Override
    String name() {
        return "postgresql";
    }

    @Override
    boolean databaseIsCatalog() {
        return false;
    }

    /** PostgreSQL runs data-modifying statements in a WITH clause, in the same snapshot and transaction. */
    @Override
    OneTrip oneTrip() {
        return OneTrip.STATEMENT_AUTOCOMMIT;
    }

    boolean usesCopy() {
        return copy;
    }

    @Override
    String defaultDatabase(Connection connection) throws SQLException {
        String schema = connection.getSchema();
        // An empty search_path leaves no current schema; unqualified names then fail anyway.
        return schema == null ? "public" : schema;
    }

    /** The table's oid: a table created again after a DROP gets a new one; TRUNCATE and ALTER keep it. */
    @Override
    String tableIdentity(Connection connection, String database, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.oid FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet found = statement.executeQuery()) {
                return found.next() ? "oid:" + found.getLong(1) : null;
            }
        }
    }

    /**
     * PostgreSQL rounds a NUMERIC(p, s) value to s digits and refuses one whose rounded value needs more than
     * p - s integer digits ("numeric field overflow"); an unconstrained NUMERIC (size 0) takes any value. pgjdbc
     * reports a negative scale (PostgreSQL 15) as its 11-bit two's complement.
     */
    @Override
    int[] decimalLimits(Connection connection, int columnSize, int decimalDigits) {
        if (columnSize <= 0 || columnSize > 1000) {
            return null;
        }
        int scale = decimalDigits > 1000 ? decimalDigits - 2048 : decimalDigits;
        return new int[] {columnSize, scale};
    }

    @Override
    int maxParameters() {
        return MAX_PARAMETERS;
    }

    @Override
    void insert(Connection connection, Part part, int[] written, int from, int to) throws SQLException {
        if (copy && written.length > 0) {
            PgCopy.copy(connection, this, part, written, from, to);
        } else {
            MultiRowInsert.batched(connection, this, part, written, from, to, MAX_ROWS_PER_STATEMENT);
        }
    }

    /** A boolean as a boolean, a number for a numeric column, anything else as text the column's type parses. */
    @Override
    void bindLong(PreparedStatement statement, int parameter, long number, ValueType type) throws SQLException {
        if (type == ValueType.BOOLEAN) {
            statement.setBoolean(parameter, number != 0);
        } else if (type == ValueType.INTEGER || type == ValueType.NUMERIC || type == ValueType.REAL) {
            statement.setLong(parameter, number);
        } else {
            statement.setObject(parameter, Long.toString(number), Types.OTHER);
        }
    }

    @Override
    void bindText(PreparedStatement statement, int parameter, String text, ValueType type) throws SQLException {
        if (type == ValueType.TEXT) {
            statement.setString(parameter, text);
        } else {
            statement.setObject(parameter, text, Types.OTHER);
        }
    }

    @Override
    void bindDouble(PreparedStatement statement, int parameter, double number, ValueType type) throws SQLException {
        if (type == ValueType.REAL) {
            statement.setDouble(parameter, number);
        } else {
            statement.setObject(parameter, Double.toString(number), Types.OTHER);
        }
    }

    @Override
    Set<String> alwaysGeneratedColumns(Connection connection, String database, String table) throws SQLException {
        if (!identityColumns) {
            return Set.of();
        }
        // DatabaseMetaData reports identity columns as auto-increment without telling ALWAYS (refused in an
        // INSERT without OVERRIDING SYSTEM VALUE) from BY DEFAULT (an ordinary column with a default).
        Set<String> always = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = 'a'")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    always.add(rows.getString(1));
                }
            }
        }
        return always;
    }

    @Override
    List<String> ledgerDdl(String database) {
        return standardLedgerDdl(database, true);
    }
}

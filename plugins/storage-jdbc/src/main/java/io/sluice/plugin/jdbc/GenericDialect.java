package io.sluice.plugin.jdbc;

import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Any other JDBC database: standard SQL only. Rows go through JDBC batches of one multi-row INSERT
 * (conservative sizes: SQL Server allows 2100 parameters and 1000 rows per VALUES; Oracle has no
 * multi-row VALUES, so it gets one row per statement), dates and timestamps are bound as
 * {@link LocalDate}/{@link LocalDateTime} (JDBC 4.2), NULLs with the column's SQL type.
 */
final class GenericDialect extends Dialect {
    private static final int MAX_PARAMETERS = 2000;
    private static final int MAX_ROWS = 1000;

    private final boolean catalogs;
    private final char quote;
    private final int maxRows;

    /**
     * @param catalogs whether databases are catalogs (the connection has no current schema)
     * @param quote the database's identifier quote character
     * @param multiRowValues whether the database accepts {@code VALUES (…), (…)}
     */
    GenericDialect(boolean catalogs, char quote, boolean multiRowValues) {
        this.catalogs = catalogs;
        this.quote = quote;
        this.maxRows = multiRowValues ? MAX_ROWS : 1;
    }

    /** The dialect for a connection to a database without a dialect of its own. */
    static GenericDialect of(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String quoteString = metaData.getIdentifierQuoteString();
        char quote = quoteString == null || quoteString.isBlank() ? '"' : quoteString.charAt(0);
        boolean oracle = metaData.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("oracle");
        return new GenericDialect(schema(connection) == null, quote, !oracle);
    }

    @Override
    String name() {
        return "generic";
    }

    @Override
    boolean databaseIsCatalog() {
        return catalogs;
    }

    @Override
    char quoteCharacter() {
        return quote;
    }

    @Override
    int maxParameters() {
        return MAX_PARAMETERS;
    }

    @Override
    void insert(Connection connection, Part part, int[] written, int from, int to) throws SQLException {
        MultiRowInsert.batched(connection, this, part, written, from, to, maxRows);
    }

    @Override
    void bindNull(PreparedStatement statement, int parameter, ValueType type) throws SQLException {
        statement.setNull(parameter, sqlType(type));
    }

    @Override
    void bindLong(PreparedStatement statement, int parameter, long number, ValueType type) throws SQLException {
        if (type == ValueType.BOOLEAN) {
            statement.setBoolean(parameter, number != 0);
        } else {
            statement.setLong(parameter, number);
        }
    }

    @Override
    void bindText(PreparedStatement statement, int parameter, String text, ValueType type) throws SQLException {
        Object temporal = type == ValueType.DATE ? date(text) : type == ValueType.TIMESTAMP ? timestamp(text) : null;
        if (temporal != null) {
            statement.setObject(parameter, temporal);
        } else {
            statement.setString(parameter, text);
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime timestamp(String text) {
        try {
            boolean spaced = text.length() > 10 && text.charAt(10) == ' ';
            return LocalDateTime.parse(spaced ? text.substring(0, 10) + 'T' + text.substring(11) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int sqlType(ValueType type) {
        return switch (type) {
            case INTEGER -> Types.BIGINT;
            case REAL -> Types.DOUBLE;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case BLOB -> Types.VARBINARY;
            case DATE -> Types.DATE;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TEXT, UUID, JSON -> Types.VARCHAR;
            // ANY, and value types a later SPI may add: let the driver decide.
            default -> Types.NULL;
        };
    }

    @Override
    String rowAtOffset(String orderedSelect) {
        return orderedSelect + " OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY";
    }

    @Override
    List<String> ledgerDdl(String database) {
        // Without IF NOT EXISTS, which not every database has: createLedger checks first.
        return standardLedgerDdl(database, false);
    }

    @Override
    void createLedger(Connection connection, String database) throws SQLException {
        if (!ledgerExists(connection, database)) {
            super.createLedger(connection, database);
        }
    }
}

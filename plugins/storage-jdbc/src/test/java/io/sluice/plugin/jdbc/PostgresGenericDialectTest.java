package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generic dialect (JDBC batches of multi-row INSERTs, standard SQL only), tested against PostgreSQL by
 * forcing {@code jdbc_dialect=generic}. UUID and JSON are left out: a generic database gets them as
 * strings, which PostgreSQL does not cast implicitly (its own dialect handles them).
 */
class PostgresGenericDialectTest extends PostgresServerContractTest {
    @Override
    Map<String, String> settings() {
        return Map.of(JdbcSettings.DIALECT, "generic", JdbcSettings.POOL_SIZE, "2");
    }

    @Override
    String expectedDialect() {
        return "generic";
    }

    /** Standard SQL has no table identity: the generic dialect keeps a table's ids with its name. */
    @Override
    boolean knowsTableIdentity() {
        return false;
    }

    @Override
    List<TypedColumn> typedColumns() {
        return STANDARD_TYPED_COLUMNS;
    }

    @Test
    @DisplayName("The generic dialect cuts statements by rows and parameters: 1000 rows or 2000 parameters at most")
    void statementShape() {
        GenericDialect dialect = (GenericDialect) storage.dialect();
        assertThat(dialect.maxParameters()).isEqualTo(2000);
        assertThat(dialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(dialect.databaseIsCatalog()).isFalse();
    }
}

package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ErrorKind;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {
    private static final Dialect POSTGRES = new PostgresDialect(true, 15);
    private static final Dialect MARIADB = new MariaDbDialect(1 << 20, 1 << 20);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "08006, TRANSIENT", "08001, TRANSIENT", "08S01, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT",
        "55P03, TRANSIENT", "57014, TRANSIENT", "57P01, TRANSIENT", "57P03, TRANSIENT", "HYT00, TRANSIENT",
        "22001, DATA", "22003, DATA", "22P02, DATA", "23505, DATA", "23502, DATA", "23000, DATA", "40002, DATA",
        "42P01, FATAL", "42703, FATAL", "42501, FATAL", "0A000, FATAL", "XX000, FATAL", "25P02, FATAL",
    })
    @DisplayName("SQLStates decide the kind")
    void bySqlState(String state, ErrorKind kind) {
        assertThat(ErrorClassifier.classify(new SQLException("boom", state), POSTGRES)).isEqualTo(kind);
    }

    @Test
    @DisplayName("MariaDB lock wait timeout and deadlock are TRANSIENT; a packet too large is DATA")
    void mariaDbVendorCodes() {
        assertThat(ErrorClassifier.classify(new SQLException("Lock wait timeout exceeded", "HY000", 1205), MARIADB))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLException("Deadlock found", "40001", 1213), MARIADB)).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLException("Got a packet bigger than 'max_allowed_packet'", "08S01", 1153), MARIADB))
                .isEqualTo(ErrorKind.DATA);
        assertThat(ErrorClassifier.classify(new SQLException("Data too long", "22001", 1406), MARIADB)).isEqualTo(ErrorKind.DATA);
        assertThat(ErrorClassifier.classify(new SQLException("Unknown column", "42S22", 1054), MARIADB)).isEqualTo(ErrorKind.FATAL);
        // The same codes mean nothing special for another database.
        assertThat(ErrorClassifier.classify(new SQLException("x", "HY000", 1205), POSTGRES)).isEqualTo(ErrorKind.FATAL);
    }

    @Test
    @DisplayName("A unique violation of the ledger's key is TRANSIENT: another engine recorded the same block")
    void ledgerConflict() {
        assertThat(ErrorClassifier.classify(new LedgerConflictException("conflict", null), POSTGRES)).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLException(
                "ERROR: duplicate key value violates unique constraint \"sluice_ledger_block\"", "23505"), POSTGRES))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLIntegrityConstraintViolationException(
                "Duplicate entry 't-Z' for key 'sluice_ledger_block'", "23000", 1062), MARIADB)).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLException("duplicate key value violates unique constraint \"events_pkey\"", "23505"),
                POSTGRES)).isEqualTo(ErrorKind.DATA);
    }

    @Test
    @DisplayName("The database's error is found behind batch and cause links; without any SQLState the exception type decides")
    void chains() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
        batch.setNextException(new SQLException("value too long", "22001"));
        assertThat(ErrorClassifier.classify(batch, POSTGRES)).isEqualTo(ErrorKind.DATA);

        SQLException wrapped = new SQLException("wrapper", (String) null, new RuntimeException(new SQLException("gone", "08006")));
        assertThat(ErrorClassifier.classify(wrapped, POSTGRES)).isEqualTo(ErrorKind.TRANSIENT);

        assertThat(ErrorClassifier.classify(new SQLTransientConnectionException("pool timed out"), POSTGRES))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SQLIntegrityConstraintViolationException("dup"), POSTGRES)).isEqualTo(ErrorKind.DATA);
        assertThat(ErrorClassifier.classify(new SQLException("who knows"), POSTGRES)).isEqualTo(ErrorKind.FATAL);
        assertThat(ErrorClassifier.classify(new SQLException("generic", "HY000"), MARIADB)).isEqualTo(ErrorKind.FATAL);
    }

    @Test
    @DisplayName("HikariCP's 'Connection is closed' (no SQLState), after a statement found the session gone, is a lost session to retry")
    void connectionClosedByThePool() throws Exception {
        TestServers.requirePostgres();
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:" + TestServers.POSTGRES_TARGET);
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        SQLException closed;
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            java.sql.Connection connection = pool.getConnection();
            connection.close(); // what the pool does to a connection whose statement lost the session
            try {
                connection.prepareStatement("SELECT 1");
                throw new AssertionError("a closed pooled connection prepared a statement");
            } catch (SQLException e) {
                closed = e;
            }
        }
        assertThat(closed.getMessage()).isEqualTo("Connection is closed");
        assertThat(ErrorClassifier.classify(closed, MARIADB)).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(closed, POSTGRES)).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.sessionLost(closed)).isTrue();
    }

    @Test
    @DisplayName("A lost session (class 08, or PostgreSQL's session ended by the server) is told apart from other transient errors")
    void sessionLost() {
        assertThat(ErrorClassifier.sessionLost(new SQLException("An I/O error occurred while sending to the backend", "08006"))).isTrue();
        assertThat(ErrorClassifier.sessionLost(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(ErrorClassifier.sessionLost(new SQLException("wrapper", (String) null,
                new RuntimeException(new SQLException("gone", "08003"))))).isTrue();
        assertThat(ErrorClassifier.sessionLost(new java.sql.SQLRecoverableException("socket closed"))).isTrue();
        assertThat(ErrorClassifier.sessionLost(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(ErrorClassifier.sessionLost(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
        assertThat(ErrorClassifier.sessionLost(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(ErrorClassifier.sessionLost(new SQLTransientConnectionException("pool timed out"))).isFalse();
    }
}

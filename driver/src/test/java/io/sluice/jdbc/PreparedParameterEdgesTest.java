package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.Engines;
import io.sluice.spi.ErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parameters a prepared statement does not have, and texts with no statement in them, on the system-table
 * and pass-through paths over SQLite: each gets a ClickHouse code that names what was wrong.
 */
class PreparedParameterEdgesTest {
    @TempDir
    Path directory;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sluice:sqlite:" + directory.resolve("app.db"));
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
        Engines.closeAll();
    }

    @Test
    void aSurplusParameterOnASystemTableQueryIsBadArgumentsNamingItsIndex() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT name FROM system.settings WHERE name = ?")) {
            query.setString(1, "async_insert");
            query.setInt(2, 2);
            assertThatThrownBy(query::executeQuery).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS.code());
                assertThat(e.getMessage()).isEqualTo("BAD_ARGUMENTS: Parameter index 2 is out of range: the statement has 1 parameter");
            });
            // The statement still works once its parameters fit.
            query.clearParameters();
            query.setString(1, "async_insert");
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("async_insert");
            }
        }
    }

    @Test
    void aParameterOnASystemTableQueryWithoutAnyIsBadArguments() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT name FROM system.settings -- ?")) {
            query.setInt(1, 1);
            assertThatThrownBy(query::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("BAD_ARGUMENTS: Parameter index 1 is out of range: the statement has 0 parameters"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aParameterIndexBelowOneOnASystemTableQueryIsRefusedWhenSet(int index) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT name FROM system.settings WHERE name = ?")) {
            assertThatThrownBy(() -> query.setInt(index, 1)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS.code());
                assertThat(e.getMessage()).contains("Parameter index " + index + " is out of range");
            });
        }
    }

    @Test
    void aPlaceholderInACommentIsNoParameterOnThePassThroughPath() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 -- ?")) {
            assertThatThrownBy(() -> query.setInt(1, 1)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("BAD_ARGUMENTS: Parameter index 1 is out of range: the statement has 0 parameters"));
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-- only a comment", "/* SELECT * FROM system.settings */", ";", "-- system.settings\n;"})
    void aTextWithNoStatementIsASyntaxErrorWhenPreparedOrRun(String sql) {
        assertThatThrownBy(() -> {
            try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                prepared.execute();
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR.code());
            assertThat(e.getMessage()).contains("empty query");
        });
        assertThatThrownBy(() -> connection.createStatement().execute(sql)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR.code()));
    }
}

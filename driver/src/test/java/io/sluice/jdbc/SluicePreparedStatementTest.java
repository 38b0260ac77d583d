package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SluicePreparedStatementTest {
    private FakeSession session;
    private SluiceConnection connection;
    private SluicePreparedStatement insert;
    private FakeSession.RecordingInsert recording;

    @BeforeEach
    void open() throws SQLException {
        session = new FakeSession();
        connection = new SluiceConnection(session);
        insert = (SluicePreparedStatement) connection.prepareStatement("INSERT INTO t VALUES (?, ?)");
        recording = session.lastInsert;
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    interface Setter {
        void set(PreparedStatement statement) throws Exception;
    }

    static Stream<Arguments> setters() throws Exception {
        byte[] bytes = {1, 2, 3};
        return Stream.of(
                Arguments.of("setNull", (Setter) s -> s.setNull(1, Types.INTEGER), null),
                Arguments.of("setNull with type name", (Setter) s -> s.setNull(1, Types.OTHER, "UUID"), null),
                Arguments.of("setBoolean", (Setter) s -> s.setBoolean(1, true), true),
                Arguments.of("setByte", (Setter) s -> s.setByte(1, (byte) 7), (byte) 7),
                Arguments.of("setShort", (Setter) s -> s.setShort(1, (short) 300), (short) 300),
                Arguments.of("setInt", (Setter) s -> s.setInt(1, 42), 42),
                Arguments.of("setLong", (Setter) s -> s.setLong(1, 1L << 40), 1L << 40),
                Arguments.of("setFloat", (Setter) s -> s.setFloat(1, 1.5f), 1.5f),
                Arguments.of("setDouble", (Setter) s -> s.setDouble(1, 2.25), 2.25),
                Arguments.of("setBigDecimal", (Setter) s -> s.setBigDecimal(1, new BigDecimal("12.30")),
                        new BigDecimal("12.30")),
                Arguments.of("setString", (Setter) s -> s.setString(1, "héllo"), "héllo"),
                Arguments.of("setNString", (Setter) s -> s.setNString(1, "n"), "n"),
                Arguments.of("setBytes", (Setter) s -> s.setBytes(1, bytes), bytes),
                Arguments.of("setDate", (Setter) s -> s.setDate(1, Date.valueOf("2024-02-29")), Date.valueOf("2024-02-29")),
                Arguments.of("setTime", (Setter) s -> s.setTime(1, Time.valueOf("13:14:15")), Time.valueOf("13:14:15")),
                Arguments.of("setTimestamp", (Setter) s -> s.setTimestamp(1, Timestamp.valueOf("2024-01-02 03:04:05.5")),
                        Timestamp.valueOf("2024-01-02 03:04:05.5")),
                Arguments.of("setObject String", (Setter) s -> s.setObject(1, "x"), "x"),
                Arguments.of("setObject LocalDate", (Setter) s -> s.setObject(1, LocalDate.of(2024, 1, 2)),
                        LocalDate.of(2024, 1, 2)),
                Arguments.of("setObject UUID", (Setter) s -> s.setObject(1,
                        UUID.fromString("123e4567-e89b-12d3-a456-426614174000")), "123e4567-e89b-12d3-a456-426614174000"),
                Arguments.of("setObject Character", (Setter) s -> s.setObject(1, 'c'), "c"),
                Arguments.of("setObject null", (Setter) s -> s.setObject(1, null), null),
                Arguments.of("setObject as INTEGER", (Setter) s -> s.setObject(1, "42", Types.INTEGER), 42),
                Arguments.of("setObject as BIGINT", (Setter) s -> s.setObject(1, 7, Types.BIGINT), 7L),
                Arguments.of("setObject as VARCHAR", (Setter) s -> s.setObject(1, 7, Types.VARCHAR), "7"),
                Arguments.of("setObject as BOOLEAN", (Setter) s -> s.setObject(1, "true", Types.BOOLEAN), true),
                Arguments.of("setObject as DOUBLE", (Setter) s -> s.setObject(1, "2.5", Types.DOUBLE), 2.5),
                Arguments.of("setObject as DECIMAL with scale", (Setter) s -> s.setObject(1, 2.345, Types.DECIMAL, 2),
                        new BigDecimal("2.35")),
                Arguments.of("setObject as DATE", (Setter) s -> s.setObject(1, "2024-03-01", Types.DATE),
                        Date.valueOf("2024-03-01")),
                Arguments.of("setObject as TIMESTAMP", (Setter) s -> s.setObject(1,
                        LocalDateTime.of(2024, 3, 1, 12, 0), Types.TIMESTAMP), Timestamp.valueOf("2024-03-01 12:00:00")),
                Arguments.of("setObject as JDBCType.SMALLINT", (Setter) s -> s.setObject(1, 5L, JDBCType.SMALLINT),
                        (short) 5),
                Arguments.of("setURL", (Setter) s -> s.setURL(1, new URL("https://example.com/a")),
                        "https://example.com/a"),
                Arguments.of("setCharacterStream", (Setter) s -> s.setCharacterStream(1, new StringReader("text")),
                        "text"),
                Arguments.of("setCharacterStream with length",
                        (Setter) s -> s.setCharacterStream(1, new StringReader("text"), 2), "te"),
                Arguments.of("setBinaryStream", (Setter) s -> s.setBinaryStream(1, new ByteArrayInputStream(bytes)),
                        bytes),
                Arguments.of("setAsciiStream", (Setter) s -> s.setAsciiStream(1,
                        new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), 3L), "abc"),
                Arguments.of("setClob from a reader", (Setter) s -> s.setClob(1, new StringReader("clob")), "clob"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setters")
    void settersStoreJavaValues(String name, Setter setter, Object expected) throws Exception {
        setter.set(insert);

        assertThat(insert.parameters().get(1)).isEqualTo(expected);
    }

    @Test
    void setBytesKeepsACopy() throws SQLException {
        byte[] bytes = {1, 2, 3};
        insert.setBytes(1, bytes);
        bytes[0] = 9;

        assertThat((byte[]) insert.parameters().get(1)).containsExactly(1, 2, 3);
    }

    @Test
    void calendarsGiveTheWallClockInTheirZone() throws SQLException {
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Timestamp instant = Timestamp.from(java.time.Instant.parse("2024-01-01T20:30:00Z"));

        insert.setTimestamp(1, instant, tokyo);
        insert.setDate(2, new Date(instant.getTime()), tokyo);

        assertThat(insert.parameters().get(1)).isEqualTo(Timestamp.valueOf("2024-01-02 05:30:00"));
        assertThat(insert.parameters().get(2)).isEqualTo(Date.valueOf("2024-01-02"));
    }

    @Test
    void valuesThatDoNotConvertAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> insert.setObject(2, "abc", Types.INTEGER))
                .hasMessage("BAD_ARGUMENTS: Cannot convert the String value 'abc' of parameter 2 to INTEGER");
        assertThatThrownBy(() -> insert.setObject(1, 3.5, Types.INTEGER))
                .hasMessage("BAD_ARGUMENTS: Cannot convert the Double value '3.5' of parameter 1 to INTEGER");
        assertThatThrownBy(() -> insert.setObject(1, 300, Types.TINYINT))
                .hasMessage("BAD_ARGUMENTS: Cannot convert the Integer value '300' of parameter 1 to TINYINT");
        assertThatThrownBy(() -> insert.setObject(1, Optional.empty()))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluicePreparedStatement.setObject with a value of type "
                        + "java.util.Optional is not supported by Sluice");
        assertThatThrownBy(() -> insert.setObject(1, "x", Types.ARRAY))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluicePreparedStatement.setObject with the target type ARRAY "
                        + "is not supported by Sluice");
        assertThatThrownBy(() -> insert.setArray(1, null))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("UNSUPPORTED_METHOD: SluicePreparedStatement.setArray on a buffered INSERT "
                        + "is not supported by Sluice");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(JDBCType.class)
    void setNullAndANullObjectWorkWithEveryType(JDBCType type) throws SQLException {
        insert.setString(1, "not yet null");
        insert.setNull(1, type.getVendorTypeNumber());
        assertThat(insert.parameters().get(1)).isNull();
        insert.setNull(2, type.getVendorTypeNumber(), type.getName());
        insert.setObject(1, null, type);
        insert.setObject(2, null, type.getVendorTypeNumber());
        assertThat(insert.executeUpdate()).isEqualTo(1);
        assertThat(recording.executions.get(0).get(0)).containsExactly(null, null);
    }

    @Test
    void timesWithAZoneAndLinksAreStoredAsText() throws Exception {
        insert.setObject(1, java.time.OffsetTime.parse("13:14:15+02:00"), Types.TIME_WITH_TIMEZONE);
        insert.setObject(2, new URL("https://example.com/a"), JDBCType.DATALINK);

        assertThat(insert.parameters().get(1)).isEqualTo("13:14:15+02:00");
        assertThat(insert.parameters().get(2)).isEqualTo("https://example.com/a");
        assertThatThrownBy(() -> insert.setObject(1, 5, Types.TIME_WITH_TIMEZONE))
                .hasMessage("BAD_ARGUMENTS: Cannot convert the Integer value '5' of parameter 1 to TIME_WITH_TIMEZONE");
    }

    @Test
    void anIndexOutOfRangeIsRefused() {
        assertThatThrownBy(() -> insert.setInt(3, 1))
                .hasMessage("BAD_ARGUMENTS: Parameter index 3 is out of range: the statement has 2 parameters");
        assertThatThrownBy(() -> insert.setInt(0, 1))
                .hasMessage("BAD_ARGUMENTS: Parameter index 0 is out of range: the statement has 2 parameters");
    }

    @Test
    void aMissingParameterIsNamedByItsIndex() throws SQLException {
        insert.setInt(1, 1);

        assertThatThrownBy(insert::executeUpdate).hasMessage("BAD_ARGUMENTS: No value specified for parameter 2");
        assertThatThrownBy(insert::addBatch).hasMessage("BAD_ARGUMENTS: No value specified for parameter 2");
        assertThat(recording.executions).isEmpty();
    }

    @Test
    void executeUpdateIsOneEntryWithACopyOfTheValues() throws SQLException {
        insert.unwrap(SluiceStatement.class).setQueryId("q-1");
        insert.setInt(1, 1);
        insert.setString(2, "a");

        assertThat(insert.executeUpdate()).isEqualTo(1);
        insert.setInt(1, 2);

        assertThat(recording.executions).hasSize(1);
        assertThat(recording.executions.get(0)).hasSize(1);
        assertThat(recording.executions.get(0).get(0)).containsExactly(1, "a");
        assertThat(recording.queryIds).containsExactly("q-1");
        assertThat(insert.getLastQueryId()).isEqualTo("q-1");
        assertThat(insert.getUpdateCount()).isEqualTo(1);
    }

    @Test
    void anInsertThatDidNotWaitReportsZero() throws SQLException {
        recording.rowsWritten = 0;
        insert.setInt(1, 1);
        insert.setString(2, "a");

        assertThat(insert.execute()).isFalse();
        assertThat(insert.getUpdateCount()).isZero();
    }

    @Test
    void aBatchIsOneEntryWithOneRowPerSet() throws SQLException {
        for (int i = 0; i < 3; i++) {
            insert.setInt(1, i);
            insert.setString(2, "v" + i);
            insert.addBatch();
        }

        assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
        assertThat(recording.executions).hasSize(1);
        List<Object[]> sets = recording.executions.get(0);
        assertThat(sets).hasSize(3);
        assertThat(sets.get(2)).containsExactly(2, "v2");
        assertThat(insert.executeBatch()).isEmpty();
        assertThat(recording.executions).hasSize(1);
    }

    @Test
    void aBatchThatDidNotWaitReportsSuccessWithoutInfo() throws SQLException {
        recording.rowsWritten = 0;
        insert.setInt(1, 1);
        insert.setString(2, "a");
        insert.addBatch();
        insert.addBatch();

        assertThat(insert.executeBatch()).containsExactly(Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO);
    }

    @Test
    void aFailedBatchFailsEverySetWithTheEngineError() throws SQLException {
        recording.failure = new SluiceSqlException(ErrorCode.NO_SUCH_COLUMN_IN_TABLE, "No column x in table t");
        insert.setInt(1, 1);
        insert.setString(2, "a");
        insert.addBatch();
        insert.addBatch();

        assertThatThrownBy(insert::executeBatch)
                .isInstanceOf(BatchUpdateException.class)
                .hasMessage("NO_SUCH_COLUMN_IN_TABLE: No column x in table t")
                .satisfies(e -> {
                    BatchUpdateException batch = (BatchUpdateException) e;
                    assertThat(batch.getUpdateCounts()).containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
                    assertThat(batch.getErrorCode()).isEqualTo(16);
                    assertThat(batch.getSQLState()).isEqualTo("42S22");
                });
    }

    @Test
    void clearParametersForgetsTheValues() throws SQLException {
        insert.setInt(1, 1);
        insert.setString(2, "a");
        insert.clearParameters();

        assertThatThrownBy(insert::executeUpdate).hasMessage("BAD_ARGUMENTS: No value specified for parameter 1");
    }

    @Test
    void aBufferedInsertHasNoRowsMetadataOrSqlText() throws SQLException {
        assertThatThrownBy(insert::executeQuery)
                .hasMessage("SluicePreparedStatement.executeQuery: the statement does not produce a result set");
        assertThat(recording.executions).isEmpty();
        assertThat(insert.getMetaData().getColumnCount()).isZero();
        assertThat(insert.getParameterMetaData().getParameterCount()).isEqualTo(2);
        try (ResultSet keys = insert.getGeneratedKeys()) {
            assertThat(keys.next()).isFalse();
        }
        assertThatThrownBy(() -> insert.execute("SELECT 1"))
                .hasMessage("SluicePreparedStatement.execute: a prepared statement runs its own SQL; "
                        + "SQL text is not accepted");
        assertThatThrownBy(() -> insert.addBatch("SELECT 1"))
                .hasMessageContaining("SluicePreparedStatement.addBatch: a prepared statement runs its own SQL");
    }

    @Test
    void aClosedPreparedStatementThrowsHy010() throws SQLException {
        insert.close();

        assertThatThrownBy(() -> insert.setInt(1, 1)).hasMessage("This statement is closed");
        assertThatThrownBy(insert::executeUpdate).hasMessage("This statement is closed");
    }

    @Test
    void aPassThroughStatementDelegatesToTheTarget() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (v INTEGER, name TEXT)");
            statement.executeUpdate("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        SluicePreparedStatement select = (SluicePreparedStatement) connection.prepareStatement(
                "SELECT name FROM t WHERE v >= ? ORDER BY v");
        assertThat(select.getMetaData().getColumnName(1)).isEqualTo("name");
        select.setInt(1, 2);
        select.setMaxRows(1);

        try (ResultSet rows = select.executeQuery()) {
            assertThat(rows.getStatement()).isSameAs(select);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("two");
            assertThat(rows.next()).isFalse();
        }
        assertThat(select.unwrap(org.sqlite.jdbc4.JDBC4PreparedStatement.class)).isNotNull();

        SluicePreparedStatement delete = (SluicePreparedStatement) connection.prepareStatement("DELETE FROM t WHERE v = ?");
        delete.setInt(1, 1);
        assertThat(delete.executeUpdate()).isEqualTo(1);

        select.close();
        assertThat(select.isClosed()).isTrue();
    }
}

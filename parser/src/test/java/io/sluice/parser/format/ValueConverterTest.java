package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ValueConverter#convert} for values bound to prepared statements: the same rules as text, applied
 * to Java types. Each case: the value, the column (as in the format spec files) and the expected result
 * as {@link FormatSpecTest#renderValue} writes it, or {@code !} followed by the exact error message.
 */
class ValueConverterTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // INTEGER
                arguments(5L, "a INTEGER", "5"),
                arguments(5, "a INTEGER", "5"),
                arguments((short) -5, "a INTEGER", "-5"),
                arguments((byte) 7, "a INTEGER", "7"),
                arguments("42", "a INTEGER", "42"),
                arguments(3.0, "a INTEGER", "3"),
                arguments(new BigDecimal("12.000"), "a INTEGER", "12"),
                arguments(BigInteger.valueOf(-9), "a INTEGER", "-9"),
                arguments(true, "a INTEGER", "1"),
                arguments(300L, "a INTEGER RANGE=0..255",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '300' is out of range for column a at row 3: expected an integer between 0 and 255"),
                arguments(-1L, "a INTEGER RANGE=0..255",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '-1' is out of range for column a at row 3: expected an integer between 0 and 255"),
                arguments(300, "a INTEGER RANGE=0..255",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '300' is out of range for column a at row 3: expected an integer between 0 and 255"),
                arguments(new BigInteger("99999999999999999999"), "a INTEGER",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '99999999999999999999' is out of range for column a at row 3: expected an integer between -9223372036854775808 and 9223372036854775807"),
                arguments(1.5, "a INTEGER", "!CANNOT_PARSE_TEXT: Cannot parse '1.5' as INTEGER for column a at row 3: expected an integer"),
                arguments("abc", "a INTEGER", "!CANNOT_PARSE_TEXT: Cannot parse 'abc' as INTEGER for column a at row 3: expected an integer"),
                arguments("1.5", "a INTEGER", "!CANNOT_PARSE_TEXT: Cannot parse '1.5' as INTEGER for column a at row 3: expected an integer"),
                arguments("", "a INTEGER", "!CANNOT_PARSE_TEXT: Cannot parse '' as INTEGER for column a at row 3: expected an integer"),
                arguments(LocalDate.of(2024, 1, 5), "a INTEGER",
                        "!CANNOT_PARSE_TEXT: Cannot parse '2024-01-05' as INTEGER for column a at row 3: expected an integer"),
                // REAL
                arguments(1.5, "r REAL", "1.5d"),
                arguments(1.1f, "r REAL", "1.1d"),
                arguments(2L, "r REAL", "2.0d"),
                arguments(new BigDecimal("0.25"), "r REAL", "0.25d"),
                arguments("1e2", "r REAL", "100.0d"),
                arguments(Double.NaN, "r REAL", "!CANNOT_PARSE_TEXT: Cannot parse 'NaN' as REAL for column r at row 3: expected a finite number"),
                arguments(Double.POSITIVE_INFINITY, "r REAL",
                        "!CANNOT_PARSE_TEXT: Cannot parse 'Infinity' as REAL for column r at row 3: expected a finite number"),
                arguments("inf", "r REAL", "!CANNOT_PARSE_TEXT: Cannot parse 'inf' as REAL for column r at row 3: expected a finite number"),
                // NUMERIC
                arguments(new BigDecimal("1.50"), "n NUMERIC", "1.50bd"),
                arguments(new BigDecimal("2.00"), "n NUMERIC", "2"),
                arguments(7, "n NUMERIC", "7"),
                arguments(0.1, "n NUMERIC", "0.1bd"),
                arguments(new BigInteger("123456789012345678901234567890"), "n NUMERIC", "123456789012345678901234567890bd"),
                arguments("3.25", "n NUMERIC", "3.25bd"),
                arguments(new BigDecimal("1.235"), "n NUMERIC PRECISION=5:2", "1.24bd"),
                arguments(2.005, "n NUMERIC PRECISION=5:2", "2.01bd"),
                arguments(999, "n NUMERIC PRECISION=5:2", "999"),
                arguments(Long.MIN_VALUE, "n NUMERIC PRECISION=5:2",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '-9223372036854775808' is out of range for column n at row 3: column type NUMERIC (precision 5, scale 2) takes numbers that round to an absolute value below 10^3"),
                arguments(1000L, "n NUMERIC PRECISION=5:2",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '1000' is out of range for column n at row 3: column type NUMERIC (precision 5, scale 2) takes numbers that round to an absolute value below 10^3"),
                // BOOLEAN
                arguments(true, "b BOOLEAN", "1"),
                arguments(false, "b BOOLEAN", "0"),
                arguments(1, "b BOOLEAN", "1"),
                arguments("FALSE", "b BOOLEAN", "0"),
                arguments(2, "b BOOLEAN", "!CANNOT_PARSE_TEXT: Cannot parse '2' as BOOLEAN for column b at row 3: expected true, false, 1 or 0"),
                // TEXT
                arguments("héllo", "t TEXT", "'héllo'"),
                arguments(12L, "t TEXT", "'12'"),
                arguments(new BigDecimal("1.50"), "t TEXT", "'1.50'"),
                arguments(true, "t TEXT", "'true'"),
                arguments('c', "t TEXT", "'c'"),
                arguments(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "t TEXT", "'123e4567-e89b-12d3-a456-426614174000'"),
                arguments("toolong", "t TEXT MAX=3",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value of 7 characters is too long for column t at row 3: expected at most 3 characters"),
                arguments(new byte[] {1}, "t TEXT",
                        "!CANNOT_CONVERT_TYPE: Cannot convert a value of [B to TEXT for column t at row 3"),
                // BLOB
                arguments(new byte[] {0, (byte) 0xff}, "b BLOB", "x'00ff'"),
                arguments("hé", "b BLOB", "x'68c3a9'"),
                arguments(new byte[] {1, 2, 3}, "b BLOB MAX=2",
                        "!VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value of 3 bytes is too long for column b at row 3: expected at most 2 bytes"),
                // DATE
                arguments(LocalDate.of(2024, 2, 29), "d DATE", "'2024-02-29'"),
                arguments(Date.valueOf("2024-01-05"), "d DATE", "'2024-01-05'"),
                arguments("2024-01-05", "d DATE", "'2024-01-05'"),
                arguments("2024-02-30", "d DATE",
                        "!CANNOT_PARSE_DATE: Cannot parse '2024-02-30' as DATE for column d at row 3: expected a valid date YYYY-MM-DD"),
                arguments(LocalDateTime.of(2024, 1, 5, 10, 0), "d DATE",
                        "!CANNOT_PARSE_DATE: Cannot parse '2024-01-05 10:00:00' as DATE for column d at row 3: expected a valid date YYYY-MM-DD"),
                // a number is a driver's date (sqlite-jdbc's epoch milliseconds, Julian day): the target decides
                arguments(20240105L, "d DATE", "20240105"),
                arguments(2460314.5, "d DATE", "2460314.5d"),
                arguments(1704450000000L, "t TIMESTAMP", "1704450000000"),
                arguments("2024-01-05 10:00", "d DATE",
                        "!CANNOT_PARSE_DATE: Cannot parse '2024-01-05 10:00' as DATE for column d at row 3: expected a valid date YYYY-MM-DD"),
                // TIMESTAMP
                arguments(LocalDateTime.of(2024, 1, 5, 10, 20), "t TIMESTAMP", "'2024-01-05 10:20:00'"),
                arguments(LocalDateTime.of(2024, 1, 5, 10, 20, 30, 120_000_000), "t TIMESTAMP", "'2024-01-05 10:20:30.12'"),
                arguments(Timestamp.valueOf("2024-01-05 10:20:30.000000001"), "t TIMESTAMP", "'2024-01-05 10:20:30.000000001'"),
                arguments("2024-01-05T10:20:30", "t TIMESTAMP", "'2024-01-05 10:20:30'"),
                arguments(Time.valueOf("10:20:30"), "t TIMESTAMP",
                        "!CANNOT_PARSE_DATETIME: Cannot parse '10:20:30' as TIMESTAMP for column t at row 3: expected a valid timestamp YYYY-MM-DD HH:MM:SS[.fraction]"),
                // with its offset, as pgjdbc binds it: the target keeps the instant or the wall-clock time by the column
                arguments(OffsetDateTime.of(2024, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC), "t TIMESTAMP", "'2024-01-05 10:00:00+00'"),
                arguments(OffsetDateTime.of(2024, 1, 5, 10, 0, 0, 5_000, ZoneOffset.ofHoursMinutes(-3, -30)), "t TIMESTAMP",
                        "'2024-01-05 10:00:00.000005-03:30'"),
                arguments(OffsetDateTime.of(2024, 1, 5, 10, 0, 0, 0, ZoneOffset.ofHours(5)), "t TEXT", "'2024-01-05 10:00:00+05'"),
                arguments(OffsetDateTime.of(2024, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC), "d DATE",
                        "!CANNOT_CONVERT_TYPE: Cannot convert a value of java.time.OffsetDateTime to DATE for column d at row 3"),
                arguments(Time.valueOf("10:20:30"), "t TEXT", "'10:20:30'"),
                arguments(new Time(Time.valueOf("10:20:30").getTime() + 250), "t TEXT", "'10:20:30.25'"),
                // UUID
                arguments(UUID.fromString("123E4567-E89B-12D3-A456-426614174000"), "u UUID", "'123e4567-e89b-12d3-a456-426614174000'"),
                arguments("123E4567-E89B-12D3-A456-426614174000", "u UUID", "'123e4567-e89b-12d3-a456-426614174000'"),
                arguments("not-a-uuid", "u UUID",
                        "!CANNOT_PARSE_TEXT: Cannot parse 'not-a-uuid' as UUID for column u at row 3: expected a UUID of 32 hexadecimal digits as 8-4-4-4-12"),
                // JSON
                arguments("{\"a\": 1}", "j JSON", "'{\"a\": 1}'"),
                arguments(5L, "j JSON", "'5'"),
                arguments("{a: 1}", "j JSON", "!INCORRECT_DATA: Cannot parse '{a: 1}' as JSON for column j at row 3: expected valid JSON: expected a key, found 'a'"),
                // ANY
                arguments(5, "x ANY", "5"),
                arguments(2.5, "x ANY", "2.5d"),
                arguments("5", "x ANY", "'5'"),
                arguments(new BigDecimal("5"), "x ANY", "5"),
                arguments(new BigDecimal("5.0"), "x ANY", "5.0d"),
                arguments(true, "x ANY", "1"),
                arguments(new byte[] {9}, "x ANY", "x'09'"),
                // NULL and DEFAULT
                arguments(null, "a INTEGER", "NULL"),
                arguments(null, "a INTEGER NOT NULL DEFAULT",
                        "!CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: Cannot insert NULL into column a at row 3: the column is NOT NULL"),
                arguments(Part.DEFAULT, "a INTEGER NOT NULL DEFAULT", "DEFAULT"),
                arguments(Part.DEFAULT, "a INTEGER", "DEFAULT"),
                arguments(Part.DEFAULT, "a INTEGER NOT NULL",
                        "!CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: Cannot insert a default into column a at row 3: the column is NOT NULL and has no default"),
                // Anything else
                arguments(new Object() {
                    @Override
                    public String toString() {
                        return "something";
                    }
                }, "t TEXT", "!CANNOT_CONVERT_TYPE: Cannot convert a value of io.sluice.parser.format.ValueConverterTest$1 to TEXT for column t at row 3"));
    }

    @ParameterizedTest(name = "{0} for {1} -> {2}")
    @MethodSource("cases")
    void convert(Object value, String columnSpec, String expected) throws DataParseException {
        ColumnInfo column = FormatSpecTest.columns(columnSpec).get(0);
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> ValueConverter.convert(value, column, 3))
                    .isInstanceOfSatisfying(DataParseException.class, e -> {
                        assertThat(e.row()).isEqualTo(3);
                        assertThat(e.column()).isEqualTo(column.name());
                    })
                    .hasMessage(expected.substring(1));
        } else {
            assertThat(FormatSpecTest.renderValue(ValueConverter.convert(value, column, 3))).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a byte[] is copied: the caller may reuse its array")
    void bytesCopied() throws DataParseException {
        byte[] bytes = {1, 2};
        ColumnInfo column = FormatSpecTest.columns("b BLOB").get(0);

        Object converted = ValueConverter.convert(bytes, column, 1);
        bytes[0] = 9;

        assertThat((byte[]) converted).containsExactly(1, 2);
    }

    @Test
    @DisplayName("a Long within an INTEGER column's range, a finite Double for a REAL one, is kept as the very object: a flush boxes no value again")
    void longKeptAsItIs() throws DataParseException {
        Long large = 123_456_789_012L;
        assertThat(ValueConverter.convert(large, FormatSpecTest.columns("a INTEGER").get(0), 1)).isSameAs(large);
        assertThat(ValueConverter.convert(large, FormatSpecTest.columns("a REAL").get(0), 1)).isEqualTo(123_456_789_012.0);
        Double real = 0.125;
        assertThat(ValueConverter.convert(real, FormatSpecTest.columns("a REAL").get(0), 1)).isSameAs(real);
    }
}

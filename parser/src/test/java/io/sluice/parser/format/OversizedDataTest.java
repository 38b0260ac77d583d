package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data far beyond anything real (deep nesting, huge numbers, unterminated quotes over megabytes) fails fast, naming the problem. */
class OversizedDataTest {
    private static final Duration FAST = Duration.ofSeconds(10);
    private static final int DEEP = 100_000;

    private static ColumnInfo column(String name, ValueType type) {
        return ColumnInfo.of(name, type.name(), type, true, false);
    }

    /** Reads under a deadline; the read must fail, and the error is returned. */
    private static DataParseException failure(Format format, String data, ColumnInfo... columns) {
        List<Object[]> rows = new ArrayList<>();
        return assertTimeoutPreemptively(FAST, () -> {
            try {
                format.reader().read(data, 0, List.of(columns), rows::add);
            } catch (DataParseException e) {
                return e;
            }
            throw new AssertionError("read " + rows.size() + " rows without an error");
        });
    }

    @ParameterizedTest
    @EnumSource(value = ValueType.class, names = {"TEXT", "JSON", "ANY", "INTEGER"})
    @DisplayName("JSONEachRow: 100,000 nested arrays in a value are refused at the nesting limit, not with a StackOverflowError")
    void deeplyNestedJsonArrays(ValueType type) {
        String data = "{\"a\": 1, \"v\": " + "[".repeat(DEEP) + "]".repeat(DEEP) + "}\n";

        DataParseException error = failure(Format.JSON_EACH_ROW, data, column("a", ValueType.INTEGER), column("v", type));

        assertThat(error.getMessage()).isEqualTo("INCORRECT_DATA: Cannot parse JSON at row 1: nesting deeper than 512 levels");
        assertThat(error.row()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = ValueType.class, names = {"TEXT", "JSON"})
    @DisplayName("JSONEachRow: 100,000 nested objects are refused at the nesting limit")
    void deeplyNestedJsonObjects(ValueType type) {
        String data = "{\"v\": 1}\n{\"v\": " + "{\"k\":".repeat(DEEP) + "1" + "}".repeat(DEEP) + "}\n";

        DataParseException error = failure(Format.JSON_EACH_ROW, data, column("v", type));

        assertThat(error.getMessage()).isEqualTo("INCORRECT_DATA: Cannot parse JSON at row 2: nesting deeper than 512 levels");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"VALUES", "CSV", "TAB_SEPARATED"})
    @DisplayName("a deeply nested JSON document in a JSON column of another format fails as invalid JSON, naming the nesting")
    void deeplyNestedJsonInAJsonColumn(Format format) {
        String json = "[".repeat(DEEP) + "]".repeat(DEEP);
        String data = switch (format) {
            case VALUES -> "('" + json + "')";
            case CSV -> "\"" + json + "\"\n";
            default -> json + "\n";
        };

        DataParseException error = failure(format, data, column("j", ValueType.JSON));

        assertThat(error.error()).isEqualTo(ErrorCode.INCORRECT_DATA);
        assertThat(error.getMessage()).startsWith("INCORRECT_DATA: Cannot parse '[[[[").endsWith(
                "as JSON for column j at row 1: expected valid JSON: nesting deeper than 512 levels");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"VALUES"})
    @DisplayName("Values: 100,000 nested parentheses are an expression, refused at once")
    void deeplyNestedParentheses(Format format) {
        String data = "(1), (" + "(".repeat(DEEP) + "1" + ")".repeat(DEEP) + ")";

        DataParseException error = failure(format, data, column("a", ValueType.INTEGER));

        assertThat(error.getMessage()).startsWith("SYNTAX_ERROR: Cannot parse expression '((((((")
                .endsWith("for column a at row 2: expressions are not supported, only literals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTEGER", "NUMERIC", "REAL"})
    @DisplayName("a number of ten million digits is out of range for a numeric column, at once")
    void hugeNumber(String typeName) {
        ValueType type = ValueType.valueOf(typeName);
        String data = "(1), (" + "7".repeat(10_000_000) + ")";

        DataParseException error = failure(Format.VALUES, data, column("n", type));

        assertThat(error.error()).isEqualTo(ErrorCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE);
        assertThat(error.getMessage()).startsWith("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '7777777").contains("...' is out of range for column n at row 2: expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "1000000000000000000000000", "0.5"})
    @DisplayName("NUMERIC refuses numbers whose plain text would be gigabytes, or whose digits cost seconds to parse")
    void numericBeyondItsDigits(String literal) {
        // The last two stand for 1,001 and 131,073 digits: over the length an exact parse is allowed.
        literal = literal.startsWith("1000") ? "1" + "0".repeat(131_073) : literal.equals("0.5") ? "0." + "5".repeat(1_000) : literal;
        DataParseException error = failure(Format.CSV, literal + "\n", column("n", ValueType.NUMERIC));

        assertThat(error.getMessage()).startsWith("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: Value '").contains("is out of range for column n at row 1: expected a number");
    }

    @ParameterizedTest
    @ValueSource(ints = {-999_999_999, 999_999_999, Integer.MIN_VALUE + 1, Integer.MAX_VALUE})
    @DisplayName("a BigDecimal parameter with an extreme scale is refused or written short, never expanded to its plain text")
    void extremeScaleParameters(int scale) throws Exception {
        BigDecimal value = new BigDecimal(java.math.BigInteger.valueOf(123), scale);

        assertTimeoutPreemptively(FAST, () -> {
            for (ValueType type : ValueType.values()) {
                try {
                    Object converted = ValueConverter.convert(value, column("x", type), 1);
                    if (converted instanceof String text) {
                        assertThat(text.length()).as("%s as %s", value, type).isLessThan(100);
                    }
                } catch (DataParseException e) {
                    assertThat(e.getMessage()).contains("at row 1");
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"VALUES", "CSV", "JSON_EACH_ROW"})
    @DisplayName("an unterminated quote before 50 MB of data is reported at its row, after one pass")
    void unterminatedQuoteOverHugeData(Format format) {
        String rest = "x".repeat(50_000_000);
        String data = switch (format) {
            case VALUES -> "('a'), ('" + rest;
            case CSV -> "\"a\"\n\"" + rest;
            default -> "{\"t\": \"a\"}\n{\"t\": \"" + rest;
        };

        DataParseException error = failure(format, data, column("t", ValueType.TEXT));

        assertThat(error.row()).isEqualTo(2);
        assertThat(error.getMessage()).contains("at row 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {1_001, 100_000})
    @DisplayName("a prepared VALUES template refuses a number literal too long to parse exactly")
    void templateWithAHugeNumber(int digits) {
        String sql = "(?, 1." + "5".repeat(digits) + ")";

        DataParseException error = assertTimeoutPreemptively(FAST, () -> {
            try {
                ValuesTemplate.parse(sql, 0, 2);
            } catch (DataParseException e) {
                return e;
            }
            throw new AssertionError("parsed");
        });

        assertThat(error.getMessage()).isEqualTo("CANNOT_PARSE_INPUT_ASSERTION_FAILED: Cannot parse input at row 1: the number literal of value 2 has "
                + (digits + 2) + " characters, expected at most 1000");
    }
}

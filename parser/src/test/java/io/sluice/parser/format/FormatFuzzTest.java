package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.parser.Fuzz;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Part;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of every format reader, ValuesTemplate and ValueConverter over generated, mutated and random
 * payloads. The normal run makes {@code jqwik.tries.default} tries per property (see
 * {@code junit-platform.properties}); a long run: {@code -Djqwik.tries.default=100000}.
 */
class FormatFuzzTest {
    /** A payload with its data mutated: what it was generated as no longer says what it reads as. */
    record Mutated(Format format, List<ColumnInfo> columns, String data) {
        @Override
        public String toString() {
            return format.canonicalName() + " " + columns.stream().map(c -> c.name() + ":" + c.type()).toList() + " data="
                    + Fuzz.preview(data);
        }
    }

    @Provide
    Arbitrary<Payloads.Payload> payloads() {
        return Arbitraries.randomValue(Payloads::generate);
    }

    @Provide
    Arbitrary<Payloads.Payload> valuesPayloads() {
        return Arbitraries.randomValue(random -> new Payloads(random).payload(Format.VALUES));
    }

    @Provide
    Arbitrary<Mutated> mutated() {
        return Combinators.combine(payloads(), Fuzz.mutation().list().ofMinSize(1).ofMaxSize(5)).as((payload, mutations) -> {
            String data = payload.data();
            for (Fuzz.Mutation mutation : mutations) {
                data = mutation.applyTo(data);
            }
            return new Mutated(payload.format(), payload.columns(), data);
        });
    }

    @Provide
    Arbitrary<Mutated> garbage() {
        Arbitrary<Format> formats = Arbitraries.of(Format.class);
        Arbitrary<List<ColumnInfo>> columns = Arbitraries.randomValue(random -> new Payloads(random).columns());
        return Combinators.combine(formats, columns, Fuzz.garbage()).as(Mutated::new);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Fuzz.garbage();
    }

    @Property
    @Label("rows written in any format read back as the values they were written from, wherever the data starts")
    void roundTrip(@ForAll("payloads") Payloads.Payload payload, @ForAll("prefixes") String prefix) throws Exception {
        String text = prefix + payload.data();
        List<Object[]> rows = new ArrayList<>();

        int count = Fuzz.within(text, () -> payload.format().reader().read(text, prefix.length(), payload.columns(), rows::add));

        assertThat(count).isEqualTo(rows.size());
        assertRowsEqual(rows, payload.expected());
    }

    @Property
    @Label("a Values template of literals gives the values the Values reader reads, once converted")
    void templateAgreesWithReader(@ForAll("valuesPayloads") Payloads.Payload payload) throws Exception {
        List<ColumnInfo> columns = payload.columns();
        if (payload.expected().isEmpty()) {
            return;
        }

        ValuesTemplate template = Fuzz.within(payload.data(), () -> ValuesTemplate.parse(payload.data(), 0, columns.size()));

        assertThat(template.parameterCount()).isZero();
        List<Object[]> converted = new ArrayList<>();
        int row = 0;
        for (Object[] literals : template.rows(new Object[0])) {
            row++;
            Object[] values = new Object[literals.length];
            for (int c = 0; c < values.length; c++) {
                values[c] = ValueConverter.convert(literals[c], columns.get(c), row);
            }
            converted.add(values);
        }
        assertRowsEqual(converted, payload.expected());
    }

    @Property
    @Label("converting an already converted value (a bound parameter) gives it back unchanged")
    void conversionIsIdempotent(@ForAll("payloads") Payloads.Payload payload) throws Exception {
        for (Object[] row : payload.expected()) {
            Object[] again = new Object[row.length];
            for (int c = 0; c < row.length; c++) {
                again[c] = ValueConverter.convert(row[c], payload.columns().get(c), 1);
            }
            assertThat(Arrays.deepEquals(again, row)).as("%s converted again: %s", Arrays.deepToString(row), Arrays.deepToString(again)).isTrue();
        }
    }

    @Property
    @Label("a mutated payload reads, or fails with a data error naming its row, after exactly the rows before it")
    void mutatedPayloadsReadOrFailCleanly(@ForAll("mutated") Mutated mutated) throws Exception {
        checkReadOrDataError(mutated.format(), mutated.columns(), mutated.data());
    }

    @Property
    @Label("random text in any format reads, or fails with a data error naming its row")
    void garbageReadsOrFailsCleanly(@ForAll("garbage") Mutated garbage) throws Exception {
        checkReadOrDataError(garbage.format(), garbage.columns(), garbage.data());
    }

    @Property
    @Label("a mutated Values template parses or fails with a data error, and its rows take exactly its parameters")
    void mutatedTemplates(@ForAll("mutated") Mutated mutated) throws Exception {
        String data = mutated.data().replace("NULL", "?");
        ValuesTemplate template;
        try {
            template = Fuzz.within(data, () -> ValuesTemplate.parse(data, 0, mutated.columns().size()));
        } catch (Exception | Error e) {
            Fuzz.assertSluiceError(e, data);
            assertThat(e).isInstanceOf(DataParseException.class).hasMessageContaining("row " + ((DataParseException) e).row());
            return;
        }
        Object[] parameters = new Object[template.parameterCount()];
        Arrays.fill(parameters, 7L);
        for (Object[] row : template.rows(parameters)) {
            assertThat(row).hasSize(mutated.columns().size());
        }
    }

    @Provide
    Arbitrary<Object> javaValues() {
        return Arbitraries.oneOf(
                Arbitraries.longs(), Arbitraries.integers(), Arbitraries.shorts(), Arbitraries.bytes(), Arbitraries.doubles(),
                Arbitraries.floats(), Arbitraries.strings().all().ofMaxLength(40), Arbitraries.chars(), Arbitraries.of(true, false),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(40).negate(), java.math.BigInteger.TEN.pow(40)),
                Combinators.combine(Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(-1_000_000), java.math.BigInteger.valueOf(1_000_000)),
                        Arbitraries.of(0, 1, 2, 5, 19, 20, 40, -1, -5, -19, -20, -40, 1000, -1000, 100_000, -100_000, 999_999_999, -999_999_999,
                                Integer.MAX_VALUE, Integer.MIN_VALUE + 1)).as(BigDecimal::new),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                        Float.NaN, Float.MAX_VALUE),
                Arbitraries.of(java.time.LocalDate.MIN, java.time.LocalDate.MAX, java.time.LocalDate.of(2024, 2, 29),
                        java.time.LocalDateTime.MIN, java.time.LocalDateTime.MAX, java.time.LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1),
                        java.sql.Date.valueOf("2024-01-02"), java.sql.Timestamp.valueOf("2024-01-02 03:04:05.5"), java.sql.Time.valueOf("10:11:12"),
                        java.util.UUID.randomUUID(), new Object(), Part.DEFAULT, new byte[] {0, -1, 2}, new byte[0],
                        "9".repeat(5_000), "1e999999999", "-1E-999999999", "2024-02-30", "{\"a\": [1, {}]}", "[" .repeat(10_000)),
                Arbitraries.just(null));
    }

    @Property
    @Label("ValueConverter.convert gives the column's Java type, or a data error naming the row, for any Java value")
    void converterTakesAnyJavaValue(@ForAll("javaValues") Object value, @ForAll("anyColumn") ColumnInfo column) throws Exception {
        Object converted;
        try {
            converted = Fuzz.within(String.valueOf(value), () -> ValueConverter.convert(value, column, 3));
        } catch (Exception | Error e) {
            Fuzz.assertSluiceError(e, String.valueOf(value));
            assertThat(e).isInstanceOf(DataParseException.class).hasMessageContaining("at row 3");
            assertThat(((DataParseException) e).row()).isEqualTo(3);
            return;
        }
        assertFits(converted, column);
    }

    @Provide
    Arbitrary<ColumnInfo> anyColumn() {
        return Arbitraries.randomValue(random -> new Payloads(random).columns().get(0));
    }

    // ------------------------------------------------------------------ checks

    /**
     * Reads {@code data} under a deadline: either every row fits its columns and the count is right, or the
     * reader throws a {@link DataParseException} naming the row (or the header) where the rows it handed over
     * stop.
     */
    static void checkReadOrDataError(Format format, List<ColumnInfo> columns, String data) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        int count;
        try {
            count = Fuzz.within(data, () -> format.reader().read(data, 0, columns, rows::add));
        } catch (Exception | Error e) {
            SluiceSqlException error = Fuzz.assertSluiceError(e, data);
            assertThat(error instanceof DataParseException).as("a DataParseException: %s", error.getMessage()).isTrue();
            DataParseException dataError = (DataParseException) error;
            if (dataError.row() == 0) {
                assertThat(error.getMessage()).contains("header");
                assertThat(rows).isEmpty();
            } else {
                assertThat(error.getMessage()).contains("row " + dataError.row());
                assertThat(rows.size()).as("rows read before the error at row %d: %s", dataError.row(), error.getMessage())
                        .isBetween(dataError.row() - 1, dataError.row());
            }
            if (dataError.column() != null && error.error() != ErrorCode.NO_SUCH_COLUMN_IN_TABLE && error.error() != ErrorCode.DUPLICATE_COLUMN) {
                assertThat(columns).extracting(ColumnInfo::name).as("the column of %s", error.getMessage()).contains(dataError.column());
            }
            for (Object[] row : rows) {
                assertRowFits(row, columns);
            }
            return;
        }
        assertThat(count).isEqualTo(rows.size());
        for (Object[] row : rows) {
            assertRowFits(row, columns);
        }
    }

    static void assertRowFits(Object[] row, List<ColumnInfo> columns) {
        assertThat(row).hasSize(columns.size());
        for (int c = 0; c < row.length; c++) {
            assertFits(row[c], columns.get(c));
        }
    }

    /** The value is what ValueType documents for the column, within its limits. */
    static void assertFits(Object value, ColumnInfo column) {
        if (value == null) {
            assertThat(column.nullable()).as("NULL in %s", column).isTrue();
            return;
        }
        if (value == Part.DEFAULT) {
            assertThat(column.nullable() || column.hasDefault()).as("DEFAULT in %s", column).isTrue();
            return;
        }
        switch (column.type()) {
            case INTEGER -> assertThat(value).isInstanceOfSatisfying(Long.class,
                    v -> assertThat(v).isBetween(column.minValue(), column.maxValue()));
            case BOOLEAN -> assertThat(value).isIn(0L, 1L);
            case REAL -> assertThat(value).isInstanceOfSatisfying(Double.class, v -> assertThat(v).isFinite());
            case NUMERIC -> assertThat(value).isInstanceOfAny(Long.class, BigDecimal.class);
            case BLOB -> assertThat(value).isInstanceOfSatisfying(byte[].class,
                    v -> assertThat(column.maxLength() < 0 || v.length <= column.maxLength()).isTrue());
            case TEXT -> {
                // A typed floating-point value stays a number, for the target to render.
                if (!(value instanceof Double number && Double.isFinite(number))) {
                    assertThat(value).isInstanceOfSatisfying(String.class,
                            v -> assertThat(column.maxLength() < 0 || v.codePointCount(0, v.length()) <= column.maxLength()).isTrue());
                }
            }
            // A typed number is a driver's date (epoch milliseconds, a Julian day).
            case DATE -> assertTemporal(value, v -> assertThat(v).hasSize(10));
            case TIMESTAMP -> assertTemporal(value, v -> assertThat(v.charAt(10)).isEqualTo(' '));
            case UUID -> assertThat(value).isInstanceOfSatisfying(String.class, v -> assertThat(v).isLowerCase().hasSize(36));
            case JSON -> assertThat(value).isInstanceOfSatisfying(String.class, v -> assertThat(JsonScanner.isValid(v, 0, v.length())).isTrue());
            case ANY -> assertThat(value).isInstanceOfAny(Long.class, Double.class, String.class, byte[].class);
        }
    }

    private static void assertTemporal(Object value, java.util.function.Consumer<String> text) {
        if (value instanceof Long || (value instanceof Double number && Double.isFinite(number))) {
            return;
        }
        assertThat(value).isInstanceOfSatisfying(String.class, text);
    }

    static void assertRowsEqual(List<Object[]> actual, List<Object[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < actual.size(); r++) {
            assertThat(Arrays.deepEquals(actual.get(r), expected.get(r)))
                    .as("row %d: read %s, expected %s", r + 1, describe(actual.get(r)), describe(expected.get(r))).isTrue();
        }
    }

    private static String describe(Object[] row) {
        StringBuilder out = new StringBuilder("[");
        for (Object value : row) {
            out.append(out.length() > 1 ? ", " : "");
            if (value instanceof String s) {
                out.append('\'').append(Fuzz.preview(s)).append('\'');
            } else if (value instanceof byte[] b) {
                out.append(Arrays.toString(b));
            } else {
                out.append(value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")");
            }
        }
        return out.append(']').toString();
    }
}

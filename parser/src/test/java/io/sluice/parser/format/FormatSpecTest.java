package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.parser.SpecFile;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the format cases in {@code src/test/resources/formats/*.txt}, in the spirit of FastCSV's spec
 * files. A case gives:
 * <ul>
 *   <li>{@code format:} a format name as {@link Format#byName} takes it;
 *   <li>{@code columns:} the insert columns, comma-separated, each {@code name TYPE} followed by any of
 *       {@code NOT NULL}, {@code DEFAULT} (has a default), {@code MAX=n} (max length),
 *       {@code RANGE=min..max} (integer range), {@code PRECISION=p:s} (decimal precision and scale);
 *   <li>{@code input:} the data (see {@link SpecFile#decode} for tabs and line breaks);
 *   <li>either {@code rows:} one line per expected row as {@link #render} writes it (no lines: no rows),
 *       or {@code error:} the exact message and optionally {@code at: row=N column=name} (- for none).
 * </ul>
 * Every case is read twice: from offset 0, and after a prefix that the reader must skip.
 */
class FormatSpecTest {
    private static final String PREFIX = "INSERT INTO t FORMAT Whatever (1), 'x\n";

    static Stream<SpecFile.Case> cases() {
        return SpecFile.cases("formats");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void format(SpecFile.Case spec) throws DataParseException {
        FormatReader reader = Format.byName(spec.get("format"))
                .orElseThrow(() -> new IllegalArgumentException("unknown format in case " + spec.id()))
                .reader();
        List<ColumnInfo> columns = columns(spec.get("columns"));
        String input = SpecFile.decode(spec.has("input") ? spec.get("input") : "");
        assertThat(spec.has("rows") ^ spec.has("error")).as("a case has exactly one of rows: and error:").isTrue();
        for (String prefix : List.of("", PREFIX)) {
            String data = prefix + input;
            if (spec.has("error")) {
                assertThatThrownBy(() -> reader.read(data, prefix.length(), columns, row -> {}))
                        .isInstanceOf(DataParseException.class)
                        .hasMessage(spec.get("error"))
                        .satisfies(e -> checkPosition(spec, (DataParseException) e));
            } else {
                List<String> rows = new ArrayList<>();
                int count = reader.read(data, prefix.length(), columns, row -> rows.add(render(row)));
                List<String> expected = spec.get("rows").isEmpty() ? List.of() : Arrays.asList(spec.get("rows").split("\n"));
                assertThat(rows).containsExactlyElementsOf(expected);
                assertThat(count).isEqualTo(expected.size());
            }
        }
    }

    private static void checkPosition(SpecFile.Case spec, DataParseException e) {
        if (!spec.has("at")) {
            return;
        }
        String expected = spec.get("at");
        assertThat("row=" + e.row() + " column=" + (e.column() == null ? "-" : e.column())).isEqualTo(expected);
    }

    static List<ColumnInfo> columns(String spec) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (String definition : spec.split(",")) {
            String[] words = definition.trim().split("\\s+");
            String name = words[0];
            ValueType type = ValueType.valueOf(words[1]);
            boolean nullable = true;
            boolean hasDefault = false;
            int maxLength = -1;
            long min = Long.MIN_VALUE;
            long max = Long.MAX_VALUE;
            int precision = -1;
            int scale = 0;
            for (int i = 2; i < words.length; i++) {
                String word = words[i];
                if (word.equals("NOT") && i + 1 < words.length && words[i + 1].equals("NULL")) {
                    nullable = false;
                    i++;
                } else if (word.equals("DEFAULT")) {
                    hasDefault = true;
                } else if (word.startsWith("MAX=")) {
                    maxLength = Integer.parseInt(word.substring(4));
                } else if (word.startsWith("RANGE=")) {
                    String[] bounds = word.substring(6).split("\\.\\.");
                    min = Long.parseLong(bounds[0]);
                    max = Long.parseLong(bounds[1]);
                } else if (word.startsWith("PRECISION=")) {
                    String[] limits = word.substring(10).split(":");
                    precision = Integer.parseInt(limits[0]);
                    scale = Integer.parseInt(limits[1]);
                } else {
                    throw new IllegalArgumentException("unknown column modifier " + word + " in " + definition);
                }
            }
            ColumnInfo column = new ColumnInfo(name, words[1], type, nullable, hasDefault, true, maxLength, min, max);
            columns.add(precision < 0 ? column : column.withPrecision(precision, scale));
        }
        return columns;
    }

    /**
     * A row as one line: {@code [1, 1.5d, 2.50bd, 'text', x'00ff', NULL, DEFAULT, true]} — Long, Double,
     * BigDecimal, String (with \\ \' \n \t \r \0 \b \f escaped), byte[], null, {@link Part#DEFAULT}, Boolean.
     */
    static String render(Object[] row) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(renderValue(row[i]));
        }
        return out.append(']').toString();
    }

    static String renderValue(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value == Part.DEFAULT) {
            return "DEFAULT";
        }
        if (value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double) {
            return value + "d";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString() + "bd";
        }
        if (value instanceof byte[] bytes) {
            return "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        if (value instanceof String text) {
            StringBuilder out = new StringBuilder("'");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\'' -> out.append("\\'");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    case '\0' -> out.append("\\0");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> out.append(c);
                }
            }
            return out.append('\'').toString();
        }
        throw new IllegalArgumentException("unexpected value type " + value.getClass().getName().toLowerCase(Locale.ROOT));
    }
}

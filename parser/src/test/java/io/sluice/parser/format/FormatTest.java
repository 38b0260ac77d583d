package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Values, VALUES",
        "values, VALUES",
        "CSV, CSV",
        "csv, CSV",
        "CSVWithNames, CSV_WITH_NAMES",
        "csvwithnames, CSV_WITH_NAMES",
        "TabSeparated, TAB_SEPARATED",
        "TSV, TAB_SEPARATED",
        "tsv, TAB_SEPARATED",
        "TabSeparatedWithNames, TAB_SEPARATED_WITH_NAMES",
        "TSVWithNames, TAB_SEPARATED_WITH_NAMES",
        "tsvwithnames, TAB_SEPARATED_WITH_NAMES",
        "JSONEachRow, JSON_EACH_ROW",
        "jsoneachrow, JSON_EACH_ROW",
    })
    @DisplayName("names and aliases are matched ignoring case")
    void byName(String name, Format expected) {
        assertThat(Format.byName(name)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"Parquet", "JSON", "CSVWithNamesAndTypes", "''", "' CSV'"})
    @DisplayName("other names are unknown")
    void unknown(String name) {
        assertThat(Format.byName(name)).isEmpty();
    }

    @Test
    void nullNameIsUnknown() {
        assertThat(Format.byName(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @DisplayName("the canonical name finds the format, and its reader is a shared instance")
    void canonicalNameAndReader(Format format) {
        assertThat(Format.byName(format.canonicalName())).contains(format);
        assertThat(format.reader()).isNotNull().isSameAs(format.reader());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @DisplayName("each row is a fresh array")
    void freshArrays(Format format) throws DataParseException {
        String data = switch (format) {
            case VALUES -> "(1), (2)";
            case CSV, TAB_SEPARATED -> "1\n2\n";
            case CSV_WITH_NAMES, TAB_SEPARATED_WITH_NAMES -> "a\n1\n2\n";
            case JSON_EACH_ROW -> "{\"a\":1}{\"a\":2}";
        };
        List<Object[]> rows = new ArrayList<>();

        int count = format.reader().read(data, 0, List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false)), rows::add);

        assertThat(count).isEqualTo(2);
        assertThat(rows.get(0)).isNotSameAs(rows.get(1)).containsExactly(1L);
        assertThat(rows.get(1)).containsExactly(2L);
    }

    @Test
    @DisplayName("JSON nested deeper than 512 levels is refused, not a stack overflow")
    void jsonTooDeep() {
        String deep = "[".repeat(600) + "]".repeat(600);
        List<ColumnInfo> columns = List.of(ColumnInfo.of("t", "TEXT", ValueType.TEXT, true, false));

        assertThatThrownBy(() -> Format.JSON_EACH_ROW.reader().read("{\"t\": " + deep + "}", 0, columns, row -> {}))
                .isInstanceOf(DataParseException.class)
                .hasMessage("INCORRECT_DATA: Cannot parse JSON at row 1: nesting deeper than 512 levels");
    }
}

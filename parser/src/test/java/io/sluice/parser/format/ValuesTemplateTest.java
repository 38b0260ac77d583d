package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.Part;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValuesTemplateTest {
    @Test
    @DisplayName("placeholders are replaced in order of appearance, literals kept")
    void substitutes() throws DataParseException {
        String sql = "INSERT INTO t (a, b, c) VALUES (?, 'x', ?), (?, ?, 1)";
        ValuesTemplate template = ValuesTemplate.parse(sql, sql.indexOf("VALUES") + "VALUES ".length(), 3);

        List<Object[]> rows = template.rows(new Object[] {1L, "p2", null, Part.DEFAULT});

        assertThat(template.parameterCount()).isEqualTo(4);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(1L, "x", "p2");
        assertThat(rows.get(1)).containsExactly(null, Part.DEFAULT, 1L);
    }

    @Test
    @DisplayName("literals become String, Long, BigDecimal, Double, Boolean, null and DEFAULT")
    void literalTypes() throws DataParseException {
        ValuesTemplate template = ValuesTemplate.parse(
                "('it''s\\n', -7, 1.50, 2e3, 99999999999999999999, true, FALSE, NULL, default)", 0, 9);

        Object[] row = template.rows(new Object[0]).get(0);

        assertThat(template.parameterCount()).isZero();
        assertThat(row).containsExactly("it's\n", -7L, new BigDecimal("1.50"), 2000.0,
                new BigDecimal("99999999999999999999"), true, false, null, Part.DEFAULT);
    }

    @Test
    @DisplayName("each call gets fresh rows: one execution cannot change the next")
    void freshRows() throws DataParseException {
        ValuesTemplate template = ValuesTemplate.parse("(?, 1)", 0, 2);

        Object[] first = template.rows(new Object[] {"a"}).get(0);
        first[1] = "changed";
        Object[] second = template.rows(new Object[] {"b"}).get(0);

        assertThat(second).containsExactly("b", 1L);
    }

    @Test
    @DisplayName("the number of parameters must match the placeholders")
    void parameterCountChecked() throws DataParseException {
        ValuesTemplate template = ValuesTemplate.parse("(?, ?)", 0, 2);

        assertThatThrownBy(() -> template.rows(new Object[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The VALUES template has 2 placeholders, but 1 parameters were given");
    }

    @Test
    @DisplayName("a tuple with the wrong number of values names its row and the counts")
    void wrongCount() {
        assertThatThrownBy(() -> ValuesTemplate.parse("(?, ?), (?)", 0, 2))
                .isInstanceOfSatisfying(DataParseException.class, e -> assertThat(e.row()).isEqualTo(2))
                .hasMessage("CANNOT_PARSE_INPUT_ASSERTION_FAILED: Cannot parse input at row 2: expected 2 values, found 1");
    }

    @Test
    @DisplayName("expressions are refused")
    void expressions() {
        assertThatThrownBy(() -> ValuesTemplate.parse("(?, now())", 0, 2))
                .hasMessage("SYNTAX_ERROR: Cannot parse expression 'now()' at row 1: expressions are not supported, only literals");
    }

    @Test
    @DisplayName("a template needs at least one tuple")
    void empty() {
        assertThatThrownBy(() -> ValuesTemplate.parse("INSERT INTO t VALUES ", 21, 1))
                .hasMessage("CANNOT_PARSE_INPUT_ASSERTION_FAILED: Cannot parse input at row 1: expected '(' at the start of the row, found end of data");
    }

    @Test
    @DisplayName("a trailing semicolon is accepted")
    void semicolon() throws DataParseException {
        assertThat(ValuesTemplate.parse("(?);", 0, 1).parameterCount()).isEqualTo(1);
    }
}

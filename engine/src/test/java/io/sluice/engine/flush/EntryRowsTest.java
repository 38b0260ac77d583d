package io.sluice.engine.flush;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Typed rows on their way into a part: converted to the columns' types, the entry's own arrays never modified. */
class EntryRowsTest {
    private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("id", "INTEGER", ValueType.INTEGER, false, false),
            ColumnInfo.of("name", "TEXT", ValueType.TEXT, true, false), ColumnInfo.of("score", "REAL", ValueType.REAL, true, false));

    @Test
    @DisplayName("a row whose values are already their columns' goes on as the same array; any other row as a new one, the entry's unchanged")
    void rowsOfTheirColumnsTypesAreNotCopied() throws Exception {
        Object[] ready = {7L, "seven", 7.5};
        Object[] converted = {7, "seven", 7L};
        Object[] nulls = {8L, null, null};
        List<Object[]> out = new ArrayList<>();
        EntryRows.typed(COLUMNS, List.of(ready, converted, nulls), out::add);

        assertThat(out.get(0)).isSameAs(ready);
        assertThat(out.get(1)).isNotSameAs(converted).containsExactly(7L, "seven", 7.0);
        assertThat(converted).containsExactly(7, "seven", 7L);
        assertThat(out.get(2)).isSameAs(nulls);
    }
}

package io.sluice.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Part.withoutBlocks, what a storage writes after consulting its ledger")
class PartWithoutBlocksTest {
    private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("n", "BIGINT", ValueType.INTEGER, false, false));

    /** Rows 0..9 as single-value rows holding their own index. */
    private static List<Object[]> rows() {
        return LongStream.range(0, 10).mapToObj(n -> new Object[] {n}).toList();
    }

    private static List<Object> values(Part part) {
        return part.rows().stream().map(row -> row[0]).toList();
    }

    @Test
    @DisplayName("leaves out the rows of the skipped blocks and keeps rows before, between and after blocks, in order")
    void skipsOnlyTheSkippedBlocks() {
        List<Part.Block> blocks = List.of(new Part.Block("a", 1, 2), new Part.Block("b", 3, 1), new Part.Block("c", 6, 2));
        Part part = new Part("main", "t", COLUMNS, rows(), "p1", "q1", blocks, 100);
        Set<Integer> skipped = Set.of(0, 2);

        Part written = part.withoutBlocks(skipped::contains);

        assertThat(values(written)).containsExactly(0L, 3L, 4L, 5L, 8L, 9L);
        assertThat(written.blocks()).isEmpty();
        assertThat(written.ledgerWindow()).isZero();
        assertThat(written).extracting(Part::database, Part::table, Part::columns, Part::name, Part::flushQueryId)
                .containsExactly("main", "t", COLUMNS, "p1", "q1");
    }

    @Test
    @DisplayName("keeps every row when nothing is skipped, and asks once per block by its index")
    void nothingSkipped() {
        List<Part.Block> blocks = List.of(new Part.Block("a", 0, 5), new Part.Block("a", 5, 0), new Part.Block("b", 5, 5));
        Part part = new Part("main", "t", COLUMNS, rows(), "p1", "q1", blocks, 1);
        List<Integer> asked = new ArrayList<>();

        Part written = part.withoutBlocks(index -> {
            asked.add(index);
            return false;
        });

        assertThat(values(written)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(asked).containsExactly(0, 1, 2);
    }

    @Test
    @DisplayName("of a part without blocks is the same rows")
    void noBlocks() {
        Part part = new Part("main", "t", COLUMNS, rows(), "p1", "q1");
        assertThat(values(part.withoutBlocks(index -> true))).hasSize(10);
    }
}

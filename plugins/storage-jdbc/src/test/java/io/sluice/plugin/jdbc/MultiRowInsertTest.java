package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MultiRowInsertTest {
    private static List<Object[]> rows(int count, String value) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {(long) i, value});
        }
        return rows;
    }

    @Test
    @DisplayName("Statements are cut so that head and rows stay within the byte budget")
    void bytesBound() {
        List<Object[]> rows = rows(100, "x".repeat(90));
        int[] written = {0, 1};
        // Each row: 3 + 2*2 overhead + 25 (a number) + 92 (the quoted text) = 124 bytes.
        int end = MultiRowInsert.chunkEnd(rows, written, 0, rows.size(), 100, 100 + 124 * 10, 65535, MariaDbDialect::literalBytes);
        assertThat(end).isEqualTo(10);
        assertThat(MultiRowInsert.chunkEnd(rows, written, 10, rows.size(), 100, 100 + 124 * 10 - 1, 65535, MariaDbDialect::literalBytes))
                .isEqualTo(19);
    }

    @Test
    @DisplayName("A row larger than the budget still goes, alone")
    void oversizedRowAlone() {
        List<Object[]> rows = rows(3, "y".repeat(10_000));
        assertThat(MultiRowInsert.chunkEnd(rows, new int[] {0, 1}, 0, 3, 50, 1000, 65535, MariaDbDialect::literalBytes)).isEqualTo(1);
        assertThat(MultiRowInsert.chunkEnd(rows, new int[] {0, 1}, 2, 3, 50, 1000, 65535, MariaDbDialect::literalBytes)).isEqualTo(3);
    }

    @Test
    @DisplayName("The placeholder limit bounds rows per statement: 65535 / columns")
    void placeholderLimit() {
        List<Object[]> rows = rows(40_000, "");
        int maxRows = MariaDbDialect.MAX_PARAMETERS / 2;
        assertThat(MultiRowInsert.chunkEnd(rows, new int[] {0, 1}, 0, rows.size(), 0, Long.MAX_VALUE, maxRows, v -> 1)).isEqualTo(32767);
    }

    @Test
    @DisplayName("Literal sizes bound the escaped text protocol from above")
    void literalSizes() {
        assertThat(MariaDbDialect.literalBytes(null)).isEqualTo(4);
        assertThat(MariaDbDialect.literalBytes("abc")).isEqualTo(5);
        assertThat(MariaDbDialect.literalBytes("a'b\\c")).isEqualTo(2 + 7);
        assertThat(MariaDbDialect.literalBytes("é✓𝄞")).isEqualTo(2 + 2 + 3 + 4);
        assertThat(MariaDbDialect.literalBytes(new byte[] {0, 1, '\''})).isEqualTo(10 + 5);
        assertThat(MariaDbDialect.literalBytes(Long.MIN_VALUE)).isGreaterThanOrEqualTo(Long.toString(Long.MIN_VALUE).length());
        assertThat(MariaDbDialect.literalBytes(new java.math.BigDecimal("1E+100")))
                .isGreaterThanOrEqualTo(new java.math.BigDecimal("1E+100").toPlainString().length());
    }

    @Test
    @DisplayName("The statement bound is the smaller of the setting and max_allowed_packet less a margin")
    void statementBytes() {
        assertThat(MariaDbDialect.statementBytes(16 << 20, 16 << 20)).isEqualTo((16 << 20) - 1024);
        assertThat(MariaDbDialect.statementBytes(4096, 16 << 20)).isEqualTo(4096);
        assertThat(MariaDbDialect.statementBytes(16 << 20, 1024)).isEqualTo(512);
    }

    @Test
    @DisplayName("The SQL repeats the row's placeholders")
    void sql() {
        assertThat(MultiRowInsert.sql("INSERT INTO t (a, b) VALUES ", 2, 3))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)");
    }
}

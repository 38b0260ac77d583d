package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class RowsTest {
    @Test
    void eachTextEncodingCarriesTheSameRow() {
        StringBuilder sql = new StringBuilder();

        assertThat(Rows.insert(sql, "t", Rows.Encoding.VALUES, 1234))
                .isEqualTo("INSERT INTO t VALUES (1234, 1700000001234, 'event-2', 23.4)");
        assertThat(Rows.insert(sql, "t", Rows.Encoding.CSV, 1234))
                .isEqualTo("INSERT INTO t FORMAT CSV 1234,1700000001234,event-2,23.4");
        assertThat(Rows.insert(sql, "t", Rows.Encoding.JSON_EACH_ROW, 1234))
                .isEqualTo("INSERT INTO t FORMAT JSONEachRow {\"id\":1234,\"ts\":1700000001234,\"name\":\"event-2\",\"value\":23.4}");
        assertThatThrownBy(() -> Rows.insert(sql, "t", Rows.Encoding.PREPARED, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Rows.preparedSql("t")).isEqualTo("INSERT INTO t (id, ts, name, value) VALUES (?, ?, ?, ?)");
    }

    @Test
    void dataBytesAreWhatFollowsValuesOrTheFormatName() {
        StringBuilder sql = new StringBuilder();
        for (Rows.Encoding encoding : new Rows.Encoding[] {Rows.Encoding.VALUES, Rows.Encoding.CSV, Rows.Encoding.JSON_EACH_ROW}) {
            String insert = Rows.insert(sql, "t", encoding, 77);
            String head = encoding == Rows.Encoding.VALUES ? "INSERT INTO t VALUES " : "INSERT INTO t FORMAT " + encoding.format + " ";
            assertThat(Rows.dataBytes(encoding, 77)).isEqualTo(insert.length() - head.length());
        }
    }

    @Test
    void aPaddedRowHasAtLeastTheBytesAskedForInItsTextValue() {
        StringBuilder sql = new StringBuilder();
        String head = "INSERT INTO t VALUES ";

        String padded = Rows.paddedInsert(sql, "t", 1234, 100);
        assertThat(padded).startsWith("INSERT INTO t VALUES (1234, 1700000001234, 'event-2xxx").endsWith("x', 23.4)");
        assertThat(padded.length() - head.length()).isEqualTo(100);
        assertThat(Rows.paddedInsert(sql, "t", 1234, 10)).isEqualTo(Rows.insert(new StringBuilder(), "t", Rows.Encoding.VALUES, 1234));
    }

    @Test
    void formatNamesAreMatchedInAnyCase() {
        assertThat(Rows.Encoding.format("jsoneachrow")).isEqualTo(Rows.Encoding.JSON_EACH_ROW);
        assertThat(Rows.Encoding.format("values")).isEqualTo(Rows.Encoding.VALUES);
        assertThat(Rows.Encoding.format("TSV")).isNull();
    }

    @Test
    void csvLinesAreProducedAsTheyAreRead() throws IOException {
        LongAdder produced = new LongAdder();
        StringBuilder all = new StringBuilder();
        try (Reader reader = Rows.csvLines(5, 8, produced)) {
            char[] buffer = new char[7]; // smaller than a line, so lines are split across reads
            for (int n; (n = reader.read(buffer, 0, buffer.length)) != -1; ) {
                all.append(buffer, 0, n);
            }
        }

        assertThat(all.toString()).isEqualTo("5,1700000000005,event-5,0.5\n6,1700000000006,event-6,0.6\n7,1700000000007,event-7,0.7\n");
        assertThat(produced.sum()).isEqualTo(3);
    }

    @Test
    void aMultiRowInsertHasOnePlaceholderGroupPerRow() {
        assertThat(BenchTarget.multiRowInsert("t", 2)).isEqualTo("INSERT INTO t (id, ts, name, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?)");
    }
}

package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogBlocksNumbersTest {
    @Test
    @DisplayName("numbers of every length and sign read back from a block as SQLite's JSON reads them")
    void numbersReadBack() throws Exception {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -Long.MAX_VALUE));
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
            values.add(power * 10 - 1);
            values.add(power * 10);
            values.add(power * 10 + 1);
            values.add(-power * 10);
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new java.util.Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE ':memory:' AS system");
            statement.execute("CREATE TABLE system.numbers (id INTEGER PRIMARY KEY, rows INTEGER, min_event_us INTEGER, max_event_us INTEGER,"
                    + " base_us INTEGER, data TEXT)");
            try (LogBlocks blocks = new LogBlocks(connection, "system.numbers", false)) {
                for (long value : values) {
                    blocks.row(0).number(value).end();
                }
                blocks.finish();
            }
            List<Long> read = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT r.value ->> 0 FROM system.numbers b, json_each(b.data) r ORDER BY b.id, r.key")) {
                while (rows.next()) {
                    read.add(rows.getLong(1));
                }
            }
            assertThat(read).containsExactlyElementsOf(values);
        }
    }
}

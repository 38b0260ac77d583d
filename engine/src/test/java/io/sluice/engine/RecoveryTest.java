package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.parser.format.Format;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the engine does with the entries a durable buffer kept across a crash. */
class RecoveryTest extends EngineTestBase {
    private static final String BUFFER = "async_insert_buffer=test-seeded&wait_for_async_insert=0";

    @BeforeEach
    @AfterEach
    void clearSeeds() {
        SeededBufferPlugin.SEEDED.clear();
        SeededBufferPlugin.RELEASED.clear();
    }

    private void createTable(String sql) throws Exception {
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
                Statement statement = plain.createStatement()) {
            statement.execute(sql);
        }
    }

    private static BufferEntry entry(long sequence, String queryId, String values) {
        TableInfo table = new TableInfo("main", "t", List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false),
                ColumnInfo.of("b", "TEXT", ValueType.TEXT, true, false)));
        String keyId = Engine.keyId(table, table.columns(), Format.VALUES, "");
        String sql = "INSERT INTO t VALUES " + values;
        return new BufferEntry(sequence, keyId, queryId, 1_000_000L * sequence, sql, sql.indexOf("VALUES") + 7, null, values.length(), "", "");
    }

    @Test
    void recoveredEntriesAreWrittenBeforeNewOnesOfTheirTableAndReleased() throws Exception {
        createTable("CREATE TABLE t (a INTEGER, b TEXT)");
        SeededBufferPlugin.SEEDED.addAll(List.of(entry(7, "r1", "(1, 'x')"), entry(8, "r2", "(2, 'y'), (3, 'z')")));
        Session session = connect(BUFFER);
        update(session, "INSERT INTO t VALUES (4, 'new')");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(session, "SELECT a, b FROM t ORDER BY rowid")).containsExactly("1|x", "2|y", "3|z", "4|new");
        assertThat(SeededBufferPlugin.RELEASED).extracting(BufferEntry::queryId).startsWith("r1", "r2");
        assertThat(query(session, "SELECT query_id, status, rows FROM system.asynchronous_insert_log WHERE query_id LIKE 'r%' ORDER BY query_id"))
                .containsExactly("r1|Ok|1", "r2|Ok|2");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'PendingAsyncInsert'")).containsExactly("0");
    }

    @Test
    void entriesCommittedBeforeTheCrashAreNotWrittenAgain() throws Exception {
        createTable("CREATE TABLE t (a INTEGER, b TEXT)");
        BufferEntry first = entry(1, "q1", "(1, 'once')");
        SeededBufferPlugin.SEEDED.add(first);
        Session session = connect(BUFFER);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(1);
        session.close();
        Engines.closeAll();
        // The crash came after the commit and before the release: the entry is on disk again, with a new one.
        SeededBufferPlugin.SEEDED.addAll(List.of(first, entry(2, "q2", "(2, 'new')")));
        Session restarted = connect(BUFFER);
        update(restarted, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(query(restarted, "SELECT a, b FROM t ORDER BY a")).containsExactly("1|once", "2|new");
        assertThat(query(restarted, "SELECT rows, error FROM system.part_log WHERE error != 0")).containsExactly("1|389");
    }

    @Test
    void anEntryWhoseTableIsGoneGoesToTheDeadLetterTable() throws Exception {
        SeededBufferPlugin.SEEDED.add(entry(1, "orphan", "(1, 'x')"));
        Session session = connect(BUFFER);
        assertThat(query(session, "SELECT query_id, status, data, exception FROM system.asynchronous_insert_dead_letter"))
                .containsExactly("orphan|RecoveryError|(1, 'x')|UNKNOWN_TABLE: Table main.t does not exist");
        assertThat(SeededBufferPlugin.RELEASED).extracting(BufferEntry::queryId).containsExactly("orphan");
    }
}

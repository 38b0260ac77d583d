package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine with the write-ahead-log buffer plugin selected by name. */
class WalBufferEngineTest extends EngineTestBase {
    @Test
    void theWalKeepsItsSegmentsBesideTheSqliteFileAndEntriesAreWrittenThroughIt() throws Exception {
        Session session = connect("async_insert_buffer=wal&wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER, b TEXT)");
        for (int i = 0; i < 20; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
        }
        Path wal = folder.resolve("test.db.sluice-wal");
        try (Stream<Path> files = Files.list(wal)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".log"));
        }
        assertThat(query(session, "SELECT sum(entries), max(active) FROM system.asynchronous_insert_wal")).containsExactly("20|1");
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'")).containsExactly("20");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(count(session, "t")).isEqualTo(20);
        assertThat(query(session, "SELECT value FROM system.metrics WHERE metric = 'WalEntries'")).containsExactly("0");
        assertThat(query(session, "SELECT name FROM system.plugins WHERE kind = 'buffer' ORDER BY name")).contains("memory", "wal");
    }
}

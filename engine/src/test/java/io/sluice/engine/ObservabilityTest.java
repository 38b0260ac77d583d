package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ObservabilityTest extends EngineTestBase {
    @Test
    void everyCounterAndGaugeIsAJmxAttributeOfTheEnginesMBean() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "INSERT INTO t VALUES (2)");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String target = "sqlite:" + folder.resolve("test.db");
        Set<ObjectName> names = server.queryNames(new ObjectName("io.sluice:type=AsyncInsertEngine,target=" + ObjectName.quote(target) + ",*"), null);
        assertThat(names).hasSize(1);
        ObjectName name = names.iterator().next();
        assertThat(server.getAttribute(name, "AsyncInsertQuery")).isEqualTo(2L);
        assertThat(server.getAttribute(name, "PendingAsyncInsert")).isEqualTo(2L);
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        assertThat(server.getAttribute(name, "AsyncInsertRows")).isEqualTo(2L);
        assertThat(server.getAttribute(name, "PendingAsyncInsert")).isEqualTo(0L);
        // The attributes are exactly the rows of system.events and system.metrics.
        long attributes = server.getMBeanInfo(name).getAttributes().length;
        assertThat(attributes).isEqualTo(count(session, "system.events") + count(session, "system.metrics"));
        session.close();
        Engines.closeAll();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void logTablesKeepAtMostTheConfiguredRows() throws Exception {
        Session session = connect("wait_for_async_insert=0&system_log_max_rows=3");
        update(session, "CREATE TABLE t (a INTEGER)");
        for (int i = 0; i < 6; i++) {
            update(session, "INSERT INTO t VALUES (" + i + ")");
            update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        update(session, "SYSTEM FLUSH LOGS");
        // Three kept, plus SYSTEM FLUSH LOGS itself, logged when it ended, after the trim.
        assertThat(count(session, "system.query_log")).isEqualTo(3 + 1);
        assertThat(count(session, "t")).isEqualTo(6);
        assertThat(count(session, "system.asynchronous_insert_log")).isEqualTo(3);
        assertThat(count(session, "system.part_log")).isEqualTo(3);
        // The newest rows stay.
        assertThat(query(session, "SELECT min(rows) FROM system.asynchronous_insert_log")).containsExactly("1");
    }

    @Test
    void logRowsOlderThanTheTtlGo() throws Exception {
        Session session = connect("wait_for_async_insert=0&system_log_ttl_seconds=100");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "INSERT INTO t VALUES (1)");
        update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        update(session, "SYSTEM FLUSH LOGS");
        clock.advanceMillis(101_000);
        try (Result ignored = session.execute("INSERT INTO t VALUES (2)", "recent", null)) {
            update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE");
        }
        update(session, "SYSTEM FLUSH LOGS");
        assertThat(query(session, "SELECT query_id FROM system.asynchronous_insert_log")).containsExactly("recent");
        assertThat(count(session, "system.part_log")).isEqualTo(1);
        assertThat(query(session, "SELECT count(*) FROM system.query_log WHERE query LIKE 'CREATE TABLE%'")).containsExactly("0");
    }
}

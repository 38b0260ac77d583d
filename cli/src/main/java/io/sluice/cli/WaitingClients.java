package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import io.sluice.cli.BenchResults.Counters;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.ClientRunner.Timed;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The steps of the waiting scenario: in each, that many clients insert single rows with
 * {@code wait_for_async_insert=1} for {@code --seconds}, each acknowledgement's latency recorded; every
 * acknowledgement must say one row was written.
 */
final class WaitingClients {
    private final SluiceSide sluice;

    WaitingClients(SluiceSide sluice) {
        this.sluice = sluice;
    }

    /** Runs the step of {@code count} clients into its own table and records it. */
    void run(int count) throws Exception {
        BenchContext context = sluice.context();
        Connection control = sluice.control();
        SystemTables system = sluice.system();
        ClientRunner clients = sluice.clients();
        BenchTarget target = context.target();
        String name = count + (count == 1 ? " waiting client" : " waiting clients");
        String table = target.table("wait_" + count);
        target.createSluiceTable(control, table);
        AtomicLong nextId = new AtomicLong();
        LongAdder acknowledged = new LongAdder();
        long[][] latencies = new long[count][];
        int[] counts = new int[count];
        Counters before = system.counters();
        long durationNanos = context.options().seconds() * 1_000_000_000L;
        Timed timed = clients.run(name, count, target.sluiceUrl(Map.of("wait_for_async_insert", "1")), acknowledged::sum,
                durationNanos, null, (client, connection, deadline) -> {
                    long[] mine = new long[1024];
                    StringBuilder sql = new StringBuilder(96);
                    try (Statement statement = connection.createStatement()) {
                        while (System.nanoTime() - deadline < 0 && !clients.failed()) {
                            long id = nextId.getAndIncrement();
                            String insert = Rows.insert(sql, table, Rows.Encoding.VALUES, id);
                            long sentAt = System.nanoTime();
                            int written = statement.executeUpdate(insert);
                            long latency = System.nanoTime() - sentAt;
                            if (counts[client] == mine.length) {
                                mine = Arrays.copyOf(mine, mine.length * 2);
                            }
                            mine[counts[client]++] = latency;
                            latencies[client] = mine;
                            if (written != 1) {
                                throw new IllegalStateException("the insert of row " + id + " was acknowledged with "
                                        + written + " rows written, not 1");
                            }
                            acknowledged.increment();
                        }
                    }
                }, () -> {});
        long[] all = sorted(latencies, counts);
        Phase phase = new Phase(Scenario.WAITING.label, name, Kind.SLUICE, count, acknowledged.sum(), timed.nanos(),
                system.counters().minus(before), all, system.flushes(table), timed.samples(),
                "statement text, wait_for_async_insert=1", timed.usage());
        context.record(phase);
        context.verifyCount(control, name, table, acknowledged.sum());
    }

    /** Every client's latencies, the first {@code counts[client]} of {@code latencies[client]}, in one sorted array. */
    private static long[] sorted(long[][] latencies, int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        long[] all = new long[total];
        int at = 0;
        for (int client = 0; client < latencies.length; client++) {
            if (latencies[client] != null) {
                System.arraycopy(latencies[client], 0, all, at, counts[client]);
                at += counts[client];
            }
        }
        Arrays.sort(all);
        return all;
    }
}

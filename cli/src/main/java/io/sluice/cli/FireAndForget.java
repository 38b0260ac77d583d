package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import io.sluice.cli.BenchResults.Counters;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.ClientRunner.Timed;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The phases of the fire-and-forget, prepared and formats scenarios: {@code --threads} clients, each with its
 * own Sluice connection, share {@code --rows} single-row INSERTs in one encoding with
 * {@code wait_for_async_insert=0}; the time runs until {@code SYSTEM FLUSH ASYNC INSERT QUEUE} returns, that is
 * until every row is written, which a {@code count(*)} then checks.
 */
final class FireAndForget {
    private final SluiceSide sluice;

    FireAndForget(SluiceSide sluice) {
        this.sluice = sluice;
    }

    /**
     * Runs one phase into its own table and records it.
     *
     * @param suffix the table's name after the target's prefix
     * @param name the phase's name, as the summary shows it
     */
    void run(Scenario scenario, String suffix, Rows.Encoding encoding, String name) throws Exception {
        BenchContext context = sluice.context();
        Connection control = sluice.control();
        SystemTables system = sluice.system();
        ClientRunner clients = sluice.clients();
        BenchTarget target = context.target();
        int threads = context.options().threads();
        long rows = context.options().rows();
        String table = target.table(suffix);
        target.createSluiceTable(control, table);
        LongAdder sent = new LongAdder();
        Counters before = system.counters();
        Timed timed = clients.sendRows(name, threads, target.sluiceUrl(Map.of("wait_for_async_insert", "0")), table, encoding,
                rows, sent, () -> system.flush(table));
        Phase phase = new Phase(scenario.label, name, Kind.SLUICE, threads, sent.sum(), timed.nanos(),
                system.counters().minus(before), null, system.flushes(table), timed.samples(), encoding.description,
                timed.usage());
        context.record(phase);
        context.verifyCount(control, name, table, rows);
    }
}

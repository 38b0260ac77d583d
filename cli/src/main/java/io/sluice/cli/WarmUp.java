package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the bulk load and each encoding the scenarios use through Sluice with {@code --warmup-rows} rows,
 * unmeasured, so that the JIT has compiled those paths before the first measured phase; with the waiting
 * scenario, also up to {@value #WAITING_WARMUP_ROWS} of them through waiting clients, whose small flushes (a
 * caller leading its own flush, one-round-trip writes, the client's wait) fire-and-forget never takes. (The
 * autocommit baseline, which waits on the disk, ran before for at least {@code --baseline-seconds}: its
 * driver path is warm by then.)
 */
final class WarmUp {
    /** The most rows the waiting warm-up sends: enough calls of the small-flush path for the JIT's top tier. */
    static final long WAITING_WARMUP_ROWS = 20_000;
    /**
     * How long one waiting client runs last in the warm-up: a lone caller leads every flush itself, a path the
     * JIT otherwise recompiles during the first measured phase (it deoptimized and recompiled about 600 methods
     * there, taking 40% of the process's CPU, after a warm-up of several clients only).
     */
    static final long LONE_WAITING_WARMUP_NANOS = 3_000_000_000L;

    private final SluiceSide sluice;

    WarmUp(SluiceSide sluice) {
        this.sluice = sluice;
    }

    /** Runs the warm-up and prints its one line. */
    void run() throws Exception {
        BenchOptions options = sluice.context().options();
        BenchTarget target = sluice.context().target();
        long rows = options.warmupRows();
        long start = System.nanoTime();
        String bulkTable = target.table("warmup_bulk");
        try (Connection connection = target.openBaseline(bulkTable)) {
            target.bulkLoad(connection, bulkTable, rows, new LongAdder());
        }
        Set<Rows.Encoding> encodings = new LinkedHashSet<>();
        encodings.add(Rows.Encoding.VALUES);
        if (options.runs(Scenario.PREPARED)) {
            encodings.add(Rows.Encoding.PREPARED);
        }
        if (options.runs(Scenario.FORMATS)) {
            encodings.addAll(options.formats());
        }
        int threads = options.threads();
        for (Rows.Encoding encoding : encodings) {
            String table = target.table("warmup_" + encoding.name().toLowerCase(Locale.ROOT));
            sendAll("warm-up, " + encoding.description, table, encoding, rows, "0");
        }
        if (options.runs(Scenario.WAITING)) {
            long waitingRows = Math.min(rows, WAITING_WARMUP_ROWS);
            String table = target.table("warmup_waiting");
            LongAdder sent = sendAll("warm-up, waiting clients", table, Rows.Encoding.VALUES, waitingRows, "1");
            AtomicLong nextId = new AtomicLong(waitingRows);
            ClientRunner clients = sluice.clients();
            clients.run("warm-up, one waiting client", 1, target.sluiceUrl(Map.of("wait_for_async_insert", "1")), sent::sum,
                    LONE_WAITING_WARMUP_NANOS, null, (client, connection, deadline) -> {
                        StringBuilder sql = new StringBuilder(96);
                        try (Statement statement = connection.createStatement()) {
                            while (System.nanoTime() - deadline < 0 && !clients.failed()) {
                                statement.executeUpdate(Rows.insert(sql, table, Rows.Encoding.VALUES, nextId.getAndIncrement()));
                                sent.increment();
                            }
                        }
                    }, () -> sluice.system().flush(table));
        }
        sluice.context().out().printf(Locale.ROOT, "  %-40s %,11d rows per path, not measured (%.1f s)%s%n", "warm-up", rows,
                (System.nanoTime() - start) / 1e9, options.runs(Scenario.WAITING)
                        ? String.format(Locale.ROOT, "; %,d through %d waiting clients, then one for %d s", Math.min(rows, WAITING_WARMUP_ROWS),
                                threads, LONE_WAITING_WARMUP_NANOS / 1_000_000_000L) : "");
    }

    /**
     * Creates {@code table} and sends it {@code rows} rows in {@code encoding} through {@code --threads} clients
     * with {@code wait_for_async_insert} set to {@code wait}, then flushes it; returns the rows sent.
     */
    private LongAdder sendAll(String label, String table, Rows.Encoding encoding, long rows, String wait) throws Exception {
        BenchTarget target = sluice.context().target();
        target.createSluiceTable(sluice.control(), table);
        LongAdder sent = new LongAdder();
        sluice.clients().sendRows(label, sluice.context().options().threads(),
                target.sluiceUrl(Map.of("wait_for_async_insert", wait)), table, encoding, rows, sent,
                () -> sluice.system().flush(table));
        return sent;
    }
}

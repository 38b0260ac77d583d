package io.sluice.cli;

import io.sluice.cli.BenchResults.ClassBytes;
import io.sluice.cli.BenchResults.Heap;
import io.sluice.engine.insert.EntryHeap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The heap scenario: {@code --heap-entries} entries buffered under a huge busy timeout; heap used after
 * {@code System.gc()} before and after, against their raw size, and a class histogram difference; with
 * {@code --heap-prepared} the entries are typed rows from a {@code PreparedStatement}, their raw size the
 * length of each row's {@code VALUES} text. Then every entry is flushed and counted.
 */
final class HeapScenario {
    private final SluiceSide sluice;

    HeapScenario(SluiceSide sluice) {
        this.sluice = sluice;
    }

    /**
     * The settings every Sluice connection gets: the user's, and for the heap scenario a buffer bound with room
     * for its entries unless the user chose one (the bound counts each entry's heap, bookkeeping included).
     */
    static Map<String, String> engineSettings(BenchOptions options) {
        if (!options.scenarios().contains(BenchOptions.Scenario.HEAP)
                || options.settings().containsKey("async_insert_max_buffered_bytes")) {
            return options.settings();
        }
        Map<String, String> settings = new LinkedHashMap<>(options.settings());
        long room = Math.max(256L << 20, 2 * options.heapEntries() * entryEstimate(options));
        settings.put("async_insert_max_buffered_bytes", Long.toString(room));
        return settings;
    }

    /** What one of the heap scenario's entries is expected to cost: its data or typed row, its query id and its bookkeeping. */
    private static long entryEstimate(BenchOptions options) {
        int rowBytes = Math.max(options.heapRowBytes(), Rows.dataBytes(Rows.Encoding.VALUES, options.heapEntries() / 2));
        String queryId = "00000000-0000-0000-0000-000000000000";
        if (options.heapPrepared()) {
            Object[] row = Rows.values(options.heapEntries() / 2);
            row[2] = "x".repeat(rowBytes);
            return EntryHeap.of(null, List.<Object[]>of(row), queryId, "", "", false);
        }
        return EntryHeap.of("x".repeat(rowBytes), null, queryId, "", "", false);
    }

    /** Buffers the entries, measures the heap, prints the scenario's line, flushes and counts them. */
    Heap run() throws Exception {
        BenchContext context = sluice.context();
        Connection control = sluice.control();
        SystemTables system = sluice.system();
        ClientRunner clients = sluice.clients();
        BenchOptions options = context.options();
        BenchTarget target = context.target();
        long entries = options.heapEntries();
        String table = target.table("heap");
        target.createSluiceTable(control, table);
        int rowBytes = options.heapRowBytes();
        long heapEstimate = entries * entryEstimate(options);
        long bound = system.engineLong("async_insert_max_buffered_bytes", Long.MAX_VALUE);
        if (heapEstimate > bound) {
            throw new Bench.BenchFailure(String.format(Locale.ROOT, "--heap-entries %,d would buffer about %s of heap, data and bookkeeping,"
                    + " more than async_insert_max_buffered_bytes (%s); choose fewer entries or raise the bound", entries,
                    Units.bytes(heapEstimate), Units.bytes(bound)), null);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wait_for_async_insert", "0");
        settings.put("async_insert_use_adaptive_busy_timeout", "0");
        settings.put("async_insert_busy_timeout_max_ms", "86400000");
        settings.put("async_insert_max_query_number", Long.toString(entries + 1));
        settings.put("async_insert_max_data_size", Long.toString(1L << 40));
        int threads = options.threads();
        boolean prepared = options.heapPrepared();
        String name = "heap: " + Units.count(entries) + (prepared ? " buffered prepared entries" : " buffered entries")
                + (rowBytes > 0 ? " of " + Units.count(rowBytes) + " B" : "");
        LongAdder sent = new LongAdder();
        long[] raw = new long[threads];

        HeapMeasurement.collectGarbage();
        long heapBefore = HeapMeasurement.used();
        Map<String, ClassBytes> histogramBefore = HeapMeasurement.classHistogram();
        HeapMeasurement.collectGarbage();
        heapBefore = Math.min(heapBefore, HeapMeasurement.used());
        clients.run(name, threads, target.sluiceUrl(settings), sent::sum, null, () -> sent.sum() / (double) entries,
                (client, connection, deadline) -> {
                    if (prepared) {
                        // Raw bytes of a typed row: the length of its VALUES text, as the statement-text entries count theirs.
                        try (PreparedStatement insert = connection.prepareStatement(Rows.preparedSql(table))) {
                            for (long id = entries * client / threads; id < entries * (client + 1) / threads
                                    && !clients.failed(); id++) {
                                raw[client] += Rows.bindPadded(insert, id, rowBytes);
                                insert.executeUpdate();
                                sent.increment();
                            }
                        }
                        return;
                    }
                    StringBuilder sql = new StringBuilder(96);
                    int prefix = ("INSERT INTO " + table + " VALUES ").length();
                    try (Statement statement = connection.createStatement()) {
                        for (long id = entries * client / threads; id < entries * (client + 1) / threads
                                && !clients.failed(); id++) {
                            String insert = rowBytes > 0 ? Rows.paddedInsert(sql, table, id, rowBytes)
                                    : Rows.insert(sql, table, Rows.Encoding.VALUES, id);
                            statement.executeUpdate(insert);
                            raw[client] += insert.length() - prefix;
                            sent.increment();
                        }
                    }
                }, () -> {});
        system.flushLogs();
        long queueBytes = system.metric("AsynchronousInsertQueueBytes");
        long pending = system.metric("PendingAsyncInsert");
        HeapMeasurement.collectGarbage();
        long heapAfter = HeapMeasurement.used();
        Map<String, ClassBytes> histogramAfter = HeapMeasurement.classHistogram();
        long rawBytes = 0;
        for (long bytes : raw) {
            rawBytes += bytes;
        }
        if (pending != entries) {
            context.fail(String.format(Locale.ROOT, "%s: %,d entries were pending when the heap was measured, not %,d",
                    name, pending, entries));
        }
        long flushStart = System.nanoTime();
        try (Progress progress = context.progress("flushing " + Units.count(entries) + " entries", () -> 0, () -> Double.NaN)) {
            system.flush(table);
        }
        long flushNanos = System.nanoTime() - flushStart;
        long written = countQuietly(table);
        context.verifyCount(control, name, table, entries);
        Heap heap = new Heap(entries, rawBytes, queueBytes, heapBefore, heapAfter, HeapMeasurement.max(),
                HeapMeasurement.topGrowth(histogramBefore, histogramAfter), flushNanos, written);
        context.out().printf(Locale.ROOT, "  %-40s heap %s → %s: %s for %s raw = %.2f× raw, %,d B per entry; flushed in %.2f s%n",
                name, Units.bytes(heapBefore), Units.bytes(heapAfter), Units.bytes(heap.heapGrowth()), Units.bytes(rawBytes),
                heap.ratio(), heap.heapGrowth() / Math.max(1, entries), flushNanos / 1e9);
        if (prepared) {
            context.out().printf(Locale.ROOT, "  %-40s raw = each typed row's VALUES text, e.g. %s (%d B)%n", "", sampleValues(),
                    Rows.dataBytes(Rows.Encoding.PREPARED, 0));
        }
        return heap;
    }

    /** The rows in {@code table}, or -1 when they cannot be counted. */
    private long countQuietly(String table) {
        try {
            return sluice.context().target().count(sluice.control(), table);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String sampleValues() {
        StringBuilder values = new StringBuilder(64);
        Rows.appendData(values, Rows.Encoding.PREPARED, 0);
        return values.toString();
    }
}

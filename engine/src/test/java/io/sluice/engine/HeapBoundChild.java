package io.sluice.engine;

import io.sluice.engine.session.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Run by {@link HeapBoundTest} in a child JVM with a small heap, against a table the parent locks: floods the
 * engine with tiny fire-and-forget INSERTs from many threads, reports what was accepted and refused and the
 * heap used after a full collection, then, once the parent released the lock, closes the engine (which
 * writes everything accepted) and exits. Talks to the parent in lines: prints {@code ready}, reads
 * {@code go}, prints its figures and {@code inserted}, reads {@code release}, prints {@code closed}.
 *
 * <p>Arguments: the database file, the number of threads, how long to insert in milliseconds, the URL's settings.
 */
public final class HeapBoundChild {
    private HeapBoundChild() {}

    public static void main(String[] args) throws Exception {
        String url = "jdbc:sluice:sqlite:" + args[0] + "?" + args[3];
        int threads = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        AtomicLong ids = new AtomicLong();
        LongAdder accepted = new LongAdder();
        LongAdder refused = new LongAdder();
        ConcurrentHashMap<String, Boolean> otherErrors = new ConcurrentHashMap<>();
        try (Session control = Engines.connect(url, new Properties())) {
            control.execute("INSERT INTO t VALUES (" + ids.incrementAndGet() + ", 'x')", null, null).close();
            control.execute("SYSTEM FLUSH ASYNC INSERT QUEUE", null, null).close();
            accepted.increment();
            long baseline = usedAfterGc();
            System.out.println("ready");
            expect(parent, "go");
            long deadline = System.nanoTime() + millis * 1_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(() -> {
                    try (Session session = Engines.connect(url, new Properties())) {
                        while (System.nanoTime() - deadline < 0) {
                            long id = ids.incrementAndGet();
                            try {
                                session.execute("INSERT INTO t VALUES (" + id + ", 'x')", null, null).close();
                                accepted.increment();
                            } catch (SQLException e) {
                                if (e.getErrorCode() == 241) {
                                    refused.increment();
                                } else {
                                    otherErrors.put(e.getErrorCode() + " " + e.getMessage(), true);
                                }
                            }
                        }
                    } catch (SQLException | RuntimeException e) {
                        otherErrors.put("session: " + e, true);
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long buffered;
            try (Result metric = control.execute("SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertBufferedBytes'", null, null)) {
                metric.resultSet().next();
                buffered = metric.resultSet().getLong(1);
            }
            long used = usedAfterGc();
            System.out.println("accepted=" + accepted.sum() + " refused=" + refused.sum() + " otherErrors=" + otherErrors.size()
                    + " bufferedBytes=" + buffered + " baselineHeap=" + baseline + " usedHeapAfterGc=" + used
                    + " maxHeap=" + Runtime.getRuntime().maxMemory());
            otherErrors.keySet().stream().limit(5).forEach(error -> System.out.println("otherError: " + error));
            System.out.println("inserted");
            expect(parent, "release");
        } finally {
            Engines.closeAll();
        }
        System.out.println("closed");
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void expect(BufferedReader parent, String word) throws Exception {
        String line = parent.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected '" + word + "' from the parent, got " + line);
        }
    }
}

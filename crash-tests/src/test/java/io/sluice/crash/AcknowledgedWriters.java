package io.sluice.crash;

import static io.sluice.crash.FaultTesting.insertRows;
import static io.sluice.crash.FaultTesting.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Client threads, one per connection, that insert 1–3 rows of consecutive ids at a time while a condition
 * holds, and record what each INSERT was told: every acknowledged id, every answer whose row count is not the
 * INSERT's, every failure (the threads stop after ten). The fault tests check the table against {@link #acked}.
 */
final class AcknowledgedWriters {
    private static final int MAX_ERRORS = 10;

    final IdSet acked;
    final AtomicLong inserts;
    final ConcurrentLinkedQueue<String> wrongCounts = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId;
    private final List<Future<?>> running = new ArrayList<>();

    /** Writers that continue {@code acked}, taking ids from {@code nextId}, with {@code insertsSoFar} already counted. */
    AcknowledgedWriters(IdSet acked, AtomicLong nextId, long insertsSoFar) {
        this.acked = acked;
        this.nextId = nextId;
        this.inserts = new AtomicLong(insertsSoFar);
    }

    /** Starts one writer per client on {@code pool}, each inserting into {@code table} while {@code keepGoing} holds. */
    void start(ExecutorService pool, List<Connection> clients, String table, BooleanSupplier keepGoing) {
        for (Connection client : clients) {
            running.add(pool.submit(() -> {
                write(client, table, keepGoing);
                return null;
            }));
        }
    }

    /** Waits for every writer to stop; rethrows what a writer threw. */
    void await() throws Exception {
        for (Future<?> writer : running) {
            writer.get();
        }
    }

    private void write(Connection client, String table, BooleanSupplier keepGoing) {
        while (keepGoing.getAsBoolean() && errors.size() < MAX_ERRORS) {
            int rows = 1 + ThreadLocalRandom.current().nextInt(3);
            long first = nextId.getAndAdd(rows);
            try {
                int count = update(client, insertRows(table, first, rows));
                if (count != rows) {
                    wrongCounts.add("INSERT of ids " + first + "+" + rows + " answered " + count);
                }
                synchronized (acked) {
                    for (int i = 0; i < rows; i++) {
                        acked.add(first + i);
                    }
                }
                inserts.incrementAndGet();
            } catch (SQLException e) {
                errors.add(first + ": " + e);
            }
        }
    }
}

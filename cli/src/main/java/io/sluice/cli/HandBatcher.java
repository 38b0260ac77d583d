package io.sluice.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The batching an engineer writes by hand when the application can be changed: producer threads put typed
 * rows on a bounded queue, one writer thread drains it into JDBC batches of {@value #BATCH_ROWS} rows and
 * commits each batch. Kept plain on purpose: it is the yardstick, not something to tune.
 */
final class HandBatcher {
    static final int BATCH_ROWS = 10_000;
    private static final int QUEUE_ROWS = 4 * BATCH_ROWS;

    /** One row as the application holds it. */
    record Row(long id, long timestamp, String name, double value) {}

    private static final Row END = new Row(-1, 0, null, 0);

    private HandBatcher() {}

    /**
     * Writes rows {@code 0 … rows-1} into {@code table}: {@code producers} threads each create their share,
     * the calling thread writes them on {@code connection}. Returns the rows written.
     */
    static long run(Connection connection, String table, long rows, int producers, LongAdder written)
            throws SQLException, InterruptedException {
        BlockingQueue<Row> queue = new ArrayBlockingQueue<>(QUEUE_ROWS);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long from = rows * p / producers;
            long to = rows * (p + 1) / producers;
            Thread thread = new Thread(() -> {
                try {
                    for (long id = from; id < to; id++) {
                        queue.put(new Row(id, Rows.timestamp(id), Rows.name(id), Rows.value(id)));
                    }
                    queue.put(END);
                } catch (InterruptedException e) {
                    producerFailure.set(e);
                    Thread.currentThread().interrupt();
                }
            }, "hand-batcher-producer-" + p);
            thread.start();
            threads.add(thread);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long total = 0;
        try (PreparedStatement insert = connection.prepareStatement(Rows.preparedSql(table))) {
            int ended = 0;
            int batched = 0;
            while (ended < producers) {
                Row row = queue.take();
                if (row == END) {
                    ended++;
                    continue;
                }
                insert.setLong(1, row.id());
                insert.setLong(2, row.timestamp());
                insert.setString(3, row.name());
                insert.setDouble(4, row.value());
                insert.addBatch();
                if (++batched == BATCH_ROWS) {
                    total += commit(connection, insert, batched, written);
                    batched = 0;
                }
            }
            if (batched > 0) {
                total += commit(connection, insert, batched, written);
            }
        } finally {
            for (Thread thread : threads) {
                thread.interrupt();
                thread.join();
            }
            connection.setAutoCommit(autoCommit);
        }
        if (producerFailure.get() != null && total < rows) {
            throw new SQLException("a producer thread of the hand-written batcher failed", producerFailure.get());
        }
        return total;
    }

    private static int commit(Connection connection, PreparedStatement insert, int rows, LongAdder written) throws SQLException {
        insert.executeBatch();
        connection.commit();
        written.add(rows);
        return rows;
    }
}

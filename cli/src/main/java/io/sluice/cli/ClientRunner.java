package io.sluice.cli;

import io.sluice.cli.BenchResults.Sample;
import io.sluice.cli.BenchResults.Usage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/**
 * Runs the client threads of a Sluice phase, each on a Sluice connection of its own, and times them from
 * their release together until the phase's last flush is written. Runs one phase at a time.
 */
final class ClientRunner {
    /** The loop one client thread runs on its own connection. */
    interface ClientWork {
        void run(int client, Connection connection, long deadlineNanos) throws Exception;
    }

    /** What ends a phase once every client has returned, such as the flush of its table. */
    interface SqlAction {
        void run() throws SQLException;
    }

    /** What {@link #run} measured from the release of the clients until {@code finish} returned. */
    record Timed(long nanos, List<Sample> samples, Usage usage) {}

    private final BenchContext context;
    private final ObjectName engine;
    private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();

    /** @param engine the engine's MBean the sampler reads, or {@code null} */
    ClientRunner(BenchContext context, ObjectName engine) {
        this.context = context;
        this.engine = engine;
    }

    /**
     * Connects {@code clients} threads (each its own connection), releases them together, waits for them and
     * then runs {@code finish}. Returns the nanoseconds from the release until {@code finish} returned;
     * connecting is not timed. The sampler, the CPU time and the JIT's time start at the release too. The first failure of any
     * client stops the others and is thrown.
     *
     * @param durationNanos how long the clients may run (passed to them as a deadline), or {@code null}
     */
    Timed run(String label, int clients, String url, LongSupplier progressRows, Long durationNanos,
            DoubleSupplier fraction, ClientWork work, SqlAction finish) throws Exception {
        clientFailure.set(null);
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        List<Thread> threads = new ArrayList<>(clients);
        BenchTarget target = context.target();
        Properties properties = target.sluiceProperties();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                boolean counted = false;
                try (Connection connection = connect(target, url, properties)) {
                    connected.countDown();
                    counted = true;
                    go.await();
                    if (clientFailure.get() == null) {
                        work.run(client, connection, deadline.get());
                    }
                } catch (Throwable e) {
                    clientFailure.compareAndSet(null, e);
                } finally {
                    if (!counted) {
                        connected.countDown();
                    }
                }
            }, "sluice-bench-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        connected.await();
        Sampler sampler = Sampler.start(engine, progressRows);
        Usage.Mark before = Usage.mark();
        long start = System.nanoTime();
        deadline.set(durationNanos == null ? start + Long.MAX_VALUE / 2 : start + durationNanos);
        DoubleSupplier done = fraction != null ? fraction : () -> (System.nanoTime() - start) / (double) durationNanos;
        try (Progress progress = context.progress(label, progressRows, done)) {
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            Throwable failure = clientFailure.get();
            if (failure != null) {
                throw new Bench.BenchFailure(label + ": " + describe(failure), failure);
            }
            // Every row is sent (the bar may show 100%); the phase's time runs on until the last flush is written.
            progress.relabel(label + ", waiting for the last flushes");
            finish.run();
        } catch (Exception e) {
            sampler.stop();
            throw e;
        }
        long nanos = System.nanoTime() - start;
        Usage usage = Usage.since(before);
        return new Timed(nanos, sampler.stop(), usage);
    }

    /**
     * {@link #run} with {@code clients} threads that share rows {@code 0 … rows-1}, each sending its slice into
     * {@code table} as single-row INSERTs in {@code encoding}; the progress bar shows {@code sent} of {@code rows}.
     */
    Timed sendRows(String label, int clients, String url, String table, Rows.Encoding encoding, long rows, LongAdder sent,
            SqlAction finish) throws Exception {
        return run(label, clients, url, sent::sum, null, () -> sent.sum() / (double) rows, (client, connection, deadline) ->
                send(connection, table, encoding, rows * client / clients, rows * (client + 1) / clients, sent), finish);
    }

    /** Whether a client of the phase running now has failed: the other clients' loops stop then. */
    boolean failed() {
        return clientFailure.get() != null;
    }

    /**
     * Sends rows {@code from … to-1} as single-row INSERTs in {@code encoding} on one connection, stopping early
     * when another client failed.
     */
    private void send(Connection connection, String table, Rows.Encoding encoding, long from, long to, LongAdder sent)
            throws SQLException {
        if (encoding == Rows.Encoding.PREPARED) {
            try (PreparedStatement insert = connection.prepareStatement(Rows.preparedSql(table))) {
                for (long id = from; id < to && !failed(); id++) {
                    Rows.bind(insert, id);
                    insert.executeUpdate();
                    sent.increment();
                }
            }
        } else {
            StringBuilder sql = new StringBuilder(128);
            try (Statement statement = connection.createStatement()) {
                for (long id = from; id < to && !failed(); id++) {
                    statement.executeUpdate(Rows.insert(sql, table, encoding, id));
                    sent.increment();
                }
            }
        }
    }

    /**
     * A Sluice connection to {@code url}; a server target's refusal says that each Sluice connection holds one
     * of the server's.
     */
    static Connection connect(BenchTarget target, String url, Properties properties) throws SQLException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            if (target.kind() != BenchTarget.Kind.SQLITE) {
                throw new SQLException(e.getMessage() + " (each Sluice connection holds a connection to "
                        + target.kind().label + ": fewer --threads or --clients may be needed, or a larger max_connections)",
                        e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : message;
    }
}

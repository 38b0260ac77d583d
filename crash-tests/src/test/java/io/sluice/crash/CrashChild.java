package io.sluice.crash;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process the crash harness kills. It opens the target through Sluice (which replays what a durable
 * buffer kept from the previous, killed, process), waits for that replay to be written, says
 * {@code RECOVERED}, and then — in mode {@code insert}, once the harness answers {@code GO} on stdin —
 * inserts from many threads until it is killed. In mode {@code verify} it exits normally instead.
 *
 * <p>Every INSERT carries 1 to 3 rows with ids no other INSERT uses ({@code id}, the INSERT's first id as
 * {@code grp}, its row count as {@code n}, and {@code 'p' || id} as {@code payload}). Half of them are
 * statements with inline VALUES, half prepared-statement batches (typed rows). When an INSERT returns
 * normally the child writes {@code A <first id> <rows>} to stdout, one {@code write(2)} per line straight to
 * the pipe: an acknowledgement the harness reads was given by Sluice before the kill, and one Sluice gave
 * just before the kill may be missing, which only makes the check weaker, never wrong. A failed INSERT is
 * reported as {@code E <first id> <rows> <message>}.
 *
 * <p>Arguments: {@code insert|verify <url> <table> <first id> <threads>}. Thread {@code t} uses the ids from
 * {@code first id + t * }{@value #STRIDE}. The child exits when its stdin closes (the harness is gone).
 */
public final class CrashChild {
    /** Ids per thread per process. */
    static final long STRIDE = 1L << 24;

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);
    /** INSERTs this process acknowledged so far. */
    static final AtomicLong ACKNOWLEDGED = new AtomicLong();

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String table = args[2];
        long firstId = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        AnnouncingStoragePlugin.announceTo(CrashChild::line);
        long started = System.nanoTime();
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            // Waits for every flush queued so far, the replay of the recovered entries included.
            statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            try (ResultSet notes = statement.executeQuery(
                    "SELECT exception FROM system.asynchronous_insert_log WHERE status = 'RecoveryNote'")) {
                while (notes.next()) {
                    line("NOTE " + oneLine(notes.getString(1)));
                }
            }
            try (ResultSet letters = statement.executeQuery("SELECT count(*) FROM system.asynchronous_insert_dead_letter")) {
                letters.next();
                line("DEADLETTERS " + letters.getLong(1));
            }
        }
        if (mode.equals("verify")) {
            line("RECOVERED " + (System.nanoTime() - started) / 1_000_000);
            connection.close();
            // A normal exit: the shutdown hook closes the engine, which flushes and closes the buffer.
            System.exit(0);
        }
        // Every thread's connection is open before the harness starts its clock.
        Connection[] connections = new Connection[threads];
        for (int t = 0; t < threads; t++) {
            connections[t] = DriverManager.getConnection(url);
        }
        line("RECOVERED " + (System.nanoTime() - started) / 1_000_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        if (!"GO".equals(go)) {
            System.exit(3);
        }
        for (int t = 0; t < threads; t++) {
            long base = firstId + t * STRIDE;
            Connection own = connections[t];
            Thread thread = new Thread(() -> insertForever(own, table, base), "crash-inserter-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        // The harness kills this process; if the harness itself goes away, stdin closes and so does the child.
        while (in.readLine() != null) {
            // Nothing else is ever sent.
        }
        Runtime.getRuntime().halt(4);
    }

    /** Inserts from {@code base} on until the process ends, acknowledging each INSERT that returned normally. */
    static void insertForever(Connection connection, String table, long base) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long next = base;
        try (Statement statement = connection.createStatement();
                PreparedStatement prepared = connection.prepareStatement("INSERT INTO " + table + " (id, grp, n, payload) VALUES (?, ?, ?, ?)")) {
            while (true) {
                int rows = 1 + random.nextInt(3);
                long first = next;
                next += rows;
                try {
                    if (random.nextBoolean()) {
                        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (id, grp, n, payload) VALUES ");
                        for (int r = 0; r < rows; r++) {
                            long id = first + r;
                            sql.append(r == 0 ? "" : ", ").append('(').append(id).append(", ").append(first).append(", ").append(rows)
                                    .append(", 'p").append(id).append("')");
                        }
                        statement.executeUpdate(sql.toString());
                    } else {
                        for (int r = 0; r < rows; r++) {
                            long id = first + r;
                            prepared.setLong(1, id);
                            prepared.setLong(2, first);
                            prepared.setInt(3, rows);
                            prepared.setString(4, "p" + id);
                            prepared.addBatch();
                        }
                        prepared.executeBatch();
                    }
                    line("A " + first + " " + rows);
                    ACKNOWLEDGED.incrementAndGet();
                } catch (SQLException e) {
                    prepared.clearBatch();
                    line("E " + first + " " + rows + " " + oneLine(e.getMessage()));
                }
            }
        } catch (SQLException | RuntimeException e) {
            line("FATAL " + oneLine(String.valueOf(e)));
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }

    /** One line, one write(2): lines from different threads never interleave in the pipe. */
    static void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                // The harness closed the pipe: it is gone, and so are we.
                Runtime.getRuntime().halt(5);
            }
        }
    }
}

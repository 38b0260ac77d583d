package io.sluice.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;

/**
 * A process that commits one transaction through Sluice with {@code wait_for_async_insert = 0}: three rows into
 * {@code tx_a} (inline VALUES) and two into {@code tx_b} (a prepared batch), ids from {@code <first id>}. It says
 * {@code COMMITTED} once COMMIT returned, and waits to be killed. In mode {@code blocked} it holds the SQLite
 * file's write lock on a plain connection first, so the group cannot have been written when it is killed; in mode
 * {@code written} it also waits until the group's rows are in the file and says {@code WRITTEN}.
 *
 * <p>Arguments: {@code <sluice url> <sqlite file> <mode> <first id>}.
 */
public final class TransactionCrashChild {
    private TransactionCrashChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String file = args[1];
        String mode = args[2];
        long first = Long.parseLong(args[3]);
        Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
        Connection sluice = DriverManager.getConnection(url);
        if (mode.equals("blocked")) {
            try (Statement lock = plain.createStatement()) {
                lock.execute("BEGIN IMMEDIATE");
            }
        }
        sluice.setAutoCommit(false);
        try (Statement statement = sluice.createStatement()) {
            statement.executeUpdate("INSERT INTO tx_a (id, payload) VALUES (" + first + ", 'a" + first + "'), (" + (first + 1) + ", 'a" + (first + 1)
                    + "'), (" + (first + 2) + ", 'a" + (first + 2) + "')");
        }
        try (PreparedStatement statement = sluice.prepareStatement("INSERT INTO tx_b (id, payload) VALUES (?, ?)")) {
            for (long id = first; id < first + 2; id++) {
                statement.setLong(1, id);
                statement.setString(2, "b" + id);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        sluice.commit();
        CrashChild.line("COMMITTED");
        if (mode.equals("written")) {
            while (true) {
                try (Statement statement = plain.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM tx_b WHERE id >= " + first)) {
                    rows.next();
                    if (rows.getLong(1) == 2) {
                        break;
                    }
                }
                // Pacing a check of the file; the kill moment only needs to fall after the write.
                LockSupport.parkNanos(2_000_000L);
            }
            CrashChild.line("WRITTEN");
        }
        while (true) {
            LockSupport.park();
        }
    }
}

package io.sluice.engine;

import io.sluice.engine.session.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Run by {@link OversizedInsertTest} in a child JVM with a small heap: builds one INSERT with megabytes
 * of VALUES data and runs it through a session on a real SQLite file, then prints what happened on one
 * line ({@code rows=…} or {@code error=…}) and the peak heap it took. Exits 0 unless something other than
 * an {@link SQLException} (an {@link OutOfMemoryError}, say) escaped.
 *
 * <p>Arguments: the database file, the number of rows, {@code good} or {@code bad} (the last row has a
 * value that is not an INTEGER), and settings for the connection URL (may be empty).
 */
public final class OversizedInsertChild {
    /** The text of each row: 25 characters with its separator, so 4 million rows make 100 MB. */
    static final String ROW = "(1, '" + "x".repeat(16) + "'), ";

    private OversizedInsertChild() {}

    public static void main(String[] args) throws Exception {
        String file = args[0];
        int rows = Integer.parseInt(args[1]);
        boolean bad = args[2].equals("bad");
        String settings = args.length > 3 ? args[3] : "";
        String head = "INSERT INTO t VALUES ";
        // repeat() allocates the text once, at its final size: the heap holds the statement, not copies of it.
        long started = System.nanoTime();
        String sql = head + ROW.repeat(rows - 1) + (bad ? "('oops', 'last')" : "(1, 'last')");
        try (Session session = Engines.connect("jdbc:sluice:sqlite:" + file + (settings.isEmpty() ? "" : "?" + settings), new Properties())) {
            long built = System.nanoTime();
            try (Result result = session.execute(sql, null, null)) {
                System.out.println("buildMillis=" + (built - started) / 1_000_000 + " insertMillis=" + (System.nanoTime() - built) / 1_000_000);
                System.out.println("rows=" + result.updateCount());
            } catch (SQLException e) {
                System.out.println("error=" + e.getErrorCode() + " " + e.getMessage());
            }
        } finally {
            Engines.closeAll();
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peakHeapBytes=" + peak + " maxHeapBytes=" + Runtime.getRuntime().maxMemory() + " sqlChars=" + sql.length());
    }
}

package io.sluice.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.locks.LockSupport;

/**
 * A process that inserts through Sluice from many threads, like {@link CrashChild}, and then exits normally
 * with {@code System.exit(0)} while its threads are still inserting: the JVM's shutdown hook must drain
 * Sluice's buffers within {@code async_insert_shutdown_timeout_ms}, and say what it could not write. Prints
 * acknowledgements as {@link CrashChild} does, then {@code EXITING} just before the exit.
 *
 * <p>Arguments: {@code <url> <table> <first id> <threads> <acknowledgements before the exit>}.
 */
public final class ShutdownChild {
    private ShutdownChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[1];
        long firstId = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        long exitAfter = Long.parseLong(args[4]);
        Connection[] connections = new Connection[threads];
        for (int t = 0; t < threads; t++) {
            connections[t] = DriverManager.getConnection(url);
        }
        for (int t = 0; t < threads; t++) {
            long base = firstId + t * CrashChild.STRIDE;
            Connection own = connections[t];
            Thread thread = new Thread(() -> CrashChild.insertForever(own, table, base), "shutdown-inserter-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        while (CrashChild.ACKNOWLEDGED.get() < exitAfter) {
            // Pacing a check of this process's own counter; the exit moment only needs to fall under load.
            LockSupport.parkNanos(1_000_000L);
        }
        CrashChild.line("EXITING");
        // The inserting threads keep going while the shutdown hook closes the engine.
        System.exit(0);
    }
}

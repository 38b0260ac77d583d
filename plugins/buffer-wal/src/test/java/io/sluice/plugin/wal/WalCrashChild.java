package io.sluice.plugin.wal;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link WalCrashTest} kills. Modes:
 *
 * <ul>
 *   <li>{@code append <dir> <round> <threads>}: opens the WAL, prints {@code RECOVERED <n>}, then appends
 *       from several threads until killed, printing {@code ACK <query id> <ledger id> END} for every append
 *       whose stage completed (that is, whose entry the WAL promised to be on disk);
 *   <li>{@code lock <dir>}: tries to open the WAL and prints {@code OPENED} or {@code REFUSED <message>}.
 * </ul>
 */
public final class WalCrashChild {
    private static final PrintStream OUT = System.out;

    private WalCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("lock")) {
            try (Buffer buffer = open(dir)) {
                print("OPENED " + buffer);
            } catch (SluiceSqlException e) {
                print("REFUSED " + e.getMessage());
            }
            return;
        }
        String round = args[2];
        int threads = Integer.parseInt(args[3]);
        Buffer buffer = open(dir);
        print("RECOVERED " + buffer.recover().size());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> appendForever(buffer, round, thread));
            appender.start();
        }
    }

    /** The data of an entry, derived from its query id so that the parent can check it byte for byte. */
    static String values(String queryId) {
        int size = Math.abs(queryId.hashCode() % 1500) + 1;
        StringBuilder text = new StringBuilder("('").append(queryId).append("', '");
        while (text.length() < size) {
            text.append(queryId);
        }
        return text.append("')").toString();
    }

    private static void appendForever(Buffer buffer, String round, int thread) {
        try {
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (int i = 0; ; i++) {
                String queryId = "r" + round + "-t" + thread + "-" + i;
                BufferEntry entry = WalTesting.entry("key-" + (i % 3), queryId, values(queryId));
                CompletableFuture<Void> ack = buffer.append(entry).toCompletableFuture();
                ack.thenRun(() -> print("ACK " + queryId + " " + buffer.ledgerId(entry) + " END"));
                last = ack;
                if (i % 64 == 63) {
                    // Keep a bounded number in flight, like clients waiting for their acknowledgement.
                    last.join();
                }
            }
        } catch (Throwable e) {
            print("ERROR " + e);
        }
    }

    private static Buffer open(Path dir) throws Exception {
        return new WalBufferPlugin.WalBufferFactory().create(WalTesting.config(dir, WalSettings.SEGMENT_BYTES, "65536"),
                new PluginContext(new ManualClock(), "sqlite:crash.db", new Properties()));
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}

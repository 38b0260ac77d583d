package io.sluice.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A live progress line: every 200 ms it rewrites one line (carriage return) with the rows so far and the
 * rate since {@link #start}. {@link #close()} stops it and blanks the line; calling it again does nothing.
 */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;

    private final PrintStream out;
    private final String label;
    private final LongSupplier rows;
    private final ScheduledExecutorService timer;
    private long startNanos;
    private int lastWidth;
    private boolean closed;

    private Progress(PrintStream out, String label, LongSupplier rows) {
        this.out = out;
        this.label = label;
        this.rows = rows;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-bench-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts showing progress now; the rate counts from this moment. */
    static Progress start(PrintStream out, String label, LongSupplier rows) {
        Progress progress = new Progress(out, label, rows);
        progress.startNanos = System.nanoTime();
        progress.timer.scheduleAtFixedRate(progress::show, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return progress;
    }

    private synchronized void show() {
        if (closed) {
            return;
        }
        long count = rows.getAsLong();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String line = String.format("  %-34s %,10d rows  %,10.0f rows/s  %5.1f s", label, count,
                seconds > 0 ? count / seconds : 0.0, seconds);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        if (lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
    }
}
